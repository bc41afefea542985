/**
 * Class 6 of issue 15: a lock is held only by the process that wrote it. Real processes (spawned, killed), real
 * lock files, folders and links in temp folders.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { withSessionLock, sessionLockHeld } from '../../src/compress/session-lock.js';
import { compressLockFile } from '../../src/cache/layout.js';
import {
  LockTimeoutError,
  bootId,
  judgeLock,
  lockContent,
  lockState,
  processStartTime,
  releaseLock,
  startTimeFromStat,
  takeOrBreak,
  withLock,
} from '../../src/store/lock.js';
import { PROJECT_ROOT, tempDir } from '../helpers/temp-repo.js';

const cleanup: string[] = [];
const children: ChildProcess[] = [];
afterAll(() => {
  for (const child of children) child.kill('SIGKILL');
  for (const dir of cleanup) fs.rmSync(dir, { recursive: true, force: true });
});

function lockDir() {
  const dir = tempDir('cm-lock-');
  cleanup.push(dir);
  const cache = path.join(dir, '.claude-memory', '.cache');
  fs.mkdirSync(cache, { recursive: true });
  return { dir, lock: path.join(cache, 'refresh.lock') };
}

/** A live process that is not us, and its start time as Linux reports it. */
async function liveProcess(): Promise<{ pid: number; start: string; child: ChildProcess }> {
  const child = spawn('sleep', ['60'], { stdio: 'ignore' });
  children.push(child);
  await new Promise((resolve) => child.once('spawn', resolve));
  return { pid: child.pid!, start: processStartTime(child.pid!)!, child };
}

/** Make a lock look written `ms` ago (the link itself when it is one). */
const ago = (file: string, ms: number) => {
  const then = new Date(Date.now() - ms);
  fs.lutimesSync(file, then, then);
};

