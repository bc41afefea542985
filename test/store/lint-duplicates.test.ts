/** Lint on what arrives by `git pull`: supersede cycles and two active notes with the same or nearly the same title. */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { lintNotes } from '../../src/store/lint.js';
import { addNote } from '../../src/store/notes.js';
import { runCliSync, tempRepo } from '../helpers/temp-repo.js';

const repos: string[] = [];
afterAll(() => {
  for (const dir of repos) fs.rmSync(dir, { recursive: true, force: true });
});
function repo(): string {
  const root = tempRepo({ initMemory: true });
  repos.push(root);
  return root;
}

describe('lint', () => {
  it('reports a supersede cycle left by two teammates, naming the notes around it', () => {
    const root = repo();
    const a = addNote(root, { title: 'Tokens use HS256', type: 'decision', body: 'a' });
    const b = addNote(root, { title: 'Tokens use RS256', type: 'decision', body: 'b' });
    const edit = (file: string, from: string, to: string) =>
      fs.writeFileSync(path.join(root, file), fs.readFileSync(path.join(root, file), 'utf8').replace(from, to));
    // What `supersede A B` on one clone and `supersede B A` on another leave after a merge.
    edit(a.path, 'status: active', `status: superseded\nsupersededBy: ${b.id}`);
    edit(b.path, 'status: active', `status: superseded\nsupersededBy: ${a.id}`);
    const cycle = lintNotes(root).problems.filter((p) => p.code === 'supersede-cycle');
    const [first, second] = [a.id, b.id].sort();
    expect(cycle).toEqual([
      {
        path: (first === a.id ? a : b).path,
        code: 'supersede-cycle',
        severity: 'error',
        reason: `supersede links form a cycle: ${first} → ${second} → ${first}; make one of these notes active again and remove its supersededBy`,
      },
    ]);
  });

  it('warns about two active notes with the same or nearly the same title, naming both files, and --fix merges nothing', () => {
    const root = repo();
    const mine = addNote(root, { title: 'Builds run with pnpm, never npm', type: 'convention', topic: 'build', body: 'The lockfile is pnpm-lock.yaml.' });
    const theirs = addNote(root, { title: 'Builds run with PNPM — never npm!', type: 'convention', topic: 'tooling', body: 'Use pnpm install.' });
    const near = addNote(root, { title: 'Deploys go through the release branch', type: 'convention', body: 'x' });
    const nearer = addNote(root, { title: 'Deploys go through the release branches', type: 'convention', body: 'y' });
    addNote(root, { title: 'Hotfixes skip the release branch', type: 'convention', body: 'z' });
    const old = addNote(root, { title: 'Deploys go through the release branch', type: 'convention', body: 'old', status: 'archived' });

    const warnings = lintNotes(root).problems.filter((p) => p.code === 'similar-title');
    const pair = (x: { path: string }, y: { path: string }) => (x.path < y.path ? [x, y] : [y, x]);
    const [p1, p2] = pair(mine, theirs);
    const [p3, p4] = pair(near, nearer);
    expect(warnings).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          path: p1!.path,
          severity: 'warning',
          reason: expect.stringMatching(new RegExp(`^same title as ${p2!.path.replace(/[.]/g, '\\.')} `)),
        }),
        expect.objectContaining({
          path: p3!.path,
          severity: 'warning',
          reason: expect.stringMatching(new RegExp(`^nearly the same title as ${p4!.path.replace(/[.]/g, '\\.')} `)),
        }),
      ]),
    );
    expect(warnings).toHaveLength(2);
    expect(JSON.stringify(warnings)).not.toContain(old.path);

    const before = [mine, theirs, near, nearer].map((n) => fs.readFileSync(path.join(root, n.path), 'utf8'));
    const fixed = runCliSync(root, ['lint', '--fix']);
    expect(fixed.code).toBe(1);
    expect(fixed.stdout).toContain(`${p1!.path}: warning: same title as ${p2!.path}`);
    expect([mine, theirs, near, nearer].map((n) => fs.readFileSync(path.join(root, n.path), 'utf8'))).toEqual(before);
  });
});
