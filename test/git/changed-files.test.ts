import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { changedFiles, MAX_CHANGED_FILES, mergePathLists } from '../../src/git/changed-files.js';
import { defaultBranchFromFiles } from '../../src/git/default-branch.js';
import { gitStateKey } from '../../src/core/git-files.js';
import { cacheLayout } from '../../src/cache/layout.js';
import { git, tempDir, tempRepo, writeFile } from '../helpers/temp-repo.js';

const cleanup: string[] = [];
afterAll(() => {
  for (const dir of cleanup) fs.rmSync(dir, { recursive: true, force: true });
});

function repoOnFeatureBranch(): string {
  const repo = tempRepo();
  cleanup.push(repo);
  writeFile(repo, 'src/a.ts', 'a\n');
  writeFile(repo, 'src/b.ts', 'b\n');
  git(repo, 'add', '-A');
  git(repo, 'commit', '-qm', 'base');
  git(repo, 'checkout', '-q', '-b', 'feature');
  writeFile(repo, 'src/a.ts', 'a2\n');
  git(repo, 'commit', '-qam', 'change a');
  return repo;
}

describe('changedFiles', () => {
  it('lists commits since the merge base with the default branch, uncommitted edits and added files, not notes', async () => {
    const repo = repoOnFeatureBranch();
    writeFile(repo, 'src/b.ts', 'b2\n');
    writeFile(repo, 'src/new.ts', 'new\n');
    git(repo, 'add', 'src/new.ts');
    // Never added: git would have to walk the whole work tree to list it, so it is left out.
    writeFile(repo, 'src/scratch.ts', 'scratch\n');
    writeFile(repo, '.claude-memory/notes/x/n.md', '---\ntitle: n\ntype: fact\n---\n');
    // main moved on after the branch: its own changes are not the branch's.
    git(repo, 'checkout', '-q', 'main');
    expect((await changedFiles(repo)).base).toBe('main');
    git(repo, 'stash', '-q');
    writeFile(repo, 'src/main-only.ts', 'm\n');
    git(repo, 'add', '-A');
    git(repo, 'commit', '-qm', 'main moves on');
    git(repo, 'checkout', '-q', 'feature');
    git(repo, 'stash', 'pop', '-q');
    expect(await changedFiles(repo)).toEqual({ base: 'main', files: ['src/a.ts', 'src/b.ts', 'src/new.ts'] });
  });

  it('prefers origin/HEAD, as a clone has it', async () => {
    const origin = repoOnFeatureBranch();
    git(origin, 'checkout', '-q', 'main');
    const clone = tempDir();
    cleanup.push(clone);
    git(clone, 'clone', '-q', origin, '.');
    git(clone, 'checkout', '-q', '-b', 'topic');
    writeFile(clone, 'src/c.ts', 'c\n');
    git(clone, 'add', '-A');
    git(clone, '-c', 'user.email=t@example.com', '-c', 'user.name=T', 'commit', '-qm', 'c');
    expect(defaultBranchFromFiles(clone)).toBe('origin/main');
    expect(await changedFiles(clone)).toEqual({ base: 'origin/main', files: ['src/c.ts'] });
  });

  it('reads packed refs, and falls back to uncommitted changes when there is no default branch', async () => {
    const repo = repoOnFeatureBranch();
    git(repo, 'pack-refs', '--all');
    expect(fs.existsSync(path.join(repo, '.git', 'refs', 'heads', 'main'))).toBe(false);
    expect(defaultBranchFromFiles(repo)).toBe('main');
    git(repo, 'branch', '-q', '-m', 'main', 'trunk');
    writeFile(repo, 'src/b.ts', 'b3\n');
    expect(await changedFiles(repo)).toEqual({ base: undefined, files: ['src/b.ts'] });
  });

  it('lists file names with spaces, newlines and non-ASCII characters exactly', async () => {
    const repo = repoOnFeatureBranch();
    const odd = ['src/with space.ts', 'src/line\nbreak.ts', 'src/naïve 日本.ts', 'src/"quoted".ts'];
    for (const file of odd) writeFile(repo, file, 'x\n');
    git(repo, 'add', '-A');
    expect((await changedFiles(repo)).files).toEqual(['src/a.ts', ...odd].sort());
  });

  it('is empty, not an error, outside git and in a repository with no commit', async () => {
    const dir = tempDir();
    cleanup.push(dir);
    expect(await changedFiles(dir)).toEqual({ base: undefined, files: [] });
    const repo = tempRepo();
    cleanup.push(repo);
    writeFile(repo, 'x.ts', 'x\n');
    expect(await changedFiles(repo)).toEqual({ base: undefined, files: [] });
  });
});

