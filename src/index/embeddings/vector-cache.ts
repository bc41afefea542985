import fs from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from '../../store/atomic.js';
import { dequantize, quantize, quantizedBytes } from './vectors.js';

/**
 * Note vectors cached under `.cache/embeddings/<model>.json`, keyed by the content key of the embedded text
 * (note-text.ts), never committed: they are rebuilt from the notes whenever they are missing.
 *
 * One JSON file of base64 int8 vectors: at 10,000 notes and 512 dimensions about 7 MB, parsed in tens of
 * milliseconds by the processes that use it (MCP server, search command, background embedder), never by a hook.
 */

export const VECTOR_CACHE_FORMAT = 1;
/** Refuse to read a cache file beyond this: it is derived data, and a huge one is damage or an attack. */
const MAX_CACHE_BYTES = 256 * 1024 * 1024;

interface CacheFile {
  format: number;
  model: string;
  dimensions: number;
  vectors: Record<string, string>;
}

export function vectorCachePath(cacheDir: string, modelId: string): string {
  return path.join(cacheDir, 'embeddings', `${modelId.replace(/[^A-Za-z0-9._-]/g, '_')}.json`);
}

export class VectorCache {
  private readonly entries = new Map<string, Buffer>();
  private changed = false;

  private constructor(
    readonly file: string,
    readonly model: string,
    readonly dimensions: number,
  ) {}

  /**
   * The cache in `file` for this model. A missing, unreadable, oversized, other-format or other-model file gives an
   * empty cache (it will be refilled); entries of the wrong length are skipped.
   */
  static load(file: string, model: string, dimensions: number): VectorCache {
    const cache = new VectorCache(file, model, dimensions);
    let parsed: Partial<CacheFile> | undefined;
    try {
      if (fs.statSync(file).size > MAX_CACHE_BYTES) return cache;
      parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<CacheFile>;
    } catch {
      return cache;
    }
    if (parsed?.format !== VECTOR_CACHE_FORMAT || parsed.model !== model || parsed.dimensions !== dimensions) return cache;
    if (typeof parsed.vectors !== 'object' || parsed.vectors === null) return cache;
    for (const [key, encoded] of Object.entries(parsed.vectors)) {
      if (typeof encoded !== 'string') continue;
      const bytes = Buffer.from(encoded, 'base64');
      if (bytes.length === quantizedBytes(dimensions)) cache.entries.set(key, bytes);
    }
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
