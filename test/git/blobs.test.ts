import fs from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { readBlobs } from '../../src/git/blobs.js';
import { git, tempRepo, writeFile } from '../helpers/temp-repo.js';

const cleanup: string[] = [];
afterAll(() => {
  for (const dir of cleanup) fs.rmSync(dir, { recursive: true, force: true });
});

describe('readBlobs', () => {
  it('reads committed, staged and missing objects in one go, by spec', async () => {
    const root = tempRepo();
    cleanup.push(root);
    const binary = Buffer.from([0, 1, 2, 0xff, 0x0a, 0x0a, 0]);
    writeFile(root, 'a.txt', 'first\n');
    writeFile(root, 'dir/with space.md', 'spaced\n');
    writeFile(root, 'naïve 日本.md', 'unicode name\n');
    writeFile(root, 'bin.dat', binary);
    writeFile(root, 'empty', '');
    git(root, 'add', '-A');
    git(root, 'commit', '-qm', 'one');
    writeFile(root, 'a.txt', 'staged\n');
    git(root, 'add', 'a.txt');
    writeFile(root, 'a.txt', 'only in the work tree\n');

    const specs = [
      'HEAD:a.txt',
      ':a.txt',
      'HEAD:dir/with space.md',
      'HEAD:naïve 日本.md',
      'HEAD:bin.dat',
      'HEAD:empty',
      'HEAD:dir',
      'HEAD:nope',
      'nope:a.txt',
      'HEAD:line\nbreak',
      'HEAD:a.txt',
    ];
    const blobs = await readBlobs(root, specs);
    const text = (spec: string) => blobs.get(spec)?.toString('utf8');
    expect([...blobs.keys()].sort()).toEqual([...new Set(specs)].sort());
    expect(text('HEAD:a.txt')).toBe('first\n');
    expect(text(':a.txt')).toBe('staged\n');
    expect(text('HEAD:dir/with space.md')).toBe('spaced\n');
    expect(text('HEAD:naïve 日本.md')).toBe('unicode name\n');
    expect(blobs.get('HEAD:bin.dat')).toEqual(binary);
    expect(text('HEAD:empty')).toBe('');
    // A folder, a missing path, an unknown revision, and a spec git cannot be asked on stdin.
    for (const spec of ['HEAD:dir', 'HEAD:nope', 'nope:a.txt', 'HEAD:line\nbreak']) expect(blobs.get(spec)).toBeUndefined();
  });

  it('asks git nothing for no specs, and rejects with git’s message outside a repository', async () => {
    expect(await readBlobs('/nonexistent-folder', [])).toEqual(new Map());
    expect(await readBlobs('/nonexistent-folder', ['a\nb'])).toEqual(new Map([['a\nb', undefined]]));
    const root = tempRepo();
    cleanup.push(root);
    fs.rmSync(`${root}/.git`, { recursive: true });
    await expect(readBlobs(root, ['HEAD:a'])).rejects.toThrow(/^fatal: not a git repository/);
  });
});
