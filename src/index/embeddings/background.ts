import fs from 'node:fs';
import { entryPoint } from '../../bin/paths.js';
import { cacheLayout } from '../../cache/layout.js';
import { readCacheFile } from '../../cache/read.js';
import type { CacheValue } from '../../cache/schemas.js';
import { startDetached } from '../../core/detached.js';
import { memoryPaths } from '../../core/paths.js';
import { looksFresh } from '../freshness.js';
import { lockAgeMs, lockHeld } from '../../store/lock.js';
import { embeddingsMode } from './availability.js';
import { SENTENCE_MODEL } from './embedder.js';

/**
 * Starting the background embedding run (bin/embed-worker.ts → flows/embed-notes.ts) when there is work for it, at a
 * cost a hook can pay: a module resolution or three, the quick freshness check session start makes, a stat and one
 * small file, then a detached process that the caller never waits for. Called by the capture flow (Stop, PreCompact, SessionEnd), after a compression wrote notes,
 * after a refresh from git, and by a search that met notes without a vector.
 */

export type EmbedState = CacheValue<'embedState'>;

/** After a run that could not load the model, wait this long before trying again (a broken install stays broken). */
export const RETRY_AFTER_ERROR_MS = 60 * 60 * 1000;
/** A run stops starting new batches after this long and saves; the next trigger carries on. */
export const EMBED_RUN_MS = 20 * 60 * 1000;
/** A lock older than this is taken over even if its pid is alive (the pid was reused): a run never lasts that long. */
export const EMBED_LOCK_STALE_MS = 3 * EMBED_RUN_MS;

/** Time and size of the catalog: the notes the vectors should cover changed when this changes. */
export function catalogStamp(root: string): string | undefined {
  try {
    const stat = fs.statSync(cacheLayout(root).catalog);
    return `${stat.mtimeMs}:${stat.size}`;
  } catch {
    return undefined;
  }
}

export function readEmbedState(root: string): EmbedState | undefined {
  return readCacheFile(cacheLayout(root).embedState, 'embedState');
}

/** True while a live run holds the lock. */
export function embeddingRunning(root: string): boolean {
  const lock = cacheLayout(root).embedLock;
  if (!fs.existsSync(lock)) return false;
  return lockHeld(lock) && lockAgeMs(lock) < EMBED_LOCK_STALE_MS;
}

export interface EmbedDecisionInput {
  state?: EmbedState;
  catalog: string;
  model: string;
  now: number;
}

/** Pure: does the last run leave work to do? New or changed notes, a deadline reached, another model; not within an hour of a failed load. */
export function embeddingBehind({ state, catalog, model, now }: EmbedDecisionInput): boolean {
  if (!state) return true;
  if (state.error !== undefined) {
    const at = Date.parse(state.finishedAt);
    return Number.isNaN(at) || now - at >= RETRY_AFTER_ERROR_MS || now < at;
  }
  return state.model !== model || state.catalog !== catalog || state.embedded < state.notes;
}

export type EmbedStart = 'started' | 'up-to-date' | 'running' | 'off' | 'not-started';

/** Start the background run if the mode is hybrid, there is work, and no run holds the lock. Never throws. */
export function startEmbeddingIfBehind(root: string, now = Date.now()): EmbedStart {
  try {
    if (embeddingsMode() !== 'hybrid') return 'off';
    const state = readEmbedState(root);
    const behind = embeddingBehind({ state, catalog: catalogStamp(root) ?? 'none', model: SENTENCE_MODEL.id, now });
    // Notes written since the last refresh (a compression just ran) are not in the catalog yet: the run refreshes.
    // After a failed model load only the wait counts: a broken install stays broken whatever the notes do.
    if (!behind && (state?.error !== undefined || looksFresh(memoryPaths(root), 'quick'))) return 'up-to-date';
    if (embeddingRunning(root)) return 'running';
    return startDetached(entryPoint('embedWorker'), [], root) ? 'started' : 'not-started';
  } catch {
    return 'not-started';
  }
}
