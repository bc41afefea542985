/**
 * Embed notes (bin/embed-worker.ts, left running detached by index/embeddings/background.ts; `claude-memory embed` in
 * the foreground): give every note of the catalog a vector of the sentence model, so search can rank by meaning.
 * About 80–100 ms a note on one core: 10,000 notes take minutes once, then only new and changed notes are embedded.
 * No hook ever waits for this; until a note has its vector, search scores it lexically. Stages, in order:
 *
 *   1. nothing to do unless the sentence model is on and installed (index/embeddings/availability.ts);
 *   2. take `.cache/embed.lock` without waiting: a second run exits at once;
 *   3. bring the catalog up to date (index/refresh.ts) and note which catalog this run covers;
 *   4. load the model; when it will not load, say so in the state file, which makes triggers wait an hour;
 *   5. forget vectors no note has any more; read only the notes whose key has no vector (inside the notes folder,
 *      bounded in size), embed them a batch at a time, saving as it goes, until done or the deadline;
 *   6. the catalog changed meanwhile (a compression wrote notes) and time is left: again from stage 3;
 *   7. record what was covered (`.cache/embeddings/state.json`), release the lock.
 */
import fs from 'node:fs';
import path from 'node:path';
import { cacheLayout, vectorCacheFile } from '../cache/layout.js';
import { logEvent } from '../cache/log.js';
import { isInside, memoryPaths } from '../core/paths.js';
import { writeDerivedFile } from '../store/atomic.js';
import { lockAgeMs, lockHeld, releaseLock, tryTakeLock } from '../store/lock.js';
import { readNoteFile } from '../store/read.js';
import type { CatalogEntry } from '../index/catalog.js';
import { readCatalog, refresh } from '../index/refresh.js';
import { embeddingsMode, lexicalReason } from '../index/embeddings/availability.js';
import { EMBED_LOCK_STALE_MS, catalogStamp, type EmbedState } from '../index/embeddings/background.js';
import { SENTENCE_MODEL, loadSentenceEmbedder, type ModuleLoader, type SentenceEmbedder } from '../index/embeddings/embedder.js';
import { fillVectorCache, type EmbedJob } from '../index/embeddings/fill.js';
import { contentKey, embeddingText } from '../index/embeddings/note-text.js';
import { VectorCache } from '../index/embeddings/vector-cache.js';

export interface EmbedOptions {
  /** Stop starting new batches at this time (ms since the epoch); none in the foreground. */
  deadline?: number;
  onProgress?: (done: number, total: number) => void;
  now?: () => number;
  /** How the model packages are loaded (tests give a broken one). */
  load?: ModuleLoader;
}

export interface EmbedRunResult {
  status: 'done' | 'deadline' | 'busy' | 'off' | 'unavailable';
  /** Notes embedded by this run. */
  embedded: number;
  /** Notes in the catalog, and how many have a vector now. */
  notes: number;
  withVectors: number;
  reason?: string;
}

/** Passes over a catalog that keeps changing under the run; past this the next trigger carries on. */
const MAX_PASSES = 3;

/** Stage 2: the lock, or false when a live run holds it. A lock left by a dead run is taken over. */
function takeEmbedLock(lock: string): boolean {
  fs.mkdirSync(path.dirname(lock), { recursive: true });
  if (tryTakeLock(lock)) return true;
  if (lockHeld(lock) && lockAgeMs(lock) < EMBED_LOCK_STALE_MS) return false;
  fs.rmSync(lock, { force: true });
  return tryTakeLock(lock);
}

function releaseEmbedLock(lock: string): void {
  releaseLock(lock);
}

/**
 * Stage 5's reading: the text of the notes whose vector is missing. The path comes from the catalog, a file anyone
 * on the machine can write, so it must resolve inside the notes folder; the note is read with the store's bounds.
 */
