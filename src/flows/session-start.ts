import fs from 'node:fs';
import path from 'node:path';
import { cacheLayout } from '../cache/layout.js';
import { readSessionState, writeSessionState } from '../capture/session-state.js';
import { loadConfig } from '../core/config.js';
import { memoryPaths } from '../core/paths.js';
import { changedFiles, type ChangedFiles } from '../git/changed-files.js';
import { readStaleIds } from '../git/stale-cache.js';
import { ensureFresh } from '../index/ensure-fresh.js';
import { notesAboutFiles } from '../index/file-notes.js';
import { buildSessionContext, linkedNoteIds } from '../retrieve/session-context.js';

/**
 * Session start: what a session is given when it begins (the SessionStart hook), and what `claude-memory context`
 * and `openMemory().context()` return: the same text. Stages, in order:
 *
 *   1. fresh index: re-read notes that changed since the last refresh (index/freshness.ts; quick check, no lock wait);
 *   2. changed files: the files changed on this branch and uncommitted (git/changed-files.ts), asked of git in its
 *      own process while this one works; the hook starts it before this module loads;
 *   3. notes about those files, from the file-notes lookup (index/file-notes.ts);
 *   4. stale ids: notes the last stale computation flagged (git/stale-cache.ts), marked in the text;
 *   5. build the context: the changed-file notes first, then layer 0 (INDEX.md, whose tiers index/layered.ts chose
 *      when it was generated), cut to `contextBudgetTokens` and fenced as data (retrieve/session-context.ts);
 *   6. remember what the session was given, so prompt recall never repeats it (capture/session-state.ts); a resumed
 *      session keeps what it had, any other start begins a new context window;
 *   7. retry pending compressions (queued while the API was down) in a detached worker.
 */

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

/** Stages 1–5: the text, and the ids of the notes it links. */
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

/** Stage 7: work a failed compression queued (no network, rate limit) is retried by the next session. */
async function retryPendingCompressions(root: string): Promise<void> {
  let pending: string[];
  try {
    pending = fs.readdirSync(cacheLayout(root).pending).filter((name) => !name.startsWith('.'));
  } catch {
    return;
  }
  if (!pending.length) return;
  const { entryPoint } = await import('../bin/paths.js');
  const { startDetached } = await import('../core/detached.js');
  const { logEvent } = await import('../cache/log.js');
  startDetached(entryPoint('compressWorker'), ['--pending'], root);
  logEvent(root, 'info', 'retrying queued compressions in the background', { queued: pending.length });
}

export interface SessionStart {
  /** File-name safe (surfaces/hooks/payload.ts safeSession); without one nothing is remembered. */
  sessionId?: string;
  /** Claude Code's `source`: startup, resume, clear or compact. */
  source?: string;
  /** Stage 2, when the caller started it early. */
  changedFiles?: Promise<ChangedFiles>;
}

/** The whole flow, stages 1–7: the text to give the session ('' when there is no memory yet). */
export async function startSession(root: string, start: SessionStart = {}): Promise<string> {
  const { text, ids } = await sessionStartContext(root, start.changedFiles);
  if (start.sessionId) {
    const before = start.source === 'resume' ? readSessionState(root, start.sessionId) : { sessionId: start.sessionId, given: [] };
    writeSessionState(root, { ...before, given: [...new Set([...before.given, ...ids])] });
  }
  await retryPendingCompressions(root);
  return text;
}
