import fs from 'node:fs';
import { readCacheFile } from '../../cache/read.js';
import type { CacheValue } from '../../cache/schemas.js';
import { writeFileAtomic } from '../../store/atomic.js';
import { dequantize, dot, quantize } from './vectors.js';

/**
 * Note vectors cached under `.cache/embeddings/<model>.json` (cache/layout.ts vectorCacheFile), keyed by the content
 * key of the embedded text (note-text.ts), never committed: they are rebuilt from the notes whenever they are missing.
 *
 * One JSON file of base64 int8 vectors: at 10,000 notes and 512 dimensions about 7 MB, parsed in tens of
 * milliseconds by the processes that use it (MCP server, search command, background embedder), never by a hook.
 * The folder is writable by anything on the machine, so nothing in the file is trusted beyond what is checked: its
 * schema, the model and size, each key's characters, each vector's length and that it is a unit vector (a vector
 * scaled up would outscore every note for every query).
 */

export const VECTOR_CACHE_FORMAT = 1;
/** Refuse to read a cache file beyond this: it is derived data, and a huge one is damage or an attack. */
const MAX_CACHE_BYTES = 256 * 1024 * 1024;

type CacheFile = CacheValue<'vectorCache'>;

/** Content keys are base64url digests (note-text.ts contentKey); anything else was not written by us. */
const KEY = /^[A-Za-z0-9_-]{1,64}$/;

/** A stored vector is a unit vector (int8 rounding moves its length by well under 1 %), or zero (an empty text). */
function plausible(vector: Float32Array): boolean {
  const length = dot(vector, vector);
  return length === 0 || Math.abs(length - 1) < 0.05;
}

export class VectorCache {
  private readonly entries = new Map<string, Buffer>();
  private changed = false;

  private constructor(
    readonly file: string,
    readonly model: string,
    readonly dimensions: number,
  ) {}

  /** Entries of the file that failed a check and were dropped (they are embedded again). */
  rejected = 0;

  /**
   * The cache in `file` for this model. A missing, unreadable, oversized, malformed, other-format or other-model file
   * gives an empty cache (it will be refilled); entries with a bad key, the wrong length or not a unit vector are
   * dropped, so their notes are embedded again. Dropped entries mark the cache changed: the next save removes them.
   */
  static load(file: string, model: string, dimensions: number): VectorCache {
    const cache = new VectorCache(file, model, dimensions);
    try {
      if (fs.statSync(file).size > MAX_CACHE_BYTES) return cache;
    } catch {
      return cache;
    }
    const parsed = readCacheFile(file, 'vectorCache');
    if (parsed?.format !== VECTOR_CACHE_FORMAT || parsed.model !== model || parsed.dimensions !== dimensions) return cache;
    for (const [key, encoded] of Object.entries(parsed.vectors)) {
      const bytes = KEY.test(key) ? Buffer.from(encoded, 'base64') : undefined;
      const vector = bytes && dequantize(bytes, dimensions);
      if (bytes && vector && plausible(vector)) cache.entries.set(key, bytes);
      else cache.rejected += 1;
    }
    cache.changed = cache.rejected > 0;
    return cache;
  }

  get size(): number {
    return this.entries.size;
  }

  has(key: string): boolean {
    return this.entries.has(key);
  }

  get(key: string): Float32Array | undefined {
    const bytes = this.entries.get(key);
    return bytes ? dequantize(bytes, this.dimensions) : undefined;
  }

  set(key: string, vector: ArrayLike<number>): void {
    if (vector.length !== this.dimensions) throw new Error(`vector has ${vector.length} dimensions, the cache ${this.dimensions}`);
    this.entries.set(key, quantize(vector));
    this.changed = true;
  }

  /** Drops the vectors of texts no note has any more, so the file does not grow with every edit. */
  retainOnly(keys: Iterable<string>): void {
    const keep = new Set(keys);
    for (const key of [...this.entries.keys()]) {
      if (keep.has(key)) continue;
      this.entries.delete(key);
      this.changed = true;
    }
  }

  /** Writes the file if anything changed (atomically: a reader sees the old or the new file). */
  save(): boolean {
    if (!this.changed) return false;
    const body: CacheFile = {
      format: VECTOR_CACHE_FORMAT,
      model: this.model,
      dimensions: this.dimensions,
      vectors: Object.fromEntries([...this.entries].map(([key, bytes]) => [key, bytes.toString('base64')])),
    };
    writeFileAtomic(this.file, JSON.stringify(body), { durable: false });
    this.changed = false;
    return true;
  }
}
