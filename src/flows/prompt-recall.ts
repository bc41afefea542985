import { readSessionState, writeSessionState } from '../capture/session-state.js';
import { loadConfig } from '../core/config.js';
import { memoryPaths } from '../core/paths.js';
import { ensureFresh } from '../index/ensure-fresh.js';
import { recallForPrompt } from '../retrieve/recall.js';

/**
 * Prompt recall (the UserPromptSubmit hook): a few pointers to notes that match the prompt well and that the session
 * was not given yet. Stages, in order:
 *
 *   1. fresh index (quick check, as at session start);
 *   2. what the session was already given (capture/session-state.ts);
 *   3. search the prompt and pick the pointers: whole words, at least `promptMinScore`, two words matched, within half
 *      the best score, at most `promptMaxPointers`, within `promptBudgetTokens` (retrieve/recall.ts);
 *   4. remember the notes pointed at, so a later prompt does not repeat them.
 */
export async function recallForSession(root: string, prompt: string, sessionId?: string): Promise<string> {
  await ensureFresh(root);
  const { config } = loadConfig(memoryPaths(root).configFile);
  const state = sessionId ? readSessionState(root, sessionId) : undefined;
  const { text, ids } = await recallForPrompt(root, prompt, {
    given: new Set(state?.given ?? []),
    minScore: config.promptMinScore,
    maxPointers: config.promptMaxPointers,
    budgetTokens: config.promptBudgetTokens,
  });
  if (state && ids.length) writeSessionState(root, { ...state, given: [...state.given, ...ids] });
  return text;
}
