/**
 * Class 3 of issue 15, at the level of single reads and writes: a link planted anywhere in the memory tree neither
 * receives a write nor redirects a read. Real files and links in temp folders.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { logEvent } from '../../src/cache/log.js';
import { readCacheFile } from '../../src/cache/read.js';
import { UnsafePathError, assertWritableDir, forgetCheckedDirs, readTextNoFollow } from '../../src/core/confine.js';
import { createFileAtomic, writeDerivedFile, writeFileAtomic } from '../../src/store/atomic.js';
import { tempDir } from '../helpers/temp-repo.js';

const cleanup: string[] = [];
afterAll(() => {
  for (const dir of cleanup) fs.rmSync(dir, { recursive: true, force: true });
});
afterEach(forgetCheckedDirs);

/** A repository-shaped folder (no git needed here) and an outside folder holding a file the tool must never touch. */
function setup() {
  const root = tempDir('cm-confine-');
  const outside = tempDir('cm-outside-');
  cleanup.push(root, outside);
  fs.mkdirSync(path.join(root, '.claude-memory', 'notes'), { recursive: true });
  const secret = path.join(outside, 'secret.json');
  fs.writeFileSync(secret, '{"sessions":{},"days":{}}');
  return { root, outside, secret, mem: path.join(root, '.claude-memory') };
}

const snapshot = (dir: string) =>
  fs
    .readdirSync(dir, { recursive: true, withFileTypes: false })
    .map(String)
    .sort()
    .map((rel) => [rel, fs.statSync(path.join(dir, rel)).isFile() ? fs.readFileSync(path.join(dir, rel), 'utf8') : 'dir']);

describe('writes under .claude-memory/', () => {
  const linkedFolders = ['.cache', '.cache/search', '.cache/done', '.cache/pending', '.cache/sessions', 'index', 'notes/auth'];
  for (const rel of linkedFolders) {
    it(`never land in the target of a linked ${rel}/ (atomic, derived and exclusive writes)`, () => {
      const { mem, outside } = setup();
      fs.mkdirSync(path.dirname(path.join(mem, rel)), { recursive: true });
      fs.rmSync(path.join(mem, rel), { recursive: true, force: true });
      fs.symlinkSync(outside, path.join(mem, rel));
      const before = snapshot(outside);
      for (const write of [
        () => writeFileAtomic(path.join(mem, rel, 'x.json'), '{}'),
        () => writeDerivedFile(path.join(mem, rel, 'deeper', 'y.json'), '{}'),
        () => createFileAtomic(path.join(mem, rel, 'z.md'), 'z'),
      ]) {
        expect(write).toThrow(UnsafePathError);
        expect(write).toThrow(new RegExp(`${rel.replace('.', '\\.')}: is a symbolic link`));
      }
      expect(snapshot(outside)).toEqual(before);
    });
  }

  it('refuse a memory folder that is itself a link, and a cache "folder" that is a file', () => {
    const { root, outside } = setup();
    const other = tempDir('cm-repo2-');
    cleanup.push(other);
    fs.symlinkSync(outside, path.join(other, '.claude-memory'));
    expect(() => writeFileAtomic(path.join(other, '.claude-memory', 'notes', 'a.md'), 'a')).toThrow(/\.claude-memory: is a symbolic link/);
    fs.writeFileSync(path.join(root, '.claude-memory', '.cache'), 'not a folder');
    expect(() => writeFileAtomic(path.join(root, '.claude-memory', '.cache', 'a.json'), '{}')).toThrow(/\.cache: is not a folder/);
    expect(fs.readdirSync(outside)).toEqual(['secret.json']);
  });

  it('replace a link planted at the file name itself instead of writing through it', () => {
    const { mem, secret } = setup();
    const target = path.join(mem, 'notes', 'planted.md');
    fs.symlinkSync(secret, target);
    writeFileAtomic(target, 'mine');
    expect(fs.lstatSync(target).isSymbolicLink()).toBe(false);
    expect(fs.readFileSync(target, 'utf8')).toBe('mine');
    expect(fs.readFileSync(secret, 'utf8')).toBe('{"sessions":{},"days":{}}');
    // The exclusive create sees the link as taken and never follows it.
    const other = path.join(mem, 'notes', 'planted2.md');
    fs.symlinkSync(path.join(path.dirname(secret), 'new-file.md'), other);
    expect(createFileAtomic(other, 'x')).toBe(false);
    expect(fs.existsSync(path.join(path.dirname(secret), 'new-file.md'))).toBe(false);
  });

  it('leave no temp file behind when the write fails', () => {
    const { mem } = setup();
    const dir = path.join(mem, '.cache');
    fs.mkdirSync(dir);
    fs.mkdirSync(path.join(dir, 'taken.json'));
    expect(() => writeFileAtomic(path.join(dir, 'taken.json'), '{}')).toThrow();
    expect(fs.readdirSync(dir)).toEqual(['taken.json']);
  });

  it('outside a memory folder are the caller’s choice (install files), and are not checked', () => {
    const { outside } = setup();
    expect(() => assertWritableDir(outside)).not.toThrow();
  });
});

describe('reads of cache files and the log', () => {
  it('treat a cache file that is a link, a FIFO or a folder as absent, without blocking', () => {
    const { mem, secret } = setup();
    const cache = path.join(mem, '.cache');
    fs.mkdirSync(cache);
    fs.symlinkSync(secret, path.join(cache, 'usage.json'));
    expect(readCacheFile(path.join(cache, 'usage.json'), 'usage')).toBeUndefined();
    expect(() => readTextNoFollow(path.join(cache, 'usage.json'))).toThrow(/ELOOP|symbolic/);
    fs.mkdirSync(path.join(cache, 'catalog.json'));
    expect(readCacheFile(path.join(cache, 'catalog.json'), 'catalog')).toBeUndefined();
    const fifo = path.join(cache, 'manifest.json');
    try {
      execFileSync('mkfifo', [fifo]);
    } catch {
      return; // no mkfifo on this machine
    }
    expect(readCacheFile(fifo, 'manifest')).toBeUndefined();
  });

  it('a log file planted as a link is never written through, nor is a linked cache folder', () => {
    const { root, mem, secret, outside } = setup();
    fs.mkdirSync(path.join(mem, '.cache'));
    fs.symlinkSync(secret, path.join(mem, '.cache', 'log.jsonl'));
    logEvent(root, 'warn', 'hello');
    expect(fs.readFileSync(secret, 'utf8')).toBe('{"sessions":{},"days":{}}');
    fs.rmSync(path.join(mem, '.cache'), { recursive: true });
    fs.symlinkSync(outside, path.join(mem, '.cache'));
    forgetCheckedDirs(); // a new process (or operation) checks the folders again
    logEvent(root, 'warn', 'hello');
    expect(fs.readdirSync(outside)).toEqual(['secret.json']);
  });
});
