import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { portableCommand } from '../../../src/surfaces/hooks/hook-command.js';
import { PORTABLE_SCRIPT } from '../../../src/surfaces/install/mcp-config.js';
import { mainWorktreeOf } from '../../../src/surfaces/install/launcher.js';
import { git, tempDir } from '../../helpers/temp-repo.js';

/**
 * The command init registers for Claude Code (and the plugin ships), run by sh as Claude Code runs it, with stand-ins
 * that record what was called: a `node` first on PATH for a project's copy, a `claude-memory` for a global install.
 */

const cleanup: string[] = [];
afterAll(() => {
  for (const dir of cleanup) fs.rmSync(dir, { recursive: true, force: true });
});

interface Setup {
  main: string;
  linked: string;
  calls: string;
  run: (command: string, cwd: string, options?: { global?: boolean; projectDir?: string }) => number;
  installCopy: (dir: string) => string;
}

function setup(): Setup {
  const base = tempDir('claude-memory-hook command ');
  cleanup.push(base);
  const main = path.join(base, 'main repo');
  const linked = path.join(base, 'linked tree');
  const calls = path.join(base, 'calls.log');
  const shims = path.join(base, 'shims');
  const global = path.join(base, 'global');
  fs.mkdirSync(main);
  fs.mkdirSync(shims);
  fs.mkdirSync(global);
  git(main, 'init', '-q', '-b', 'main');
  git(main, '-c', 'user.name=t', '-c', 'user.email=t@e', 'commit', '-q', '--allow-empty', '-m', 'root');
  git(main, 'worktree', 'add', '-q', '--detach', linked);
  const recorder = (label: string) =>
    `#!/bin/sh\nprintf '${label}' >> '${calls}'\nfor arg in "$@"; do printf '[%s]' "$arg" >> '${calls}'; done\necho >> '${calls}'\n`;
  fs.writeFileSync(path.join(shims, 'node'), recorder('node'), { mode: 0o755 });
  fs.writeFileSync(path.join(global, 'claude-memory'), recorder('global'), { mode: 0o755 });
  return {
    main,
    linked,
    calls,
    run: (command, cwd, options = {}) =>
      spawnSync('sh', ['-c', command], {
        cwd,
        env: {
          PATH: [shims, ...(options.global ? [global] : []), '/usr/local/bin', '/usr/bin', '/bin'].join(path.delimiter),
          ...(options.projectDir ? { CLAUDE_PROJECT_DIR: options.projectDir } : {}),
        },
        input: '{}',
      }).status ?? -1,
    installCopy: (dir) => {
      const file = path.join(dir, 'node_modules', 'claude-memory', 'dist', 'bin', 'claude-memory.cjs');
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, '');
      return file;
    },
  };
}

const read = (file: string) => (fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '');

describe('the registered hook command', () => {
  it("runs the project's copy with node", () => {
    const s = setup();
    const copy = s.installCopy(s.main);
    expect(s.run(portableCommand('session-start'), s.main, { projectDir: s.main, global: true })).toBe(0);
    expect(read(s.calls)).toBe(`node[${copy}][hook][session-start]\n`);
  });

  it("in a linked worktree without a copy, runs the main work tree's", () => {
    const s = setup();
    const copy = s.installCopy(s.main);
    expect(s.run(portableCommand('user-prompt-submit', ' --plugin'), s.linked, { projectDir: s.linked })).toBe(0);
    expect(read(s.calls)).toBe(`node[${copy}][hook][user-prompt-submit][--plugin]\n`);
  });

  it('else the claude-memory on PATH; with none, nothing, and exit 0', () => {
    const s = setup();
    expect(s.run(portableCommand('stop'), s.linked, { projectDir: s.linked, global: true })).toBe(0);
    expect(read(s.calls)).toBe('global[hook][stop]\n');
    fs.rmSync(s.calls);
    expect(s.run(portableCommand('stop'), s.main)).toBe(0);
    expect(read(s.calls)).toBe('');
  });

  it('the MCP entry finds the same copies, from a subfolder too', () => {
    const s = setup();
    const copy = s.installCopy(s.main);
    fs.mkdirSync(path.join(s.linked, 'src', 'deep'), { recursive: true });
    expect(s.run(PORTABLE_SCRIPT, path.join(s.linked, 'src', 'deep'))).toBe(0);
    expect(fs.realpathSync(read(s.calls).match(/^node\[(.*?)\]/)![1]!)).toBe(fs.realpathSync(copy));
    expect(read(s.calls)).toMatch(/\]\[mcp\]\n$/);
  });
});

describe('mainWorktreeOf', () => {
  it("reads a linked worktree's .git file as the shell command does", () => {
    expect(mainWorktreeOf('gitdir: /src/app/.git/worktrees/feature\n', '/src/feature')).toBe('/src/app');
    expect(mainWorktreeOf('gitdir: ../app/.git/worktrees/feature\n', '/src/feature')).toBe('/src/app');
    // A submodule's .git file names no main work tree.
    expect(mainWorktreeOf('gitdir: ../.git/modules/lib\n', '/src/app/lib')).toBeUndefined();
    expect(mainWorktreeOf('', '/x')).toBeUndefined();
  });
});
