import fs from 'node:fs';
import path from 'node:path';
import { memoryPaths, type MemoryPaths } from '../core/paths.js';

/**
 * The last stale computation, as `claude-memory stale` and the git hooks leave it. Session start reads it on its
 * hot path, so this module is one file read: no git, no note parsing.
 */
export const STALE_CACHE_FORMAT = 1;

export interface StaleCache {
  format: number;
  /** HEAD when it was computed. */
  head: string;
  computed: string;
  notes: Array<{ id: string; path: string; kinds: string[] }>;
}

export const staleCacheFile = (p: MemoryPaths) => path.join(p.cacheDir, 'stale.json');

export function readStaleCache(root: string): StaleCache | undefined {
  try {
    const cache = JSON.parse(fs.readFileSync(staleCacheFile(memoryPaths(root)), 'utf8')) as StaleCache;
    return cache && cache.format === STALE_CACHE_FORMAT && Array.isArray(cache.notes) ? cache : undefined;
  } catch {
    return undefined;
  }
}

/** Ids of notes made stale by code changes, as last computed; empty when never computed. */
export function readStaleIds(root: string): Set<string> {
  const cache = readStaleCache(root);
  return new Set(cache ? cache.notes.map((note) => note.id).filter((id) => typeof id === 'string') : []);
}
