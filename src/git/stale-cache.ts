import { CACHE_FORMAT, cacheLayout } from '../cache/layout.js';
import { readCacheFile } from '../cache/read.js';
import type { StaleCache } from '../cache/schemas.js';
import type { MemoryPaths } from '../core/paths.js';

/**
 * The last stale computation, as `claude-memory stale` and the git hooks leave it. Session start reads it on its
 * hot path, so this module is one file read: no git, no note parsing.
 */
export const STALE_CACHE_FORMAT = CACHE_FORMAT;
export type { StaleCache };

export const staleCacheFile = (p: MemoryPaths) => cacheLayout(p.root).stale;

export function readStaleCache(root: string): StaleCache | undefined {
  const cache = readCacheFile(cacheLayout(root).stale, 'staleCache');
  return cache?.format === STALE_CACHE_FORMAT ? cache : undefined;
}

/** Ids of notes made stale by code changes, as last computed; empty when never computed. */
export function readStaleIds(root: string): Set<string> {
  const cache = readStaleCache(root);
  return new Set(cache ? cache.notes.map((note) => note.id) : []);
}
