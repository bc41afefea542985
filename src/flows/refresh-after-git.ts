import fs from 'node:fs';
import { entryPoint } from '../bin/paths.js';
import { startDetached } from '../core/detached.js';
import { checkMemoryTree, ensureCacheIgnored } from '../cache/guard.js';
import { logConfigNotices, logEvent } from '../cache/log.js';
import { loadConfig } from '../core/config.js';
import { memoryPaths } from '../core/paths.js';
import { findRepoRoot } from '../git/root.js';
import { cacheLayout } from '../cache/layout.js';
import { notesNeedingCommits, readArrivals, withCommits, writeArrivals, type NoteCommit } from '../index/arrivals.js';
import { rewriteSessionOverview } from '../index/overview-files.js';
import { readCatalog, refresh, type RefreshResult } from '../index/refresh.js';
import { startEmbeddingIfBehind } from '../index/embeddings/background.js';
import { withLock } from '../store/lock.js';

/**
 * What happens after a `git pull`, a checkout or a rebase: git's post-merge, post-checkout and post-rewrite hooks run
 * bin/git-hook.ts, which calls `refreshAfterGit`. Stages, in order:
 *
 *   1. find the repository; one without `.claude-memory/` has not opted in, so nothing happens;
 *   2. bring the derived files up to date now (incremental: only the notes git changed are read again), waiting up
 *      to 5 s for a refresh another process is running;
 *   3. in a detached process (`git-hook --stale-only`), so the git command returns at once: recompute which notes
 *      the code changes made stale, and ask git who last committed the notes that arrived (and when, for notes with a
 *      bare date), for session start's "new since your last session" and its ordering; `CLAUDE_MEMORY_GIT_HOOK_SYNC=1`
 *      (tests, CI) waits for it instead;
 *   4. notes the pull brought have no vector for search by meaning yet: leave the background embedding run going
 *      (index/embeddings/background.ts), never waited for.
 *
 * Never fails: a git operation must not fail because of the memory. Problems go to `.claude-memory/.cache/log.jsonl`.
 */
export async function refreshAfterGit(hook: string | undefined, cwd = process.cwd()): Promise<void> {
  const root = findRepoRoot(cwd);
  if (!root || !fs.existsSync(memoryPaths(root).memoryDir)) return;
  try {
    checkMemoryTree(root);
    ensureCacheIgnored(root);
    // A pull is when a teammate's config.json arrives: say here what of it is ignored or clamped.
    logConfigNotices(root, loadConfig(memoryPaths(root).configFile));
    refresh(root, { lockTimeoutMs: 5_000 });
    if (process.env.CLAUDE_MEMORY_GIT_HOOK_SYNC === '1') await updateStaleCache(root);
    else startDetached(entryPoint('gitHook'), ['--stale-only'], root);
    startEmbeddingIfBehind(root);
  } catch (err) {
    logEvent(root, 'warn', `refresh after git ${hook ?? 'command'} failed: ${(err as Error).message}`);
  }
}

/** Stage 3 on its own: the detached process runs this. Never fails. */
export async function updateStaleCache(root: string): Promise<void> {
  try {
    checkMemoryTree(root);
    const { updateStale } = await import('../git/stale.js');
    // The catalog the refresh just wrote has what the check needs of every note: no note is read again.
    await updateStale(root, { subjects: readCatalog(root) });
    // A pull can bring files into .cache/ or the generated index: they are not acted on, and the log says so.
    const { trackedGeneratedFiles } = await import('../git/tracked.js');
    const tracked = await trackedGeneratedFiles(root);
    if (tracked.length)
      logEvent(root, 'warn', `git tracks ${tracked.length} generated or local memory files; they are ignored (claude-memory lint lists them)`, {
        first: tracked[0],
      });
  } catch (err) {
    logEvent(root, 'warn', `stale notes not recomputed: ${(err as Error).message}`);
  }
  try {
    await learnNoteCommits(root);
  } catch (err) {
    logEvent(root, 'warn', `authors of new notes not recorded: ${(err as Error).message}`);
  }
}

/**
 * Who last committed the notes that arrived without an author, and when the notes with a bare date were committed:
 * one git walk, then the arrivals and the session-start candidates are rewritten under the refresh lock.
 */
async function learnNoteCommits(root: string): Promise<void> {
  const arrivals = readArrivals(root);
  const catalog = readCatalog(root);
  if (!arrivals || !catalog.length) return;
  const wanted = notesNeedingCommits(arrivals, catalog);
  if (!wanted.length) return;
  const { lastCommits } = await import('../git/provenance.js');
  const commits = await lastCommits(
    root,
    wanted.map((entry) => entry.path),
  );
  const byId = new Map<string, NoteCommit>();
  for (const entry of wanted) {
    const commit = commits.get(entry.path);
    if (commit) byId.set(entry.id, { author: commit.author, date: commit.date });
  }
  if (!byId.size) return;
  withLock(
    cacheLayout(root).refreshLock,
    () => {
      const current = readArrivals(root);
      if (!current) return;
      writeArrivals(root, withCommits(current, byId));
      rewriteSessionOverview(root);
    },
    { timeoutMs: 5_000, staleMs: 60_000 },
  );
}

/** `claude-memory refresh`: stages 2 and 3 in the foreground, for a user who asks. */
export async function refreshNow(root: string): Promise<RefreshResult> {
  const result = refresh(root);
  await updateStaleCache(root);
  startEmbeddingIfBehind(root);
  return result;
}
