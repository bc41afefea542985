import { memoryPaths } from '../core/paths.js';
import { looksFresh } from './freshness.js';
import type { RefreshOptions, RefreshResult } from './refresh.js';

export type Freshness = RefreshResult['status'];

/**
 * Make the derived files current before reading them, so a teammate's `git pull` shows up without a command.
 * The check needs nothing but `fs` (freshness.ts); the refresh code loads only when something changed.
 */
export async function ensureFresh(root: string, options: RefreshOptions = {}): Promise<Freshness> {
  const p = memoryPaths(root);
  if (!options.force && looksFresh(p, options.mode ?? 'quick')) return 'fresh';
  const { refresh } = await import('./refresh.js');
  return refresh(root, { mode: 'quick', lockTimeoutMs: 0, ...options }).status;
}
