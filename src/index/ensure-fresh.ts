import { memoryPaths } from '../core/paths.js';
import { freshness } from './freshness.js';
import type { RefreshOptions, RefreshResult } from './refresh.js';
import { verifyNotesLater } from './verify-later.js';

export type Freshness = RefreshResult['status'];

/**
 * Make the derived files current before reading them, so a teammate's `git pull` shows up without a command.
 * The check needs nothing but `fs` (freshness.ts); the refresh code loads only when something changed. When the
 * quick check could only trust folder times, a background run states every note for edits in place.
 */
export async function ensureFresh(root: string, options: RefreshOptions = {}): Promise<Freshness> {
  const p = memoryPaths(root);
  if (!options.force) {
    const verdict = freshness(p, options.mode ?? 'quick');
    if (verdict === 'folders') verifyNotesLater(root);
    if (verdict !== 'stale') return 'fresh';
  }
  const { refresh } = await import('./refresh.js');
  return refresh(root, { mode: 'quick', lockTimeoutMs: 0, ...options }).status;
}
