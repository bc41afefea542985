import { cacheLayout } from '../cache/layout.js';
import { writeDerivedFile } from '../store/atomic.js';
import { mtime } from './freshness.js';

/**
 * Edits in place in a large corpus: the hot path's freshness check trusts folder times there (freshness.ts), so it
 * leaves a detached process (`git-hook --verify-notes`) to state every note and refresh the ones that changed. The
 * hook does not wait for it; the runs after it see the edit. At most one start per VERIFY_INTERVAL_MS per clone: the
 * stamp's time says when the last one started, and is set before starting, so runs in between leave it alone.
 */
export const VERIFY_INTERVAL_MS = 5_000;

/** Pure: whether a verification is due, from when the last one started (0: never). A stamp from the future is due. */
export function verificationDue(lastStartedMs: number, now: number): boolean {
  const age = now - lastStartedMs;
  return age < 0 || age >= VERIFY_INTERVAL_MS;
}

export function verifyNotesLater(root: string, now = Date.now()): void {
  const stamp = cacheLayout(root).notesVerified;
  if (!verificationDue(mtime(stamp), now)) return;
  try {
    writeDerivedFile(stamp, String(now));
  } catch {
    return; // a cache that cannot be written cannot be refreshed either
  }
  // Loaded only when starting one: the hook answers without waiting, and node:child_process costs a few ms to load.
  void Promise.all([import('../bin/paths.js'), import('../core/detached.js')]).then(([{ entryPoint }, { startDetached }]) => {
    startDetached(entryPoint('gitHook'), ['--verify-notes'], root);
  });
}
