import fs from 'node:fs';
import path from 'node:path';
import { assertWritableDir } from '../core/confine.js';
import { makeDirs, namedError } from '../core/fs-errors.js';

/**
 * Lock files: `pid`, the process's start time, the boot it started in, and when the lock was taken, one per line. A
 * pid alone does not name a process: pids are reused, and a lock file can arrive by `git pull` naming pid 1, which
 * is always alive. On Linux the start time (field 22 of /proc/<pid>/stat, clock ticks since boot) and the boot id
 * (/proc/sys/kernel/random/boot_id, random at every boot, so a committed lock cannot guess it) must match too, so
 * only the process that wrote the lock holds it. Elsewhere the holder keeps the file's time fresh (a lease) and a
 * lock whose time is older than the lease is abandoned. A lock path that is a folder, a link, or a file that is not
 * a lock is broken safely.
 */

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
  /** Where there is no process start time to check (not Linux): a lock whose file is older than this is abandoned. */
  staleMs?: number;
}

/** Between creating the lock file and writing into it another process may read it empty: not garbage yet. */
const CREATE_GRACE_MS = 2_000;
const MAX_PID = 4_194_304;

let proc: boolean | undefined;
/** Whether this machine tells process start times through /proc (Linux). */
function hasProc(): boolean {
  if (proc === undefined) {
    try {
      proc = fs.statSync('/proc/self/stat').isFile();
    } catch {
      proc = false;
    }
  }
  return proc;
}

/** Pure: the start time (field 22) from the text of /proc/<pid>/stat; the command name (field 2) may hold spaces and parentheses. */
export function startTimeFromStat(stat: string): string | undefined {
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // fields[0] is field 3 (state), so field 22 is fields[19].
  const start = fields[19];
  return start && /^\d+$/.test(start) ? start : undefined;
}

