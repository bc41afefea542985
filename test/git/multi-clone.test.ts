import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cloneRepo, git, initRepo, linkInstalledPackage, runCliSync, tempDir, writeFile } from '../helpers/temp-repo.js';
import { addTestNote, cachedIds, commitAll, listIds } from './notes-in-repo.js';

/**
 * Three teammates share notes through one bare remote: branches, merges, a rebase and pulls. Git must never report
 * a conflict, no note may be lost, and every clone's index must be right straight after each pull.
 * Clones A and B have the git hooks (their cache is checked on disk, before any claude-memory command);
 * clone C has none (its reading commands must notice the pull by themselves).
 */

let top: string;
const all: string[] = [];

beforeAll(() => {
  process.env.CLAUDE_MEMORY_GIT_HOOK_SYNC = '1';
  top = tempDir('claude-memory-team-');
});
afterAll(() => fs.rmSync(top, { recursive: true, force: true }));

const clone = (name: string) => cloneRepo(top, name);

async function init(root: string, gitHooks: boolean): Promise<void> {
  if (gitHooks) linkInstalledPackage(root);
  await initRepo(root, { gitHooks });
}

function add(root: string, title: string): string {
  const { id } = addTestNote(root, title);
  all.push(id);
  return id;
}

const sorted = (ids: string[]) => [...ids].sort();

/** No unmerged paths and no conflict markers anywhere under .claude-memory/. */
function expectNoConflicts(root: string): void {
  expect(git(root, 'ls-files', '-u')).toBe('');
  expect(git(root, 'status', '--porcelain', '--untracked-files=no')).toBe('');
  const walk = (dir: string): string[] =>
    fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => (entry.isDirectory() ? walk(path.join(dir, entry.name)) : [path.join(dir, entry.name)]));
  for (const file of walk(path.join(root, '.claude-memory', 'notes'))) expect(fs.readFileSync(file, 'utf8')).not.toMatch(/^<{7}|^>{7}/m);
}

function noteFiles(root: string): string[] {
  return git(root, 'ls-files', '.claude-memory/notes')
    .split('\n')
    .filter((file) => file.endsWith('.md'))
    .sort();
}

describe('three clones sharing notes through a bare remote', () => {
  it('merge, rebase and pull with zero conflicts, zero lost notes and a right index in every clone', { timeout: 240_000 }, async () => {
    git(top, 'init', '-q', '--bare', '-b', 'main', 'remote.git');
    const a = clone('a');
    await init(a, true);
    writeFile(a, 'src/app.ts', 'export const app = 1;\n');
    commitAll(a, 'project with memory');
    git(a, 'push', '-q', 'origin', 'main');
    // Generated files never reach git.
    expect(git(a, 'ls-files', '.claude-memory').split('\n').sort()).toEqual([
      '.claude-memory/.gitignore',
      '.claude-memory/README.md',
      '.claude-memory/config.json',
      '.claude-memory/notes/.gitkeep',
    ]);

    const b = clone('b');
    const c = clone('c');
    await init(b, true);
    await init(c, false);
    // init in a clone that already has .claude-memory/ changes nothing git tracks.
    expect(git(b, 'status', '--porcelain')).toBe('');
    expect(git(c, 'status', '--porcelain')).toBe('');

    // A: notes on a branch, merged into main, pushed.
    git(a, 'checkout', '-q', '-b', 'a-notes');
    add(a, 'Auth uses RS256');
    add(a, 'Deploys go through the pipeline');
    commitAll(a, 'a: two notes');
    git(a, 'checkout', '-q', 'main');
    git(a, 'merge', '-q', '--no-ff', '-m', 'merge a-notes', 'a-notes');
    expect(cachedIds(a)).toEqual(sorted(all));
    git(a, 'push', '-q', 'origin', 'main');

    // B: notes on its own branch while A's land on main; pull, then a real merge of both sides.
    git(b, 'checkout', '-q', '-b', 'b-notes');
    add(b, 'Cache keys include the tenant');
    add(b, 'Tests run against a real database');
    commitAll(b, 'b: two notes');
    git(b, 'checkout', '-q', 'main');
    git(b, 'pull', '-q', '--no-rebase', 'origin', 'main');
    expect(cachedIds(b)).toEqual(sorted(all.slice(0, 2)));
    git(b, 'merge', '-q', '--no-ff', '-m', 'merge b-notes', 'b-notes');
    expectNoConflicts(b);
    expect(cachedIds(b)).toEqual(sorted(all));
    git(b, 'push', '-q', 'origin', 'main');

    // C (no git hooks): a note committed on a main that is now behind, then pull --rebase.
    add(c, 'Feature flags live in config');
    commitAll(c, 'c: one note');
    git(c, 'pull', '-q', '--rebase', 'origin', 'main');
    expectNoConflicts(c);
    expect(listIds(c)).toEqual(sorted(all));
    git(c, 'push', '-q', 'origin', 'main');

    // A: a note of its own on main while behind, pulled with a merge commit.
    add(a, 'Logs are JSON lines');
    commitAll(a, 'a: one more note');
    git(a, 'pull', '-q', '--no-rebase', 'origin', 'main');
    expectNoConflicts(a);
    expect(cachedIds(a)).toEqual(sorted(all));
    git(a, 'push', '-q', 'origin', 'main');

    // Everyone pulls the final state.
    git(b, 'pull', '-q', '--ff-only', 'origin', 'main');
    expect(cachedIds(b)).toEqual(sorted(all));
    git(c, 'pull', '-q', '--ff-only', 'origin', 'main');

    expect(all).toHaveLength(6);
    for (const root of [a, b, c]) {
      expectNoConflicts(root);
      expect(noteFiles(root)).toHaveLength(6);
      expect(listIds(root)).toEqual(sorted(all));
      const hits = JSON.parse(runCliSync(root, ['search', 'tenant cache keys', '--json']).stdout) as Array<{ id: string }>;
      expect(hits[0]?.id).toBe(all[2]);
    }
    expect(noteFiles(b)).toEqual(noteFiles(a));
    expect(noteFiles(c)).toEqual(noteFiles(a));
  });
});
