import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_BRANCH_QUERY, defaultBranch, defaultBranchFromFiles, pickDefaultBranch } from '../../src/git/default-branch.js';
import { git, tempDir, tempRepo, writeFile } from '../helpers/temp-repo.js';

const cleanup: string[] = [];
afterAll(() => {
  for (const dir of cleanup) fs.rmSync(dir, { recursive: true, force: true });
});

function repo(branch = 'main'): string {
  const root = tempRepo();
  cleanup.push(root);
  if (branch !== 'main') git(root, 'checkout', '-q', '-b', branch);
  writeFile(root, 'a.txt', 'a\n');
  git(root, 'add', '-A');
  git(root, 'commit', '-qm', 'a');
  return root;
}

function cloneOf(origin: string): string {
  const clone = tempDir();
  cleanup.push(clone);
  git(clone, 'clone', '-q', origin, '.');
  return clone;
}

/** What git itself says, through the query `defaultBranch` falls back to. */
const askGit = (root: string) => pickDefaultBranch(git(root, ...DEFAULT_BRANCH_QUERY));

describe('pickDefaultBranch', () => {
  it.each([
    ['nothing', '', undefined],
    ['origin/HEAD wins', 'refs/remotes/origin/HEAD refs/remotes/origin/trunk\nrefs/heads/main \n', 'origin/trunk'],
    ['origin/main before main', 'refs/heads/main \nrefs/remotes/origin/main \n', 'origin/main'],
    ['origin/master before main', 'refs/heads/main \nrefs/remotes/origin/master \n', 'origin/master'],
    ['main before master', 'refs/heads/master \nrefs/heads/main \n', 'main'],
    ['master alone', 'refs/heads/master \n', 'master'],
    ['other refs do not count', 'refs/heads/trunk \nrefs/tags/main \nrefs/remotes/upstream/main \n', undefined],
    ['origin/HEAD to a local-looking ref', 'refs/remotes/origin/HEAD refs/heads/dev\n', 'dev'],
    ['no symref on the line', 'refs/remotes/origin/HEAD\nrefs/heads/master\n', 'master'],
    ['surrounding blanks', '  refs/heads/main  \n\n', 'main'],
  ])('%s', (_name, output, expected) => {
    expect(pickDefaultBranch(output)).toBe(expected);
  });
});

describe('defaultBranchFromFiles agrees with git', () => {
  it.each([
    ['main', () => repo('main'), 'main'],
    ['master', () => repo('master'), 'master'],
    ['neither', () => repo('trunk'), undefined],
    ['a clone (origin/HEAD)', () => cloneOf(repo('master')), 'origin/master'],
    [
      'packed refs',
      () => {
        const root = repo('main');
        git(root, 'pack-refs', '--all');
        return root;
      },
      'main',
    ],
    [
      'a clone whose origin/HEAD was removed',
      () => {
        const clone = cloneOf(repo('main'));
        git(clone, 'remote', 'set-head', 'origin', '-d');
        return clone;
      },
      'origin/main',
    ],
    [
      'a linked worktree',
      () => {
        const root = repo('main');
        const extra = path.join(tempDir(), 'wt');
        cleanup.push(path.dirname(extra));
        git(root, 'worktree', 'add', '-q', '-b', 'feature', extra);
        return extra;
      },
      'main',
    ],
  ])('%s', (_name, make, expected) => {
    const root = make();
    expect(defaultBranchFromFiles(root)).toBe(expected);
    expect(askGit(root)).toBe(expected);
  });

  it('is undefined outside a repository', () => {
    const dir = tempDir();
    cleanup.push(dir);
    expect(defaultBranchFromFiles(dir)).toBeUndefined();
  });
});

describe('defaultBranch', () => {
  it('asks git only when the files do not say', async () => {
    const asked: string[][] = [];
    const run = (args: string[]) => {
      asked.push(args);
      return Promise.resolve<string | undefined>('refs/heads/master \n');
    };
    expect(await defaultBranch(repo('main'), run)).toBe('main');
    expect(asked).toEqual([]);
    const dir = tempDir();
    cleanup.push(dir);
    expect(await defaultBranch(dir, run)).toBe('master');
    expect(asked).toEqual([DEFAULT_BRANCH_QUERY]);
  });

  it('is undefined when git fails too', async () => {
    const dir = tempDir();
    cleanup.push(dir);
    expect(await defaultBranch(dir, () => Promise.resolve(undefined))).toBeUndefined();
  });
});
