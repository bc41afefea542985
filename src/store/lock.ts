import fs from 'node:fs';
import path from 'node:path';

/** The lock stayed taken for the whole timeout: someone else is working, which callers may treat as "busy". */
export class LockTimeoutError extends Error {
  constructor(
    readonly lockFile: string,
    readonly timeoutMs: number,
    message = `${lockFile}: could not take the lock within ${timeoutMs} ms`,
  ) {
    super(message);
    this.name = 'LockTimeoutError';
  }
}

export interface LockOptions {
  /** Give up after this long (ms). */
  timeoutMs?: number;
  /** A lock older than this (ms) whose owner is gone is taken over. */
  staleMs?: number;
}

/** Whether the process that wrote the lock file still runs. */
export function lockOwnerAlive(lockFile: string): boolean {
  try {
    const pid = Number(fs.readFileSync(lockFile, 'utf8').split('\n')[0]);
    if (!Number.isInteger(pid) || pid <= 0) return false;
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM means the process exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Take the lock file if nobody holds it (O_EXCL create, our pid inside); false when it exists. */
export function tryTakeLock(lockFile: string): boolean {
  try {
    const fd = fs.openSync(lockFile, 'wx');
    fs.writeSync(fd, `${process.pid}\n${new Date().toISOString()}\n`);
    fs.closeSync(fd);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    return false;
  }
}

/** Milliseconds since the lock file was written (0 when it is gone). */
export function lockAgeMs(lockFile: string): number {
  try {
    return Date.now() - fs.statSync(lockFile).mtimeMs;
  } catch {
    return 0;
  }
}

function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/**
 * Exclusive lock on a file path (O_EXCL create), released when fn returns or throws. A lock left behind by a dead
 * process is broken once it is older than staleMs. Synchronous on purpose: writers are short and callers are
 * simple CLI processes.
 */
export function withLock<T>(lockFile: string, fn: () => T, options: LockOptions = {}): T {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const staleMs = options.staleMs ?? 5_000;
  fs.mkdirSync(path.dirname(lockFile), { recursive: true });
  const deadline = Date.now() + timeoutMs;
  let wait = 2;
  while (!tryTakeLock(lockFile)) {
    if (lockAgeMs(lockFile) > staleMs && !lockOwnerAlive(lockFile)) {
      fs.rmSync(lockFile, { force: true });
      continue;
    }
    if (Date.now() > deadline) throw new LockTimeoutError(lockFile, timeoutMs);
    sleep(wait);
    wait = Math.min(wait * 2, 50);
  }
  try {
    return fn();
  } finally {
    fs.rmSync(lockFile, { force: true });
  }
}
