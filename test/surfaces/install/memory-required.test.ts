import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openMemory } from '../../../src/surfaces/api/open-memory.js';
import { needsMemory, noMemoryMessage } from '../../../src/surfaces/install/memory-required.js';
import { PROJECT_ROOT, runCliSync, tempRepo } from '../../helpers/temp-repo.js';

/**
 * In a repository where `init` never ran, no command may leave notes or a cache behind without the .gitignore that
 * keeps the cache out of commits, and no reading command may answer with silence. Every command `--help` lists is
 * named below with arguments it accepts, so a new command cannot skip the decision.
 */

const cleanup: string[] = [];
afterAll(() => {
  for (const dir of cleanup) fs.rmSync(dir, { recursive: true, force: true });
});

/** Valid arguments for each command; `null` for the ones that work without .claude-memory/. */
const SAMPLES: Record<string, string[] | null> = {
  init: null,
  uninstall: null,
  doctor: null,
  hook: null,
  'git-hook': null,
  mcp: null,
  guard: null,
  add: ['add', '--title', 'A note', '--type', 'fact', '--body', 'text'],
  show: ['show', 'some-id'],
  list: ['list'],
  search: ['search', 'anything'],
  index: ['index'],
  lint: ['lint'],
  context: ['context'],
  stats: ['stats'],
  compress: ['compress', '--pending'],
  review: ['review'],
  history: ['history', 'some-id'],
  stale: ['stale'],
  forget: ['forget', 'some-id'],
  supersede: ['supersede', 'old-id', 'new-id'],
  consolidate: ['consolidate'],
  embed: ['embed'],
  refresh: ['refresh'],
  import: ['import', 'markdown', '.'],
  export: ['export', '--format', 'agents-md'],
  view: ['view'],
  ci: ['ci'],
};

function listedCommands(): string[] {
  const help = runCliSync(PROJECT_ROOT, ['--help']).stdout;
  return [...help.matchAll(/^ {2}claude-memory ([a-z-]+)/gm)].map((match) => match[1]!);
}

function bareRepo(): string {
  const root = tempRepo();
  cleanup.push(root);
  fs.writeFileSync(path.join(root, 'README.md'), 'project\n');
  return root;
}

describe('commands in a repository without .claude-memory/', () => {
  it('every command --help lists is classified here the way the CLI classifies it', () => {
    const listed = listedCommands();
    expect(listed.length).toBeGreaterThan(20);
    expect(Object.keys(SAMPLES).sort()).toEqual([...listed].sort());
    for (const command of listed) expect(needsMemory(command), command).toBe(SAMPLES[command] !== null);
    // What a git hook runs does nothing there, whatever the command.
    expect(needsMemory('refresh', { gitHook: 'post-merge' })).toBe(false);
  });

  it('each command that reads or writes memory refuses with the same sentence and leaves nothing behind', () => {
    const root = bareRepo();
    const expected = `claude-memory: ${noMemoryMessage(root)}\n`;
    for (const [command, args] of Object.entries(SAMPLES)) {
      if (!args) continue;
      const result = runCliSync(root, args);
      expect([command, result.code, result.stderr, result.stdout]).toEqual([command, 1, expected, '']);
    }
    expect(fs.readdirSync(root).sort()).toEqual(['.git', 'README.md']);
  });

  it('the commands that work without it say something useful, and create nothing but what init creates', () => {
    const root = bareRepo();
    expect(runCliSync(root, ['hook', 'session-start'], { input: '{}' })).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(runCliSync(root, ['git-hook', 'post-merge']).code).toBe(0);
    expect(runCliSync(root, ['refresh', '--git-hook', 'post-merge']).code).toBe(0);
    expect(runCliSync(root, ['uninstall']).stdout).toContain('nothing to remove');
    expect(runCliSync(root, ['doctor']).stdout).toContain('no .claude-memory/ folder here');
    expect(fs.readdirSync(root).sort()).toEqual(['.git', 'README.md']);
    expect(runCliSync(root, ['init', '--no-hooks', '--no-git-hooks', '--no-mcp']).code).toBe(0);
    expect(fs.readFileSync(path.join(root, '.claude-memory', '.gitignore'), 'utf8')).toMatch(/^\.cache\/$/m);
    expect(runCliSync(root, ['list']).stdout).toBe('No notes.\n');
  });

  it('the library API rejects the same way, before writing anything', async () => {
    const root = bareRepo();
    const memory = openMemory({ root });
    await expect(memory.add({ title: 'A note', type: 'fact', body: 'text' })).rejects.toThrow(noMemoryMessage(root));
    await expect(memory.search('anything')).rejects.toThrow('run "claude-memory init" there first');
    await expect(memory.context()).rejects.toThrow('run "claude-memory init" there first');
    expect(fs.readdirSync(root).sort()).toEqual(['.git', 'README.md']);
  });
});

describe('the README init writes into .claude-memory/', () => {
  it('links to nothing that may not exist: no web addresses, and every relative link is inside the folder', () => {
    const root = tempRepo({ initMemory: true });
    cleanup.push(root);
    const readme = fs.readFileSync(path.join(root, '.claude-memory', 'README.md'), 'utf8');
    expect(readme).not.toMatch(/https?:\/\//);
    for (const [, target] of readme.matchAll(/\]\(([^)]+)\)/g)) expect(fs.existsSync(path.join(root, '.claude-memory', target!)), target).toBe(true);
    expect(readme).toContain('claude-memory --help');
    expect(readme).toContain('claude-memory doctor');
  });
});
