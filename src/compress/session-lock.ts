/**
 * One compression per session at a time, across processes: the Stop, PreCompact and SessionEnd hooks can start
 * compressions of the same session within milliseconds of each other.
 *
 * `withLock` from the store is synchronous (its critical sections are short file writes); a compression holds the
 * lock across an API call, so this is its asynchronous sibling with the same lock file and the same rules for
 * breaking an abandoned one (store/lock.ts: the owner's pid and start time decide, never the lock's age alone).
 * Where there is no process start time to check, the holder renews the lock's time (a lease) while it works.
 */
import fs from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { safeSessionId } from '../capture/cursor.js';
import { compressLockFile } from '../cache/layout.js';
import { LockTimeoutError, lockFolder, lockHeld, releaseLock, takeOrBreak } from '../store/lock.js';

/** Where there is no /proc: how long a lock lives without its holder renewing it, and how often the holder does. */
const LEASE_MS = 60_000;
const RENEW_MS = 10_000;

const sessionLockFile = (root: string, sessionId: string) => compressLockFile(root, safeSessionId(sessionId));

/** Whether a live compression holds this session's lock now. */
export function sessionLockHeld(root: string, sessionId: string): boolean {
  return lockHeld(sessionLockFile(root, sessionId), LEASE_MS);
}

/** Run fn holding the session's lock; waits for a running compression rather than skipping the new bytes. */
export async function withSessionLock<T>(root: string, sessionId: string, timeoutMs: number, fn: () => Promise<T>): Promise<T> {
  const lockFile = sessionLockFile(root, sessionId);
  lockFolder(lockFile);
  const deadline = Date.now() + timeoutMs;
  let wait = 20;
  while (!takeOrBreak(lockFile, LEASE_MS)) {
    if (Date.now() > deadline)
      throw new LockTimeoutError(
        lockFile,
        timeoutMs,
        `${lockFile}: another compression of this session is still running after ${Math.round(timeoutMs / 1000)} s`,
      );
    await sleep(wait);
    wait = Math.min(wait * 2, 250);
  }
  const renew = setInterval(() => {
    try {
      const now = new Date();
      fs.utimesSync(lockFile, now, now);
    } catch {
      // the lock was broken or removed; the work goes on and the release below finds it gone
    }
  }, RENEW_MS);
  renew.unref();
  try {
    return await fn();
  } finally {
    clearInterval(renew);
    releaseLock(lockFile);
  }
}
