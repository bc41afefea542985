import { CACHE_FORMAT, cacheLayout } from '../cache/layout.js';
import { readCacheFile } from '../cache/read.js';
import type { StaleCache } from '../cache/schemas.js';
import type { MemoryPaths } from '../core/paths.js';

/**
 * The last stale computation, as `claude-memory stale` and the git hooks leave it (acknowledged flags left out).
 * Session start reads it on its hot path, so this module is one file read: no git, no note parsing.
 */
export const STALE_CACHE_FORMAT = CACHE_FORMAT;
export type { StaleCache };

export const staleCacheFile = (p: MemoryPaths) => cacheLayout(p.root).stale;

export function readStaleCache(root: string): StaleCache | undefined {
  const cache = readCacheFile(cacheLayout(root).stale, 'staleCache');
  return cache?.format === STALE_CACHE_FORMAT ? cache : undefined;
}

export interface StaleFlagReason {
  file: string;
  kind: string;
  to?: string;
}

/**
 * Notes made stale by code changes, as last computed, with why (id → reasons); empty when never computed. A cache
 * written before reasons were kept gives each note its kinds alone.
 */
export function readStaleFlags(root: string): Map<string, StaleFlagReason[]> {
  const cache = readStaleCache(root);
  return new Map((cache?.notes ?? []).map((note) => [note.id, note.reasons ?? note.kinds.map((kind) => ({ file: '', kind }))]));
}