describe('pure helpers', () => {
  it('mergePathLists dedupes, sorts and caps, keeping the first paths in order', () => {
    expect(mergePathLists('b\0a\0', undefined, 'a\0c\0')).toEqual(['a', 'b', 'c']);
    expect(mergePathLists('', undefined)).toEqual([]);
    expect(mergePathLists('with space\0line\nbreak\0')).toEqual(['line\nbreak', 'with space']);
    const many = Array.from({ length: 500 }, (_, i) => `f${String(i).padStart(3, '0')}`);
    expect(mergePathLists([...many].reverse().join('\0'))).toEqual(many.slice(0, MAX_CHANGED_FILES));
  });
});

describe('changedFiles with a remembered answer', () => {
  const realGit = execFileSync('sh', ['-c', 'command -v git'], { encoding: 'utf8' }).trim();

  function repoWithCache(): string {
    const repo = repoOnFeatureBranch();
    fs.mkdirSync(path.join(repo, '.claude-memory', '.cache'), { recursive: true });
    return repo;
  }

  it('keys the answer on HEAD, refs and the index: a commit, a checkout or git add changes the key, an unstaged edit does not', () => {
    const repo = repoWithCache();
    const key = () => gitStateKey(repo, 'main');
    const first = key();
    expect(first).toBeDefined();
    writeFile(repo, 'src/b.ts', 'edited, not staged\n');
    expect(key()).toBe(first);
    git(repo, 'add', 'src/b.ts');
    const staged = key();
    expect(staged).not.toBe(first);
    git(repo, 'commit', '-qm', 'b');
    const committed = key();
    expect(committed).not.toBe(staged);
    git(repo, 'checkout', '-q', 'main');
    expect(key()).not.toBe(committed);
    expect(gitStateKey(tempDir(), 'main')).toBeUndefined();
  });

  it('answers with what git said last time for the same state when git is late, and git leaves its new answer for next time', async () => {
    const repo = repoWithCache();
    expect(await changedFiles(repo)).toEqual({ base: 'main', files: ['src/a.ts'] });
    expect(fs.readdirSync(cacheLayout(repo).changed)).toHaveLength(1);
    // An edit not staged: the state's key stays, so last time's answer is the one at hand.
    writeFile(repo, 'src/b.ts', 'b2\n');
    const slow = tempDir();
    cleanup.push(slow);
    fs.writeFileSync(path.join(slow, 'git'), `#!/bin/sh\nsleep 1\nexec "${realGit}" "$@"\n`, { mode: 0o755 });
    const savedPath = process.env.PATH;
    process.env.PATH = `${slow}${path.delimiter}${savedPath}`;
    let answer;
    const started = Date.now();
    try {
      answer = await changedFiles(repo);
    } finally {
      process.env.PATH = savedPath;
    }
    expect(Date.now() - started).toBeLessThan(900);
    expect(answer).toEqual({ base: 'main', files: ['src/a.ts'] });
    // The slow git finishes on its own and writes the answer that includes the edit.
    const deadline = Date.now() + 10_000;
    while (
      Date.now() < deadline &&
      !fs.readdirSync(cacheLayout(repo).changed).some((name) => fs.readFileSync(path.join(cacheLayout(repo).changed, name), 'utf8').includes('src/b.ts'))
    )
      await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await changedFiles(repo)).toEqual({ base: 'main', files: ['src/a.ts', 'src/b.ts'] });
  });

  it('creates nothing in a repository without a memory tree', async () => {
    const repo = repoOnFeatureBranch();
    expect(await changedFiles(repo)).toEqual({ base: 'main', files: ['src/a.ts'] });
    expect(fs.existsSync(path.join(repo, '.claude-memory'))).toBe(false);
  });
});
