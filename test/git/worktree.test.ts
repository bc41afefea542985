import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installGitHooks } from '../../src/git/hooks-install.js';
import { git, linkInstalledPackage, runCliSync, tempDir, tempRepo } from '../helpers/temp-repo.js';
import { addTestNote, cachedIds, commitAll, listIds } from './notes-in-repo.js';

/** Two worktrees of one repository: each reads its own checkout's notes and keeps its own cache. */
let main: string;
let extra: string;
let parent: string;

beforeAll(async () => {
  process.env.CLAUDE_MEMORY_GIT_HOOK_SYNC = '1';
  main = tempRepo({ initMemory: true });
  // Installed in the main work tree only: the hooks in the linked one find it through the common git folder.
  linkInstalledPackage(main);
  await installGitHooks(main);
  commitAll(main, 'memory');
  parent = tempDir('claude-memory-worktrees-');
  extra = path.join(parent, 'feature');
  git(main, 'worktree', 'add', '-q', '-b', 'feature', extra);
});
afterAll(() => {
  fs.rmSync(main, { recursive: true, force: true });
  fs.rmSync(parent, { recursive: true, force: true });
});

describe('worktrees', () => {
  it('each worktree reads its own notes, and caches never collide', () => {
    const onMain = addTestNote(main, 'Main worktree gizmo');
    const onFeature = addTestNote(extra, 'Feature worktree gadget');
    commitAll(extra, 'feature note');
    expect(listIds(main)).toEqual([onMain.id]);
    expect(listIds(extra)).toEqual([onFeature.id]);
    const hits = (root: string) => (JSON.parse(runCliSync(root, ['search', 'worktree', '--json']).stdout) as Array<{ id: string }>).map((hit) => hit.id);
    expect(hits(main)).toEqual([onMain.id]);
    expect(hits(extra)).toEqual([onFeature.id]);
    // The caches live in each checkout.
    expect(fs.existsSync(path.join(main, '.claude-memory', '.cache', 'catalog.json'))).toBe(true);
    expect(fs.existsSync(path.join(extra, '.claude-memory', '.cache', 'catalog.json'))).toBe(true);
    expect(cachedIds(main)).toEqual([onMain.id]);
    expect(cachedIds(extra)).toEqual([onFeature.id]);
  });

  it('the shared git hooks refresh the worktree where git ran', () => {
    const before = cachedIds(main);
    git(extra, 'checkout', '-q', '-b', 'feature-2');
    const later = addTestNote(extra, 'Later feature note');
    commitAll(extra, 'later');
    git(extra, 'checkout', '-q', 'feature');
    git(extra, 'merge', '-q', 'feature-2');
    expect(cachedIds(extra)).toContain(later.id);
    expect(cachedIds(main)).toEqual(before);
  });
});
