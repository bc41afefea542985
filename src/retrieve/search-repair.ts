import { cacheLayout } from '../cache/layout.js';
import { ensureFresh } from '../index/ensure-fresh.js';
import { searchIndex, type SearchRequest } from '../index/search-score.js';
import { invalidateIndex } from '../index/search-state.js';
import type { IndexHit } from '../index/search-types.js';
import { CorruptIndexError } from '../index/segment-codec.js';

/**
 * Search the index, and when it turns out damaged, drop it, rebuild it and search once more: the index is derived,
 * so damage costs a rebuild, never an error. Kept apart from search.ts so the prompt hook loads only this, not the
 * sentence-model code a full search may use.
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