/** When process `pid` started, as Linux counts it; undefined when it does not exist or there is no /proc. */
export function processStartTime(pid: number): string | undefined {
  if (!hasProc()) return undefined;
  try {
    return startTimeFromStat(fs.readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return undefined;
  }
}

let boot: string | undefined;
/** This boot's id ('-' where there is none to read). */
export function bootId(): string {
  if (boot === undefined) {
    try {
      boot = hasProc() ? fs.readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim() || '-' : '-';
    } catch {
      boot = '-';
    }
  }
  return boot;
}

let ownStart: string | undefined;
const ownStartTime = () => (ownStart ??= processStartTime(process.pid) ?? '-');

/** The text of a lock file this process takes. */
export function lockContent(now = new Date()): string {
  return `${process.pid}\n${ownStartTime()}\n${bootId()}\n${now.toISOString()}\n`;
}

export type LockState =
  /** Held by a live process: the one that wrote it. */
  | 'alive'
  /** Its process is gone (or its pid now names another process): abandoned. */
  | 'dead'
  /** Not a lock this tool writes: no pid, no start time where there should be one, a folder, a link. */
  | 'garbage'
  | 'absent';

/** What judgeLock needs to know of the machine. */
export interface Machine {
  hasProc: boolean;
  bootId: string;
  startOf: (pid: number) => string | undefined;
  exists: (pid: number) => boolean;
}

/** Pure: who holds a lock, from its text and what the machine says about the pid it names. */
export function judgeLock(text: string, machine: Machine): Exclude<LockState, 'absent'> {
  const [pidLine, startLine, bootLine] = text.split('\n');
  const pid = Number(pidLine);
  if (!/^\d+$/.test(pidLine ?? '') || !Number.isSafeInteger(pid) || pid <= 0 || pid > MAX_PID) return 'garbage';
  if (machine.hasProc) {
    if (!startLine || !/^\d+$/.test(startLine) || !bootLine) return 'garbage';
    // Written in another boot (or on another machine): whatever runs under that pid now is not its writer.
    if (bootLine !== machine.bootId) return 'dead';
    return machine.startOf(pid) === startLine ? 'alive' : 'dead';
  }
  return machine.exists(pid) ? 'alive' : 'dead';
}

function pidExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM means the process exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Milliseconds since the lock file was written or its lease renewed (0 when it is gone). */
export function lockAgeMs(lockFile: string): number {
  const stat = fs.lstatSync(lockFile, { throwIfNoEntry: false });
  return stat ? Date.now() - stat.mtimeMs : 0;
}

/** The lock's state as the machine sees it now. `leaseMs` applies only where there is no /proc. */
export function lockState(lockFile: string, leaseMs = 60_000): LockState {
  const stat = fs.lstatSync(lockFile, { throwIfNoEntry: false });
  if (!stat) return 'absent';
  if (!stat.isFile() || stat.size > 256) return 'garbage';
  let text: string;
  try {
    const fd = fs.openSync(lockFile, fs.constants.O_RDONLY | (fs.constants.O_NOFOLLOW ?? 0) | (fs.constants.O_NONBLOCK ?? 0));
    try {
      text = fs.readFileSync(fd, 'utf8');
    } finally {
      fs.closeSync(fd);
    }
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'absent' : 'garbage';
  }
  const state = judgeLock(text, { hasProc: hasProc(), bootId: bootId(), startOf: processStartTime, exists: pidExists });
  if (state === 'alive' && !hasProc() && Date.now() - stat.mtimeMs > leaseMs) return 'dead';
  return state;
}

/** Whether a live process holds the lock (for callers that only want to know, such as the capture hook). */
export function lockHeld(lockFile: string, leaseMs?: number): boolean {
  return lockState(lockFile, leaseMs) === 'alive';
}

/** Take the lock file if nobody holds it (O_EXCL create, which never follows a link); false when it exists. */
export function tryTakeLock(lockFile: string): boolean {
  try {
    const fd = fs.openSync(lockFile, 'wx');
    try {
      fs.writeSync(fd, lockContent());
    } catch (err) {
      // Created but not written (a full disk): an empty lock would hold others off for nothing.
      fs.closeSync(fd);
      fs.rmSync(lockFile, { force: true });
      throw err;
    }
    fs.closeSync(fd);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw namedError(lockFile, 'lock', err);
    return false;
  }
}

let asideCounter = 0;

/**
 * Remove an abandoned lock without removing a fresh one someone took meanwhile: the lock is renamed aside first,
 * and put back when what was moved turns out to be live. A folder or a link at the lock's name is removed as such
 * (a link is unlinked, never followed).
 */
function breakLock(lockFile: string, leaseMs: number): void {
  const aside = `${lockFile}.broken-${process.pid}-${(asideCounter++).toString(36)}`;
  try {
    fs.renameSync(lockFile, aside);
  } catch {
    return; // someone else broke it first
  }
  const moved = lockState(aside, leaseMs);
  if (moved === 'alive') {
    try {
      fs.linkSync(aside, lockFile);
    } catch {
      // a third process took the lock meanwhile; the live holder will find its lock gone when it releases
    }
  }
  fs.rmSync(aside, { recursive: true, force: true });
}

/**
 * One attempt: take the lock, or break it when it is abandoned (dead owner, or garbage past the creation grace).
 * True when the lock is now ours.
 */
export function takeOrBreak(lockFile: string, staleMs: number): boolean {
  if (tryTakeLock(lockFile)) return true;
  const state = lockState(lockFile, staleMs);
  if (state === 'dead' || (state === 'garbage' && lockAgeMs(lockFile) > Math.min(CREATE_GRACE_MS, staleMs))) {
    breakLock(lockFile, staleMs);
    return tryTakeLock(lockFile);
  }
  return false;
}

/** Release a lock this process holds: removed only if the file is still ours (a broken-and-retaken lock is not). */
export function releaseLock(lockFile: string): void {
  try {
    const text = fs.readFileSync(lockFile, 'utf8');
    if (text.split('\n')[0] !== String(process.pid)) return;
  } catch {
    return;
  }
  fs.rmSync(lockFile, { force: true });
}

function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** Create the lock's folder, refusing one reached through a link (core/confine.ts). */
export function lockFolder(lockFile: string): void {
  const dir = path.dirname(lockFile);
  assertWritableDir(dir);
  makeDirs(dir);
}

/**
 * Exclusive lock on a file path (O_EXCL create), released when fn returns or throws. An abandoned lock is broken
 * (see takeOrBreak). Synchronous on purpose: writers are short and callers are simple CLI processes.
 */
export function withLock<T>(lockFile: string, fn: () => T, options: LockOptions = {}): T {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const staleMs = options.staleMs ?? 5_000;
  lockFolder(lockFile);
  const deadline = Date.now() + timeoutMs;
  let wait = 2;
  while (!takeOrBreak(lockFile, staleMs)) {
    if (Date.now() > deadline) throw new LockTimeoutError(lockFile, timeoutMs);
    sleep(wait);
    wait = Math.min(wait * 2, 50);
  }
  try {
    return fn();
  } finally {
    releaseLock(lockFile);
  }
}
