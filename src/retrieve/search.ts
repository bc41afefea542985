import type { SearchHit } from '../core/types.js';
import { cacheLayout } from '../cache/layout.js';
import { ensureFresh } from '../index/ensure-fresh.js';
import { searchIndex, type SearchRequest } from '../index/search-score.js';
import { CorruptIndexError } from '../index/segment-codec.js';
import { invalidateIndex } from '../index/search-state.js';
import type { IndexHit } from '../index/search-types.js';

export interface SearchOptions {
  limit?: number;
  /** Include superseded and archived notes. */
  all?: boolean;
  type?: string;
  topic?: string;
  /** Skip the freshness check (the caller just did one). */
  fresh?: boolean;
}

export function toHit(result: IndexHit): SearchHit {
  return {
    id: String(result.id),
    title: result.title ?? String(result.id),
    type: result.type ?? 'fact',
    path: result.path ?? '',
    score: Math.round(result.score * 1000) / 1000,
    topic: result.topic,
    status: result.status,
    updated: result.updated,
  };
}

/**
 * Search the index, and when it turns out damaged, drop it, rebuild it and search once more: the index is derived,
 * so damage costs a rebuild, never an error.
 */
export async function searchWithRepair(root: string, query: string, request: SearchRequest): Promise<IndexHit[]> {
  const dir = cacheLayout(root).search;
  try {
    return searchIndex(dir, query, request) ?? [];
  } catch (err) {
    if (!(err instanceof CorruptIndexError)) throw err;
    invalidateIndex(dir);
    await ensureFresh(root, { mode: 'quick', lockTimeoutMs: 2_000 });
    return searchIndex(dir, query, request) ?? [];
  }
}

/** Full-text search over the notes, best first; superseded and archived notes only with `all`. */
export async function searchNotes(root: string, query: string, options: SearchOptions = {}): Promise<SearchHit[]> {
  if (!options.fresh) await ensureFresh(root, { mode: 'quick', lockTimeoutMs: 2_000 });
  const results = await searchWithRepair(root, query, {
    limit: Math.max(1, options.limit ?? 10),
    filter: (result) =>
      (options.all || result.status === 'active') &&
      (!options.type || result.type === options.type) &&
      (!options.topic || result.topic === options.topic),
  });
  return results.map(toHit);
}
