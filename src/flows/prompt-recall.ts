import { loadConfig } from '../core/config.js';
import { memoryPaths } from '../core/paths.js';
import { recallForPrompt } from '../retrieve/recall.js';
import { ensureFresh } from '../index/freshness.js';
import type { HookHandler } from '../surfaces/hooks/run.js';
import { readSessionState, writeSessionState } from '../capture/session-state.js';

/** UserPromptSubmit: a few pointers to notes that match the prompt well and the session does not have yet. */
export const onUserPrompt: HookHandler = async ({ root, sessionId, payload }) => {
  if (!payload.prompt) return undefined;
  await ensureFresh(root);
  const { config } = loadConfig(memoryPaths(root).configFile);
  const state = sessionId ? readSessionState(root, sessionId) : undefined;
  const { text, ids } = await recallForPrompt(root, payload.prompt, {
    given: new Set(state?.given ?? []),
    minScore: config.promptMinScore,
    maxPointers: config.promptMaxPointers,
    budgetTokens: config.promptBudgetTokens,
  });
  if (state && ids.length) writeSessionState(root, { ...state, given: [...state.given, ...ids] });
  return text || undefined;
};
