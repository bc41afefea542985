import fs from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../core/config.js';
import { memoryPaths } from '../core/paths.js';
import { changedFiles, type ChangedFiles } from '../git/changed-files.js';
import { readStaleIds } from '../git/stale-cache.js';
import { buildSessionContext, linkedNoteIds } from '../retrieve/session-context.js';
import { ensureFresh } from '../index/freshness.js';
import { notesAboutFiles } from '../index/file-notes.js';
import type { HookHandler } from '../surfaces/hooks/run.js';
import { readSessionState, writeSessionState } from '../capture/session-state.js';

/** Whether the project's `.mcp.json` names our server, so the context can point at its tools. */
function mcpRegistered(root: string): boolean {
  try {
    const config = JSON.parse(fs.readFileSync(path.join(root, '.mcp.json'), 'utf8')) as { mcpServers?: Record<string, unknown> };
    return Boolean(config?.mcpServers && typeof config.mcpServers === 'object' && 'claude-memory' in config.mcpServers);
  } catch {
    return false;
  }
}

function readText(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

/**
 * What a session is given at start (the hook) and what `claude-memory context` prints: the same text. git lists
 * the changed files in its own process while this one brings the index up to date and reads it.
 */
export async function sessionStartContext(root: string, changing: Promise<ChangedFiles> = changedFiles(root)): Promise<{ text: string; ids: string[] }> {
  await ensureFresh(root);
  const p = memoryPaths(root);
  const { config } = loadConfig(p.configFile);
  const layer0 = readText(p.indexFile);
  const staleIds = readStaleIds(root);
  const mcp = mcpRegistered(root);
  const changed = await changing;
  const text = buildSessionContext({
    layer0,
    base: changed.base,
    changedFileCount: changed.files.length,
    changedNotes: notesAboutFiles(root, changed.files),
    staleIds,
    budgetTokens: config.contextBudgetTokens,
    mcp,
  });
  return { text, ids: linkedNoteIds(text) };
}

/** Work a failed compression queued (no network, rate limit) is retried by the next session, in the background. */
async function retryPendingCompressions(root: string): Promise<void> {
  let pending: string[];
  try {
    pending = fs.readdirSync(memoryPaths(root).pendingDir).filter((name) => !name.startsWith('.'));
  } catch {
    return;
  }
  if (!pending.length) return;
  const { entryPoint } = await import('../bin/paths.js');
  const { startDetached } = await import('../core/detached.js');
  const { logEvent } = await import('../core/log.js');
  startDetached(entryPoint('compressWorker'), ['--pending'], root);
  logEvent(root, 'info', 'retrying queued compressions in the background', { queued: pending.length });
}

export const onSessionStart: HookHandler = async ({ root, sessionId, payload, changedFiles: changing }) => {
  const { text, ids } = await sessionStartContext(root, changing);
  if (sessionId) {
    // A resumed session still has what it was given; any other start begins a new context window.
    const before = payload.source === 'resume' ? readSessionState(root, sessionId) : { sessionId, given: [] };
    writeSessionState(root, { ...before, given: [...new Set([...before.given, ...ids])] });
  }
  await retryPendingCompressions(root);
  return text || undefined;
};
