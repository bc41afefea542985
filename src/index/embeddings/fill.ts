import type { SentenceEmbedder } from './embedder.js';
import type { VectorCache } from './vector-cache.js';

/**
 * Embeds the texts the cache does not have yet, a batch at a time, until done or until the deadline; saves as it
 * goes so an interrupted run keeps its work. Meant for a background process (about 80 ms per note on one core of the
 * CI machine: 10,000 notes take minutes, which no hook may wait for); search meanwhile scores the notes without a
 * vector lexically (fusion.ts).
 */
export interface EmbedJob {
  key: string;
  text: string;
}

export interface FillOptions {
  /** Texts per model call. */
  batch?: number;
  /** Stop starting new batches after this time (ms since the epoch). */
  deadline?: number;
  /** Save the cache after this many batches (and always at the end). */
  saveEvery?: number;
  now?: () => number;
  /** After each batch: texts embedded so far, and how many this run set out to embed. */
  onProgress?: (done: number, total: number) => void;
}

export interface FillResult {
  embedded: number;
  /** Jobs still without a vector (deadline reached). */
  remaining: number;
}

export async function fillVectorCache(
  jobs: readonly EmbedJob[],
  embedder: SentenceEmbedder,
  cache: VectorCache,
  options: FillOptions = {},
): Promise<FillResult> {
  const batch = Math.max(1, options.batch ?? 16);
  const saveEvery = Math.max(1, options.saveEvery ?? 8);
  const now = options.now ?? Date.now;
  const seen = new Set<string>();
  const todo = jobs.filter((job) => !cache.has(job.key) && !seen.has(job.key) && seen.add(job.key));
  let embedded = 0;
  let batches = 0;
  for (let i = 0; i < todo.length; i += batch) {
    if (options.deadline !== undefined && now() >= options.deadline) break;
    const slice = todo.slice(i, i + batch);
    const vectors = await embedder.embed(slice.map((job) => job.text));
    slice.forEach((job, k) => cache.set(job.key, vectors[k]!));
    embedded += slice.length;
    if (++batches % saveEvery === 0) cache.save();
    options.onProgress?.(embedded, todo.length);
  }
  cache.save();
  return { embedded, remaining: todo.length - embedded };
}