describe('judging a lock', () => {
  const machine = {
    hasProc: true,
    bootId: 'boot-a',
    startOf: (pid: number) => (pid === 42 ? '1000' : pid === 1 ? '1' : undefined),
    exists: (pid: number) => pid === 42 || pid === 1,
  };
  it.each([
    ['42\n1000\nboot-a\n2026-01-01T00:00:00Z\n', 'alive'],
    ['42\n1000\nboot-b\n2026-01-01T00:00:00Z\n', 'dead'], // the same pid and start time, in another boot
    ['1\n1\nboot-old\n', 'dead'], // a committed lock guessing init's start time cannot guess the boot
    ['42\n1000\n', 'garbage'], // no boot id
    ['42\n999\nboot-a\n', 'dead'], // the pid was reused by another process
    ['1\n5\nboot-a\n', 'dead'], // init is alive, but it did not write this lock
    ['7\n1000\nboot-a\n', 'dead'],
    ['1\n2026-01-01T00:00:00Z\n', 'garbage'], // the old format names no start time: cannot be verified
    ['1\n', 'garbage'],
    ['', 'garbage'],
    ['-1\n5\nboot-a\n', 'garbage'],
    ['0\n5\nboot-a\n', 'garbage'],
    ['99999999999\n5\nboot-a\n', 'garbage'],
    ['4.5\n5\nboot-a\n', 'garbage'],
    ['0x2a\n1000\nboot-a\n', 'garbage'],
    [' 42\n1000\nboot-a\n', 'garbage'],
    ['42\n1000 \nboot-a\n', 'garbage'],
    ['\u0000\u0001binary', 'garbage'],
    ['NaN\nNaN\n', 'garbage'],
  ])('%j on Linux is %s', (text, state) => {
    expect(judgeLock(text, machine)).toBe(state);
  });

  it('without /proc the pid decides, and the lease (checked by lockState) the rest', () => {
    expect(judgeLock('42\n-\n', { ...machine, hasProc: false })).toBe('alive');
    expect(judgeLock('7\n-\n', { ...machine, hasProc: false })).toBe('dead');
  });

  it('reads the start time even when the command name has spaces and parentheses', () => {
    const rest = 'S 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 424242 20 21';
    expect(startTimeFromStat(`123 (node) ${rest}`)).toBe('424242');
    expect(startTimeFromStat(`123 (a b) c) (d) ${rest}`)).toBe('424242');
    expect(startTimeFromStat('garbage')).toBeUndefined();
    expect(processStartTime(process.pid)).toMatch(/^\d+$/);
    expect(lockContent().split('\n').slice(0, 3)).toEqual([String(process.pid), processStartTime(process.pid), bootId()]);
    expect(bootId()).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('taking a lock', () => {
  it('breaks a lock naming a live but unrelated process (pid 1, or a reused pid), at once', async () => {
    const { lock } = lockDir();
    fs.writeFileSync(lock, `1\n12345\n${bootId()}\n2026-01-01T00:00:00Z\n`);
    expect(lockState(lock)).toBe('dead');
    expect(withLock(lock, () => 'mine', { timeoutMs: 100 })).toBe('mine');
    const other = await liveProcess();
    fs.writeFileSync(lock, `${other.pid}\n${Number(other.start) + 1}\n${bootId()}\n`);
    expect(withLock(lock, () => 'mine again', { timeoutMs: 100 })).toBe('mine again');
    expect(fs.existsSync(lock)).toBe(false);
  });

  it('waits for a live holder and gives up with the typed LockTimeoutError', async () => {
    const { lock } = lockDir();
    const holder = await liveProcess();
    fs.writeFileSync(lock, `${holder.pid}\n${holder.start}\n${bootId()}\n`);
    ago(lock, 3_600_000);
    expect(lockState(lock)).toBe('alive');
    // The same process named in a lock from another boot (a committed lock) holds nothing.
    fs.writeFileSync(lock, `${holder.pid}\n${holder.start}\n00000000-0000-4000-8000-000000000000\n`);
    expect(lockState(lock)).toBe('dead');
    fs.writeFileSync(lock, `${holder.pid}\n${holder.start}\n${bootId()}\n`);
    ago(lock, 3_600_000); // age alone never breaks a live holder's lock
    expect(lockState(lock)).toBe('alive');
    expect(() => withLock(lock, () => 1, { timeoutMs: 150, staleMs: 10 })).toThrow(LockTimeoutError);
    try {
      withLock(lock, () => 1, { timeoutMs: 50 });
    } catch (err) {
      expect(err).toBeInstanceOf(LockTimeoutError);
      expect((err as LockTimeoutError).lockFile).toBe(lock);
    }
    holder.child.kill('SIGKILL');
    await new Promise((resolve) => holder.child.once('exit', resolve));
    expect(lockState(lock)).toBe('dead');
    expect(withLock(lock, () => 'after the holder died', { timeoutMs: 100 })).toBe('after the holder died');
  });

  it('breaks a lock taken by a process that was SIGKILLed while holding it', async () => {
    const { lock } = lockDir();
    // A real holder: a node process that takes the lock with the same code and then hangs.
    const worker = path.join(PROJECT_ROOT, 'test/helpers/hold-lock-worker.mjs');
    const child = spawn(process.execPath, [worker, lock], { stdio: ['ignore', 'pipe', 'inherit'] });
    children.push(child);
    await new Promise<void>((resolve) => child.stdout?.once('data', () => resolve()));
    expect(lockState(lock)).toBe('alive');
    expect(takeOrBreak(lock, 60_000)).toBe(false);
    child.kill('SIGKILL');
    await new Promise((resolve) => child.once('exit', resolve));
    expect(takeOrBreak(lock, 60_000)).toBe(true);
    releaseLock(lock);
  });

  it.each([
    ['a folder with files in it', (lock: string) => (fs.mkdirSync(lock), fs.writeFileSync(path.join(lock, 'x'), 'x'))],
    ['an empty file left by a crash', (lock: string) => fs.writeFileSync(lock, '')],
    ['a file of random bytes', (lock: string) => fs.writeFileSync(lock, Buffer.from([0xff, 0, 1, 2, 0x1b, 0x5b]))],
    ['a huge file', (lock: string) => fs.writeFileSync(lock, '1\n'.repeat(10_000))],
    ['a lock in the old format (pid and time only)', (lock: string) => fs.writeFileSync(lock, `${process.ppid}\n2026-01-01T00:00:00.000Z\n`)],
  ])('breaks a lock path that is %s, once past the creation grace', (_name, plant) => {
    const { lock } = lockDir();
    plant(lock);
    expect(lockState(lock)).toBe('garbage');
    ago(lock, 10_000);
    expect(withLock(lock, () => 'taken', { timeoutMs: 100 })).toBe('taken');
    expect(fs.existsSync(lock)).toBe(false);
    expect(fs.readdirSync(path.dirname(lock))).toEqual([]);
  });

  it('does not break an empty lock younger than the grace: its writer may be between create and write', () => {
    const { lock } = lockDir();
    fs.writeFileSync(lock, '');
    expect(() => withLock(lock, () => 1, { timeoutMs: 100 })).toThrow(LockTimeoutError);
  });

  it('removes a lock planted as a link without touching what it points at', () => {
    const { lock } = lockDir();
    const outside = tempDir('cm-lock-outside-');
    cleanup.push(outside);
    fs.writeFileSync(path.join(outside, 'precious'), 'keep me');
    for (const target of [path.join(outside, 'precious'), outside, path.join(outside, 'missing')]) {
      fs.symlinkSync(target, lock);
      ago(lock, 10_000);
      expect(lockState(lock)).toBe('garbage');
      expect(withLock(lock, () => 'taken', { timeoutMs: 100 })).toBe('taken');
      expect(fs.readFileSync(path.join(outside, 'precious'), 'utf8')).toBe('keep me');
      expect(fs.readdirSync(outside)).toEqual(['precious']);
    }
  });

  it('refuses a lock folder reached through a link', () => {
    const { dir } = lockDir();
    const outside = tempDir('cm-lock-outside-');
    cleanup.push(outside);
    fs.rmSync(path.join(dir, '.claude-memory', '.cache'), { recursive: true });
    fs.symlinkSync(outside, path.join(dir, '.claude-memory', '.cache'));
    expect(() => withLock(path.join(dir, '.claude-memory', '.cache', 'refresh.lock'), () => 1)).toThrow(/symbolic link/);
    expect(fs.readdirSync(outside)).toEqual([]);
  });

  it('releases only its own lock', () => {
    const { lock } = lockDir();
    fs.writeFileSync(lock, '1\n5\n');
    releaseLock(lock);
    expect(fs.existsSync(lock)).toBe(true);
  });

  it('keeps mutual exclusion among 6 processes breaking and taking the same lock', async () => {
    const { dir, lock } = lockDir();
    const counter = path.join(dir, 'counter');
    fs.writeFileSync(counter, '0');
    fs.writeFileSync(lock, `1\n5\n${bootId()}\n`); // a planted lock all of them must break
    const worker = path.join(PROJECT_ROOT, 'test/helpers/count-under-lock-worker.mjs');
    const runs = Array.from(
      { length: 6 },
      () =>
        new Promise<number>((resolve) => {
          const child = spawn(process.execPath, [worker, lock, counter, '40'], { stdio: 'inherit' });
          child.on('close', (code) => resolve(code ?? 1));
        }),
    );
    expect(await Promise.all(runs)).toEqual(Array(6).fill(0));
    expect(fs.readFileSync(counter, 'utf8')).toBe('240');
  });
});

describe('the session lock of a compression', () => {
  it('is seen as held only while its holder lives', async () => {
    const { dir } = lockDir();
    const file = compressLockFile(dir, 's1');
    expect(sessionLockHeld(dir, 's1')).toBe(false);
    await withSessionLock(dir, 's1', 1000, () => {
      expect(sessionLockHeld(dir, 's1')).toBe(true);
      expect(fs.readFileSync(file, 'utf8').split('\n')[0]).toBe(String(process.pid));
      return Promise.resolve();
    });
    expect(sessionLockHeld(dir, 's1')).toBe(false);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, `1\n5\n${bootId()}\n`);
    expect(sessionLockHeld(dir, 's1')).toBe(false);
    expect(await withSessionLock(dir, 's1', 1000, () => Promise.resolve('broken and taken'))).toBe('broken and taken');
  });
});