function jobsFor(root: string, entries: readonly CatalogEntry[], cache: VectorCache): { jobs: EmbedJob[]; unreadable: number } {
  const out = { jobs: [] as EmbedJob[], unreadable: 0 };
  let notesDir: string;
  try {
    notesDir = fs.realpathSync(memoryPaths(root).notesDir);
  } catch {
    return out;
  }
  for (const entry of entries) {
    if (entry.embeddingKey && cache.has(entry.embeddingKey)) continue;
    const absolute = path.resolve(root, entry.path);
    let inside = false;
    try {
      inside = isInside(notesDir, fs.realpathSync(absolute));
    } catch {
      // vanished since the refresh
    }
    const note = inside ? readNoteFile({ absolute, path: entry.path }).note : undefined;
    if (!note) {
      out.unreadable += 1;
      continue;
    }
    const text = embeddingText(note);
    out.jobs.push({ key: contentKey(text), text });
  }
  return out;
}

function writeState(root: string, state: EmbedState): void {
  writeDerivedFile(cacheLayout(root).embedState, JSON.stringify(state));
}

const covered = (entries: readonly CatalogEntry[], cache: VectorCache) => entries.filter((entry) => entry.embeddingKey && cache.has(entry.embeddingKey)).length;

/** The whole flow. Never throws for a missing or broken model: that is a result. */
export async function embedNotes(root: string, options: EmbedOptions = {}): Promise<EmbedRunResult> {
  const now = options.now ?? Date.now;
  const mode = embeddingsMode();
  if (mode !== 'hybrid') return { status: 'off', embedded: 0, notes: 0, withVectors: 0, reason: lexicalReason(mode) };
  const lock = cacheLayout(root).embedLock;
  if (!takeEmbedLock(lock)) return { status: 'busy', embedded: 0, notes: 0, withVectors: 0 };
  try {
    let embedder: SentenceEmbedder | undefined;
    let failure: string | undefined;
    let result: EmbedRunResult = { status: 'done', embedded: 0, notes: 0, withVectors: 0 };
    for (let pass = 0; pass < MAX_PASSES; pass++) {
      refresh(root, { lockTimeoutMs: 10_000 });
      const stamp = catalogStamp(root) ?? 'none';
      const entries = readCatalog(root);
      const cache = VectorCache.load(vectorCacheFile(root, SENTENCE_MODEL.id), SENTENCE_MODEL.id, SENTENCE_MODEL.dimensions);
      if (cache.rejected) logEvent(root, 'warn', 'embedding: damaged vectors in the cache were dropped and are embedded again', { dropped: cache.rejected });
      cache.retainOnly(entries.flatMap((entry) => (entry.embeddingKey ? [entry.embeddingKey] : [])));
      const { jobs, unreadable } = jobsFor(root, entries, cache);
      // The model (half a second, 200 MB) loads only when there is something to embed.
      if (jobs.length) embedder ??= await loadSentenceEmbedder({ load: options.load, onUnavailable: (reason) => (failure = reason) });
      if (jobs.length && !embedder) {
        const reason = failure ?? 'the sentence model did not load';
        writeState(root, {
          model: SENTENCE_MODEL.id,
          catalog: stamp,
          notes: entries.length,
          embedded: 0,
          finishedAt: new Date(now()).toISOString(),
          error: reason,
        });
        logEvent(root, 'warn', 'embedding: the sentence model did not load; search stays lexical', { reason });
        return { status: 'unavailable', embedded: 0, notes: entries.length, withVectors: covered(entries, cache), reason };
      }
      const filled = embedder
        ? await fillVectorCache(jobs, embedder, cache, { deadline: options.deadline, now, onProgress: options.onProgress })
        : { embedded: 0, remaining: 0 };
      cache.save();
      const withVectors = covered(entries, cache);
      // A note that cannot be read is not work left: counting it would start a run at every trigger.
      writeState(root, {
        model: SENTENCE_MODEL.id,
        catalog: stamp,
        notes: entries.length - unreadable,
        embedded: withVectors,
        finishedAt: new Date(now()).toISOString(),
      });
      result = { status: filled.remaining ? 'deadline' : 'done', embedded: result.embedded + filled.embedded, notes: entries.length, withVectors };
      if (filled.remaining || catalogStamp(root) === stamp || (options.deadline !== undefined && now() >= options.deadline)) break;
    }
    if (result.embedded)
      logEvent(root, 'info', `embedding: ${result.embedded} notes embedded, ${result.withVectors} of ${result.notes} have a vector`, { status: result.status });
    return result;
  } finally {
    releaseEmbedLock(lock);
  }
}
