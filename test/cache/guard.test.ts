/**
 * Class 3 of issue 15 end to end: a commit that turns part of `.claude-memory/` into a symbolic link makes every
 * surface refuse with an error naming it, and nothing outside the repository is read, written or deleted. Real git
 * repositories, the built CLI, the hooks as Claude Code runs them, and the library API.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkMemoryTree } from '../../src/cache/guard.js';
import { openMemory } from '../../src/surfaces/api/open-memory.js';
import { memoryProblem } from '../../src/surfaces/mcp/server.js';
import { git, runCliSync, tempDir, tempRepo, writeFile } from '../helpers/temp-repo.js';

const cleanup: string[] = [];
afterAll(() => {
  for (const dir of cleanup) fs.rmSync(dir, { recursive: true, force: true });
});

const NOTE = '---\ntitle: Outside note\ntype: fact\n---\nPlanted outside the repository.\n';
const SECRET = 'AWS_SECRET_ACCESS_KEY=outside-the-repo-do-not-read\n';

/** An outside folder shaped so that following a link into it would "work": notes, an index file, cache files. */
function outsideTree(): { dir: string; listing: () => string[] } {
  const dir = tempDir('cm-outside-');
  cleanup.push(dir);
  writeFile(dir, 'topic/outside-note.md', NOTE);
  writeFile(dir, 'secret.md', SECRET);
  writeFile(dir, 'old.md', 'a file refresh would delete from a linked index/ folder');
  const listing = () =>
    fs
      .readdirSync(dir, { recursive: true })
      .map(String)
      .sort()
      .map((rel) => `${rel}:${fs.statSync(path.join(dir, rel)).isFile() ? fs.readFileSync(path.join(dir, rel), 'utf8') : ''}`);
  return { dir, listing };
}

function repo(): string {
  const root = tempRepo({ initMemory: true });
  cleanup.push(root);
  runCliSync(root, ['add', '--title', 'Inside note', '--type', 'fact', '--body', 'In the repository.']);
  return root;
}

/** Each planted link, as a commit could check it out: the path under .claude-memory/ and what it points at. */
const PLANTS: Array<{ rel: string; target: (outside: string) => string }> = [
  { rel: '', target: (o) => o },
  { rel: 'notes', target: (o) => o },
  { rel: '.cache', target: (o) => o },
  { rel: 'index', target: (o) => o },
  { rel: 'INDEX.md', target: (o) => path.join(o, 'secret.md') },
  { rel: 'config.json', target: (o) => path.join(o, 'secret.md') },
  { rel: '.cache/search', target: (o) => o },
  { rel: '.cache/sessions', target: (o) => o },
  { rel: '.cache/pending', target: (o) => o },
  { rel: '.cache/done', target: (o) => o },
  { rel: '.cache/locks', target: (o) => o },
  { rel: '.cache/cursors', target: (o) => o },
  { rel: '.cache/file-notes', target: (o) => o },
];

function plant(root: string, rel: string, target: string): string {
  const at = path.join(root, '.claude-memory', rel);
  fs.mkdirSync(path.dirname(at), { recursive: true });
  fs.rmSync(at, { recursive: true, force: true });
  fs.symlinkSync(target, at);
  return path.join('.claude-memory', rel);
}

describe('a memory tree with a planted link', () => {
  for (const { rel, target } of PLANTS) {
    it(`is refused at every surface when .claude-memory/${rel} is a link, and nothing outside changes`, () => {
      const root = repo();
      runCliSync(root, ['index']); // the cache exists, so its subfolders can be swapped
      const outside = outsideTree();
      const before = outside.listing();
      const shown = plant(root, rel, target(outside.dir));
      const named = new RegExp(`${shown.replace(/\./g, '\\.')}: is a symbolic link`);

      expect(() => checkMemoryTree(root)).toThrow(named);
      // Every command goes through the same check (resolveRoot); the whole set runs for the notes folder below.
      const commands =
        rel === 'notes'
          ? [['list'], ['search', 'outside'], ['context'], ['lint'], ['index'], ['add', '--title', 'x', '--type', 'fact'], ['refresh'], ['stats']]
          : [['list'], ['context']];
      for (const args of commands) {
        const result = runCliSync(root, args);
        expect(result.code, args.join(' ')).toBe(1);
        expect(result.stderr).toMatch(named);
        expect(result.stderr).not.toMatch(/\n\s+at /); // no stack trace
        expect(result.stdout + result.stderr).not.toContain('outside-the-repo-do-not-read');
        expect(result.stdout).not.toContain('Outside note');
      }
      const hook = runCliSync(root, ['hook', 'session-start'], {
        input: JSON.stringify({ session_id: 's1', cwd: root, hook_event_name: 'SessionStart', source: 'startup' }),
      });
      expect(hook).toMatchObject({ code: 0, stdout: '' });
      if (rel === 'notes') {
        const prompt = runCliSync(root, ['hook', 'user-prompt-submit'], {
          input: JSON.stringify({ session_id: 's1', cwd: root, hook_event_name: 'UserPromptSubmit', prompt: 'outside note planted' }),
        });
        expect(prompt).toMatchObject({ code: 0, stdout: '' });
      }
      expect(memoryProblem(root, root)).toMatch(named);
      expect(() => openMemory({ root })).toThrow(named);
      expect(outside.listing()).toEqual(before);
    });
  }

  it('refuses a link that appears after the API was opened (a pull between two calls)', async () => {
    const root = repo();
    const memory = openMemory({ root });
    expect((await memory.list()).map((entry) => entry.title)).toEqual(['Inside note']);
    const outside = outsideTree();
    plant(root, 'notes', outside.dir);
    await expect(memory.list()).rejects.toThrow(/\.claude-memory\/notes: is a symbolic link/);
    await expect(memory.add({ title: 'x', type: 'fact' })).rejects.toThrow(/symbolic link/);
  });

  it('a committed link is refused on the clone that pulls it', () => {
    const root = repo();
    git(root, 'add', '-A');
    git(root, 'commit', '-qm', 'memory');
    const clone = tempDir('cm-clone-');
    cleanup.push(clone);
    git(clone, 'clone', '-q', root, '.');
    // The attacker's commit: notes/ replaced by a link to the victim's home-like folder.
    const outside = outsideTree();
    fs.rmSync(path.join(root, '.claude-memory', 'notes'), { recursive: true });
    fs.symlinkSync(outside.dir, path.join(root, '.claude-memory', 'notes'));
    git(root, 'add', '-A');
    git(root, 'commit', '-qm', 'notes is a link now');
    git(clone, 'pull', '-q', '--no-rebase');
    expect(fs.lstatSync(path.join(clone, '.claude-memory', 'notes')).isSymbolicLink()).toBe(true);
    const result = runCliSync(clone, ['list']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('.claude-memory/notes: is a symbolic link');
    expect(result.stdout).not.toContain('Outside note');
  });

  it('does not follow a note file linked to a file elsewhere in the repository', () => {
    const root = repo();
    writeFile(root, 'docs/private.md', '---\ntitle: Private design\ntype: fact\n---\nnot a note\n');
    fs.symlinkSync(path.join(root, 'docs', 'private.md'), path.join(root, '.claude-memory', 'notes', 'general', 'private.md'));
    expect(runCliSync(root, ['list']).stdout).not.toContain('Private design');
    const lint = runCliSync(root, ['lint']);
    expect(lint.stdout).toContain('symlink leading outside the notes folder');
  });
});
