/**
 * One compression per session at a time, across processes: the Stop, PreCompact and SessionEnd hooks can start
 * compressions of the same session within milliseconds of each other.
 *
 * `withLock` from the store is synchronous (its critical sections are short file writes); a compression holds the
 * lock across an API call, so this is its asynchronous sibling with the same lock-file format and the same rule for
 * taking over a lock whose owner has died.
 */
import fs from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { safeSessionId } from '../capture/cursor.js';
import { compressLockFile } from '../cache/layout.js';
import { LockTimeoutError, lockAgeMs, lockOwnerAlive, tryTakeLock } from '../store/lock.js';

const sessionLockFile = (root: string, sessionId: string) => compressLockFile(root, safeSessionId(sessionId));

/** Run fn holding the session's lock; waits for a running compression rather than skipping the new bytes. */
export async function withSessionLock<T>(root: string, sessionId: string, timeoutMs: number, fn: () => Promise<T>): Promise<T> {
  const lockFile = sessionLockFile(root, sessionId);
  fs.mkdirSync(path.dirname(lockFile), { recursive: true });
  const deadline = Date.now() + timeoutMs;
  let wait = 20;
  while (!tryTakeLock(lockFile)) {
    // A live compression may hold the lock for minutes, so the owner's pid decides, not the age; the age only
    // guards the instant between another process creating the file and writing its pid into it.
    if (lockAgeMs(lockFile) > 2_000 && !lockOwnerAlive(lockFile)) {
      fs.rmSync(lockFile, { force: true });
      continue;
    }
    if (Date.now() > deadline) throw new LockTimeoutError(lockFile, timeoutMs, `${lockFile}: another compression of this session is still running after ${Math.round(timeoutMs / 1000)} s`);
    await sleep(wait);
    wait = Math.min(wait * 2, 250);
  }
  try {
    return await fn();
  } finally {
    fs.rmSync(lockFile, { force: true });
  }
}
