import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findRepoRoot, resolveRoot } from '../../src/git/root.js';
import { readStaleCache, readStaleFlags, staleCacheFile, STALE_CACHE_FORMAT } from '../../src/git/stale-cache.js';

const staleIds = (root: string) => new Set(readStaleFlags(root).keys());
import { memoryPaths } from '../../src/core/paths.js';
import { git, tempDir, tempRepo, writeFile } from '../helpers/temp-repo.js';

const cleanup: string[] = [];
afterAll(() => {
  for (const dir of cleanup) fs.rmSync(dir, { recursive: true, force: true });
});

describe('findRepoRoot and resolveRoot', () => {
  it('finds the top level from anywhere inside, agreeing with git', () => {
    const root = tempRepo();
    cleanup.push(root);
    writeFile(root, 'a/b/c.txt', 'c\n');
    const deep = path.join(root, 'a', 'b');
    expect(findRepoRoot(deep)).toBe(root);
    expect(fs.realpathSync(findRepoRoot(deep)!)).toBe(fs.realpathSync(git(deep, 'rev-parse', '--show-toplevel')));
    const cwd = process.cwd();
    process.chdir(deep);
    try {
      expect(fs.realpathSync(resolveRoot())).toBe(fs.realpathSync(root));
    } finally {
      process.chdir(cwd);
    }
  });

  it('stops at a linked worktree, whose .git is a file', () => {
    const main = tempRepo();
    cleanup.push(main);
    writeFile(main, 'a.txt', 'a\n');
    git(main, 'add', '-A');
    git(main, 'commit', '-qm', 'a');
    const parent = tempDir();
    cleanup.push(parent);
    const extra = path.join(parent, 'wt');
    git(main, 'worktree', 'add', '-q', '-b', 'side', extra);
    fs.mkdirSync(path.join(extra, 'sub'));
    expect(findRepoRoot(path.join(extra, 'sub'))).toBe(extra);
  });

  it('is undefined outside any repository, and resolveRoot says where it looked', () => {
    const dir = tempDir();
    cleanup.push(dir);
    // The temp folder sits outside any repository on a normal machine; skip the claim if it does not.
    if (findRepoRoot(dir) !== undefined) return;
    expect(findRepoRoot(dir)).toBeUndefined();
    const cwd = process.cwd();
    process.chdir(dir);
    try {
      expect(() => resolveRoot()).toThrow(new RegExp(`^${dir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: not inside a git work tree`));
    } finally {
      process.chdir(cwd);
    }
    expect(resolveRoot('/given/root')).toBe('/given/root');
  });
});

describe('the stale cache session start reads', () => {
  function withCache(content: string): string {
    const root = tempDir();
    cleanup.push(root);
    const file = staleCacheFile(memoryPaths(root));
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, content);
    return root;
  }

  it('reads the flags of a cache in the current format, with their reasons (or their kinds alone)', () => {
    const cache = {
      format: STALE_CACHE_FORMAT,
      head: 'abc',
      computed: '2026-01-01T00:00:00.000Z',
      notes: [
        { id: 'a', path: '.claude-memory/notes/t/a.md', kinds: ['deleted'] },
        { id: 'b', path: '.claude-memory/notes/t/b.md', kinds: ['renamed'], reasons: [{ file: 'src/b.ts', kind: 'renamed', to: 'src/c.ts' }] },
      ],
    };
    const root = withCache(JSON.stringify(cache));
    expect(readStaleCache(root)).toEqual(cache);
    expect(readStaleFlags(root)).toEqual(
      new Map([
        ['a', [{ file: '', kind: 'deleted' }]],
        ['b', [{ file: 'src/b.ts', kind: 'renamed', to: 'src/c.ts' }]],
      ]),
    );
  });

  it.each([
    ['no file', undefined],
    ['not JSON', '{"format": 1, "notes": ['],
    ['another format', JSON.stringify({ format: STALE_CACHE_FORMAT + 1, head: 'x', computed: '', notes: [{ id: 'a' }] })],
    ['notes not a list', JSON.stringify({ format: STALE_CACHE_FORMAT, notes: { id: 'a' } })],
    ['null', 'null'],
  ])('treats %s as never computed', (_name, content) => {
    const root = content === undefined ? tempDir() : withCache(content);
    if (content === undefined) cleanup.push(root);
    expect(readStaleCache(root)).toBeUndefined();
    expect(staleIds(root)).toEqual(new Set());
  });

  it('reads a file with malformed entries as never computed (the file arrives from anywhere)', () => {
    const root = withCache(
      JSON.stringify({
        format: STALE_CACHE_FORMAT,
        head: 'x',
        computed: '',
        notes: [{ id: 'ok', path: '.claude-memory/notes/t/a.md', kinds: [] }, { id: 3 }, { id: null }, {}],
      }),
    );
    expect(staleIds(root)).toEqual(new Set());
  });
});
