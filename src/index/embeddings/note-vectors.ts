import fs from 'node:fs';
import { vectorCacheFile } from '../../cache/layout.js';
import type { CatalogEntry } from '../catalog.js';
import { VectorCache } from './vector-cache.js';

/**
 * The vectors of the catalog's notes as search reads them: from the model's cache file, found by each entry's
 * `embeddingKey`. The file is read again only when its time or size changed, so the long-lived MCP server parses it
 * once per background run, not once per search.
 */

interface Loaded {
  stamp: string;
  cache: VectorCache;
  /** Dequantized on first use: a search over 10,000 notes would otherwise unpack 5 million numbers each time. */
  vectors: Map<string, Float32Array>;
}

const loaded = new Map<string, Loaded>();

function fileStamp(file: string): string {
  try {
    const stat = fs.statSync(file);
    return `${stat.mtimeMs}:${stat.size}`;
  } catch {
    return 'none';
  }
}

/** The cache of one model for this repository, as on disk now. */
export function currentVectorCache(root: string, model: { id: string; dimensions: number }): Loaded {
  const file = vectorCacheFile(root, model.id);
  const stamp = fileStamp(file);
  const known = loaded.get(file);
  if (known && known.stamp === stamp && known.cache.model === model.id) return known;
  const fresh = { stamp, cache: VectorCache.load(file, model.id, model.dimensions), vectors: new Map<string, Float32Array>() };
  loaded.set(file, fresh);
  return fresh;
}

export interface NoteVectors {
  /** Note id and vector, for the entries that have one. */
  vectors: Array<[string, Float32Array]>;
  /** Entries without a vector yet (new or changed since the last background run): searched lexically. */
  missing: number;
}

/** Vectors of `entries` (already filtered as the search filters), by note id. */
export function vectorsOf(root: string, model: { id: string; dimensions: number }, entries: readonly CatalogEntry[]): NoteVectors {
  const current = currentVectorCache(root, model);
  const out: NoteVectors = { vectors: [], missing: 0 };
  for (const entry of entries) {
    const key = entry.embeddingKey;
    let vector = key ? current.vectors.get(key) : undefined;
    if (key && !vector) {
      vector = current.cache.get(key);
      if (vector) current.vectors.set(key, vector);
    }
    if (vector) out.vectors.push([entry.id, vector]);
    else out.missing += 1;
  }
  return out;
}

/** How many of `entries` have a vector in the cache (for `stats`). */
export function countEmbedded(root: string, model: { id: string; dimensions: number }, entries: readonly CatalogEntry[]): number {
  const { cache } = currentVectorCache(root, model);
  return entries.filter((entry) => entry.embeddingKey && cache.has(entry.embeddingKey)).length;
}
