import fs from 'node:fs';
import { cacheLayout } from '../cache/layout.js';
import { readLastSessionStart, readSessionState, writeLastSessionStart, writeSessionState } from '../capture/session-state.js';
import { mcpToolsAvailable } from '../core/claude-config.js';
import { loadConfig } from '../core/config.js';
import { memoryPaths } from '../core/paths.js';
import { changedFiles, type ChangedFiles } from '../git/changed-files.js';
import { readStaleFlags } from '../git/stale-cache.js';
import { ensureFresh } from '../index/ensure-fresh.js';
import { notesAboutFiles } from '../index/file-notes.js';
import { memoFits, memoKey, readMemo, writeMemo } from '../retrieve/context-memo.js';
import type { SessionContext } from '../retrieve/session-context.js';

/**
 * Session start: what a session is given when it begins (the SessionStart hook), and what `claude-memory context`
 * and `openMemory().context()` return: the same text. Stages, in order:
 *
 *   1. fresh index: re-read notes that changed since the last refresh (index/freshness.ts; quick check, no lock wait);
 *      a refresh also records which notes arrived in this clone and rewrites the candidates (index/overview-files.ts);
 *   2. changed files: the files changed on this branch and uncommitted (git/changed-files.ts), asked of git in its
 *      own process while this one works; the hook starts it before this module loads;
 *   3. the notes about the changed files from the file-notes lookup (index/file-notes.ts), and when the last session
 *      started here (capture/session-state.ts), so the notes that arrived since are new; when nothing the last text
 *      was made from has changed, that text again (retrieve/context-memo.ts), and stages 4 and 5 are skipped;
 *   4. the candidates: per tier, the first notes in priority order, precomputed by the refresh (one small file, never
 *      the catalog), and the stale flags with their reasons (git/stale-cache.ts);
 *   5. the one selection, within `contextBudgetTokens`: tiers in priority order, unused shares rolling over, each
 *      note once, the largest topics always listed, fenced as data (retrieve/session-context.ts);
 *   6. remember what the session was given, so prompt recall never repeats it, and when it started; a resumed
 *      session keeps what it had, any other start begins a new context window;
 *   7. retry pending compressions (queued while the API was down) in a detached worker.
 */

export interface ContextOptions {
  /** Stage 2, when the caller started it early. */
  changedFiles?: Promise<ChangedFiles>;
  /** Run by the plugin's hook: the plugin's MCP server serves this project (or stood down for one that does). */
  plugin?: boolean;
}

/** Stages 1–5: the text, and the notes it shows. */
export async function sessionStartContext(root: string, options: ContextOptions = {}): Promise<SessionContext> {
  const changing = options.changedFiles ?? changedFiles(root);
  await ensureFresh(root);
  const budgetTokens = loadConfig(memoryPaths(root).configFile).config.contextBudgetTokens;
  const lastSessionAt = readLastSessionStart(root);
  const mcp = options.plugin === true || mcpToolsAvailable(root);
  const changed = await changing;
  const changedNotes = notesAboutFiles(root, changed.files);
  const key = memoKey(root, { budgetTokens, mcp, base: changed.base, changedNotes });
  const memo = readMemo(root);
  if (memoFits(memo, key, lastSessionAt)) return { text: memo.text, ids: memo.ids, newShown: memo.newShown, newTotal: memo.newTotal };
  // Loaded only now: most starts reuse the last text and never need them.
  const [{ readCandidates }, { buildSessionContext }] = await Promise.all([import('../index/overview-read.js'), import('../retrieve/session-context.js')]);
  const candidates = await readCandidates(root, budgetTokens);
  const context = buildSessionContext({ candidates, base: changed.base, changedNotes, stale: readStaleFlags(root), lastSessionAt, budgetTokens, mcp });
  if (candidates) writeMemo(root, { key, lastArrival: candidates.arrivalTimes[0] ?? 0, arrivalsSince: candidates.arrivalsSince, ...context });
  return context;
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

export interface SessionStart extends ContextOptions {
  /** File-name safe (surfaces/hooks/payload.ts safeSession); without one nothing is remembered. */
  sessionId?: string;
  /** Claude Code's `source`: startup, resume, clear or compact. */
  source?: string;
}

/** The whole flow, stages 1–7: the text to give the session ('' when there is no memory yet). */
export async function startSession(root: string, start: SessionStart = {}): Promise<string> {
  const { text, ids } = await sessionStartContext(root, start);
  if (start.sessionId) {
    const before = start.source === 'resume' ? readSessionState(root, start.sessionId) : { sessionId: start.sessionId, given: [] };
    writeSessionState(root, { ...before, given: [...new Set([...before.given, ...ids])] });
    // After the text is built: the notes it showed as new must not be new again next time.
    writeLastSessionStart(root, Date.now());
  }
  await retryPendingCompressions(root);
  return text;
}
