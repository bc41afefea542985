import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lastCommits } from '../../src/git/provenance.js';
import { git, runCliSync, tempRepo } from '../helpers/temp-repo.js';
import { addTestNote, commitAll } from './notes-in-repo.js';

let root: string;
let note: { id: string; path: string };
let other: { id: string; path: string };
let fresh: { id: string; path: string };

/** Commit as someone else at a fixed date, so provenance is checkable. */
function commitAs(name: string, date: string, message: string): string {
  git(root, 'add', '-A');
  execFileSync('git', ['commit', '-q', '-m', message], {
    cwd: root,
    env: { ...process.env, GIT_AUTHOR_NAME: name, GIT_AUTHOR_EMAIL: `${name.toLowerCase()}@example.com`, GIT_AUTHOR_DATE: date },
  });
  return git(root, 'rev-parse', 'HEAD');
}

beforeAll(() => {
  root = tempRepo({ initMemory: true });
  commitAll(root, 'memory');
  note = addTestNote(root, 'Payments retry idempotently');
  other = addTestNote(root, 'Payments use a ledger');
  commitAs('Alice', '2026-01-02T03:04:05Z', 'add payment notes');
  fs.appendFileSync(path.join(root, note.path), '\nKeys are request ids.\n');
  commitAs('Bob', '2026-02-03T04:05:06Z', 'refine the retry note');
  // The note moves to another topic folder: history follows it.
  const moved = note.path.replace('/general/', '/payments/');
  fs.mkdirSync(path.dirname(path.join(root, moved)), { recursive: true });
  git(root, 'mv', note.path, moved);
  commitAs('Carol', '2026-03-04T05:06:07Z', 'file under payments');
  note = { ...note, path: moved };
  fresh = addTestNote(root, 'Payments uncommitted idea');
});
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

describe('provenance from git', () => {
  it('show --json carries the last commit of the note', () => {
    const shown = JSON.parse(runCliSync(root, ['show', other.id, '--json']).stdout) as { id: string; provenance: unknown };
    expect(shown.provenance).toEqual({
      commit: expect.stringMatching(/^[0-9a-f]{40}$/),
      author: 'Alice',
      email: 'alice@example.com',
      date: '2026-01-02T03:04:05Z'.replace('Z', '+00:00'),
    });
    const text = runCliSync(root, ['show', note.id]).stdout;
    expect(text).toMatch(/\(last commit [0-9a-f]{10} by Carol on 2026-03-04T05:06:07\+00:00\)\n$/);
    expect(runCliSync(root, ['show', fresh.id]).stdout).toMatch(/\(not committed yet\)\n$/);
  });

  it('search --json gives every hit its provenance (null when not committed)', () => {
    const hits = JSON.parse(runCliSync(root, ['search', 'payments', '--json']).stdout) as Array<{ id: string; provenance: { author: string } | null }>;
    const byId = Object.fromEntries(hits.map((hit) => [hit.id, hit.provenance]));
    expect(byId[note.id]?.author).toBe('Carol');
    expect(byId[other.id]?.author).toBe('Alice');
    expect(byId[fresh.id]).toBeNull();
    // Plain output stays as it was.
    expect(runCliSync(root, ['search', 'payments']).stdout).not.toContain('provenance');
  });

  it("history lists the note's commits newest first, following the rename", () => {
    const entries = JSON.parse(runCliSync(root, ['history', note.id, '--json']).stdout) as Array<{
      author: string;
      status: string;
      subject: string;
      from?: string;
    }>;
    expect(entries.map((entry) => [entry.author, entry.status, entry.subject])).toEqual([
      ['Carol', 'R', 'file under payments'],
      ['Bob', 'M', 'refine the retry note'],
      ['Alice', 'A', 'add payment notes'],
    ]);
    expect(entries[0]!.from).toMatch(/\/general\//);
    const text = runCliSync(root, ['history', note.id]).stdout;
    expect(text.split('\n')[0]).toMatch(/^[0-9a-f]{10} {2}2026-03-04 {2}Carol {2}renamed from \.claude-memory\/notes\/general\/.* {2}file under payments$/);
  });

  it('history finds a note deleted from the work tree, and names an unknown id', () => {
    fs.rmSync(path.join(root, other.path));
    try {
      const entries = JSON.parse(runCliSync(root, ['history', other.id, '--json']).stdout) as Array<{ author: string }>;
      expect(entries.map((entry) => entry.author)).toEqual(['Alice']);
    } finally {
      git(root, 'checkout', '--', other.path);
    }
    const missing = runCliSync(root, ['history', 'no-such-note-abc123']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toBe('claude-memory: no note with id "no-such-note-abc123" in the work tree or in the history of HEAD\n');
  });

  it('lastCommits stops at the first commit of each path and skips unknown ones', async () => {
    const found = await lastCommits(root, [note.path, other.path, fresh.path]);
    expect([...found.keys()].sort()).toEqual([note.path, other.path].sort());
    expect(found.get(other.path)?.author).toBe('Alice');
  });
});
