import fs from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { commitMessage, handleNewNotes, selectNotePaths } from '../../src/git/new-notes.js';
import { git, tempRepo, writeFile } from '../helpers/temp-repo.js';
import { addTestNote, commitAll } from './notes-in-repo.js';

const repos: string[] = [];
afterEach(() => {
  for (const dir of repos.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

/** A repository with memory, one commit, and a user mid-work: a staged change, an unstaged one, an untracked file. */
function busyRepo(): string {
  const root = tempRepo({ initMemory: true });
  repos.push(root);
  writeFile(root, 'src/staged.ts', 'one\n');
  writeFile(root, 'src/unstaged.ts', 'one\n');
  commitAll(root, 'start');
  writeFile(root, 'src/staged.ts', 'two (staged by the user)\n');
  git(root, 'add', 'src/staged.ts');
  writeFile(root, 'src/unstaged.ts', 'two (not staged)\n');
  writeFile(root, 'scratch.txt', 'untracked\n');
  return root;
}

const status = (root: string) => git(root, 'status', '--porcelain').split('\n').sort();

describe('handleNewNotes', () => {
  it('off: touches nothing', async () => {
    const root = busyRepo();
    const note = addTestNote(root, 'Off mode note');
    const before = status(root);
    expect(await handleNewNotes(root, [note.path], 'off')).toEqual({ staged: [], committed: [] });
    expect(status(root)).toEqual(before);
  });

  it('stage: stages exactly the new notes', async () => {
    const root = busyRepo();
    const note = addTestNote(root, 'Stage mode note');
    const result = await handleNewNotes(root, [note.path, 'src/unstaged.ts', 'scratch.txt', '.claude-memory/notes/general/vanished.md'], 'stage');
    expect(result.staged).toEqual([note.path]);
    expect(status(root)).toEqual(['?? scratch.txt', ` M src/unstaged.ts`, `A  ${note.path}`, 'M  src/staged.ts'].sort());
  });

  it("commit: one commit of exactly the new notes; the user's staged change stays staged and uncommitted", async () => {
    const root = busyRepo();
    const first = addTestNote(root, 'Auth signs with RS256');
    const second = addTestNote(root, 'Cache keys include the tenant');
    const headBefore = git(root, 'rev-parse', 'HEAD');
    const result = await handleNewNotes(root, [first.path, `${root}/${second.path}`, 'src/staged.ts'], 'commit', { sessionId: '74e5d79a-1111-2222' });
    expect(result.error).toBeUndefined();
    expect(result.committed).toEqual([first.path, second.path].sort());
    expect(git(root, 'rev-parse', 'HEAD')).toBe(result.commit);
    expect(git(root, 'rev-parse', 'HEAD~1')).toBe(headBefore);
    expect(git(root, 'show', '--name-only', '--format=', 'HEAD').split('\n').sort()).toEqual([first.path, second.path].sort());
    const message = git(root, 'log', '-1', '--format=%B');
    expect(message).toMatch(/^memory: add 2 notes \(session 74e5d79a\)\n/);
    expect(message).toContain(`- fact: Auth signs with RS256 (${first.path})`);
    expect(message).toContain('Claude-Memory-Session: 74e5d79a-1111-2222');
    // Everything else exactly as the user left it, notes clean in the index.
    expect(status(root)).toEqual(['?? scratch.txt', ' M src/unstaged.ts', 'M  src/staged.ts'].sort());
    expect(git(root, 'diff', '--cached', 'HEAD', '--', 'src/staged.ts')).toContain('+two (staged by the user)');
  });

  it('commit: an updated note is described as an update', async () => {
    const root = busyRepo();
    const note = addTestNote(root, 'Updated later');
    git(root, 'add', note.path);
    git(root, 'commit', '-q', '-m', 'note', '--', note.path);
    fs.appendFileSync(`${root}/${note.path}`, '\nMore detail.\n');
    const result = await handleNewNotes(root, [note.path], 'commit');
    expect(result.commit).toBe(git(root, 'rev-parse', 'HEAD'));
    expect(git(root, 'log', '-1', '--format=%s')).toBe('memory: update 1 note');
    expect(status(root)).toEqual(['?? scratch.txt', ' M src/unstaged.ts', 'M  src/staged.ts'].sort());
  });

  it('commit: works on a branch with no commits yet', async () => {
    const root = tempRepo({ initMemory: true });
    repos.push(root);
    const note = addTestNote(root, 'First ever note');
    const result = await handleNewNotes(root, [note.path], 'commit');
    expect(result.commit).toBe(git(root, 'rev-parse', 'HEAD'));
    expect(git(root, 'rev-list', '--count', 'HEAD')).toBe('1');
    expect(git(root, 'ls-tree', '-r', '--name-only', 'HEAD')).toBe(note.path);
  });

  it('commit during a merge: stages instead, and says why', async () => {
    const root = busyRepo();
    git(root, 'stash', '-q', '--include-untracked');
    git(root, 'checkout', '-q', '-b', 'other');
    writeFile(root, 'src/staged.ts', 'other side\n');
    commitAll(root, 'other');
    git(root, 'checkout', '-q', 'main');
    writeFile(root, 'src/staged.ts', 'main side\n');
    commitAll(root, 'main');
    expect(() => git(root, 'merge', '-q', 'other')).toThrow();
    const head = git(root, 'rev-parse', 'HEAD');
    const note = addTestNote(root, 'Written mid-merge');
    const result = await handleNewNotes(root, [note.path], 'commit');
    expect(result.commit).toBeUndefined();
    expect(result.staged).toEqual([note.path]);
    expect(result.error).toMatch(/MERGE_HEAD is in progress/);
    expect(git(root, 'rev-parse', 'HEAD')).toBe(head);
  });
});

describe('pure parts', () => {
  it('selectNotePaths keeps only note files inside the notes folder', () => {
    const root = '/repo';
    expect(
      selectNotePaths(root, [
        '.claude-memory/notes/a/x.md',
        '/repo/.claude-memory/notes/y.md',
        '.claude-memory/config.json',
        '../evil/.claude-memory/notes/z.md',
        'src/a.md',
        '.claude-memory/notes/a/x.md',
      ]),
    ).toEqual(['.claude-memory/notes/a/x.md', '.claude-memory/notes/y.md']);
  });

  it('commitMessage keeps titles on one line', () => {
    const message = commitMessage([
      { path: 'p.md', title: 'Two\nlines', type: 'fact', isNew: true },
      { path: 'q.md', title: 'Q', type: 'gotcha', isNew: false },
    ]);
    expect(message).toBe('memory: add 1 note, update 1\n\n- fact: Two lines (p.md)\n- gotcha: Q (q.md)\n');
  });
});
