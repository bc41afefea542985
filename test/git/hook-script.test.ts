import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { CHAINED_SUFFIX, GUARD_HOOK, GUARD_REFUSED_EXIT, HOOK_MARKER, hookScript } from '../../src/git/hooks-install.js';
import { PROJECT_ROOT, tempDir } from '../helpers/temp-repo.js';

/**
 * The scripts hookScript writes, run by sh with a stand-in for node that records how it was called: paths with
 * spaces and quotes survive, a chained hook runs first with the same arguments and stdin, exit statuses are kept.
 */

const cleanup: string[] = [];
afterAll(() => {
  for (const dir of cleanup) fs.rmSync(dir, { recursive: true, force: true });
});

interface Setup {
  hooks: string;
  calls: string;
  run: (name: string, args?: string[], options?: { env?: Record<string, string>; input?: string }) => number;
  chain: (name: string, body: string) => void;
}

function setup(name: string, nodeExit = 0): Setup {
  const base = tempDir('claude-memory-hook script ');
  cleanup.push(base);
  const hooks = path.join(base, 'hooks');
  const calls = path.join(base, 'calls.log');
  const node = path.join(base, "it's node");
  const entry = path.join(base, "my cli's", 'claude-memory.js');
  fs.mkdirSync(hooks);
  fs.mkdirSync(path.dirname(entry), { recursive: true });
  fs.writeFileSync(entry, '');
  fs.writeFileSync(node, `#!/bin/sh\nfor arg in "$@"; do printf '[%s]' "$arg" >> '${calls}'; done\necho >> '${calls}'\nexit ${nodeExit}\n`, { mode: 0o755 });
  fs.writeFileSync(path.join(hooks, name), hookScript(name, node, entry), { mode: 0o755 });
  return {
    hooks,
    calls,
    run: (hook, args = [], options = {}) =>
      spawnSync(path.join(hooks, hook), args, {
        env: { ...process.env, CLAUDE_MEMORY_SKIP_GUARD: '', CLAUDE_MEMORY_SKIP_GIT_HOOKS: '', ...options.env },
        input: options.input ?? '',
      }).status ?? -1,
    chain: (hook, body) => fs.writeFileSync(path.join(hooks, hook + CHAINED_SUFFIX), `#!/bin/sh\n${body}\n`, { mode: 0o755 }),
  };
}

const read = (file: string) => (fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '');

describe('hookScript: refresh hooks', () => {
  it('carries the marker and runs the git-hook entry point, paths quoted', () => {
    const { run, calls, hooks } = setup('post-merge');
    expect(fs.readFileSync(path.join(hooks, 'post-merge'), 'utf8')).toContain(HOOK_MARKER);
    expect(run('post-merge', ['0'])).toBe(0);
    expect(read(calls)).toMatch(/^\[.*\/my cli's\/claude-memory\.js\]\[git-hook\]\[post-merge\]\n$/);
  });

  it('runs a chained hook first with the same arguments and stdin, and keeps its failure', () => {
    const { run, calls, chain, hooks } = setup('post-rewrite');
    const seen = path.join(hooks, 'seen.txt');
    chain('post-rewrite', `echo "args: $*" > '${seen}'\ncat >> '${seen}'\nexit 5`);
    expect(run('post-rewrite', ['rebase'], { input: 'old new\n' })).toBe(5);
    expect(read(seen)).toBe('args: rebase\nold new\n');
    expect(read(calls)).toContain('/claude-memory.js][git-hook][post-rewrite]');
  });

  it('never fails the git operation itself, and can be switched off', () => {
    const failing = setup('post-checkout', 1);
    expect(failing.run('post-checkout', ['a', 'b', '1'])).toBe(0);
    const off = setup('post-checkout');
    expect(off.run('post-checkout', ['a', 'b', '1'], { env: { CLAUDE_MEMORY_SKIP_GIT_HOOKS: '1' } })).toBe(0);
    expect(read(off.calls)).toBe('');
  });
});

describe('hookScript: the pre-commit guard', () => {
  it.each([
    ['a refusal stops the commit', GUARD_REFUSED_EXIT, 1],
    ['a pass lets it through', 0, 0],
    ['a crash of the guard lets it through', 1, 0],
  ])('%s', (_name, nodeExit, hookExit) => {
    const { run, calls } = setup(GUARD_HOOK, nodeExit);
    expect(run(GUARD_HOOK)).toBe(hookExit);
    expect(read(calls)).toMatch(/\/my cli's\/claude-memory\.js\]\[git-hook\]\[pre-commit\]\n$/);
  });

  it('is skipped with CLAUDE_MEMORY_SKIP_GUARD=1', () => {
    const { run, calls } = setup(GUARD_HOOK, GUARD_REFUSED_EXIT);
    expect(run(GUARD_HOOK, [], { env: { CLAUDE_MEMORY_SKIP_GUARD: '1' } })).toBe(0);
    expect(read(calls)).toBe('');
  });

  it('a failing chained pre-commit stops the commit before the guard runs', () => {
    const { run, calls, chain } = setup(GUARD_HOOK);
    chain(GUARD_HOOK, 'exit 7');
    expect(run(GUARD_HOOK)).toBe(7);
    expect(read(calls)).toBe('');
  });
});

/**
 * The default scripts name no install: they look for the CLI where npm puts it for the project, then on PATH.
 * Stand-ins record how they were called: a `node` for the project's copy, a `claude-memory` on PATH.
 */
describe('hookScript: the launcher', () => {
  interface Project {
    root: string;
    calls: string;
    hook: (name: string) => string;
    run: (name: string, options?: { cwd?: string; onPath?: boolean; pathExit?: number }) => number;
    installCopy: (dir?: string) => void;
  }

  function project(): Project {
    const base = tempDir('claude-memory-launcher ');
    cleanup.push(base);
    const root = path.join(base, 'repo');
    const calls = path.join(base, 'calls.log');
    const node = path.join(base, 'bin', 'node');
    const pathBin = path.join(base, 'path-bin');
    fs.mkdirSync(root);
    fs.mkdirSync(path.dirname(node));
    fs.mkdirSync(pathBin);
    spawnSync('git', ['init', '-q', '-b', 'main', root]);
    const recorder = (label: string, exit: string) =>
      `#!/bin/sh\nprintf '${label}' >> '${calls}'\nfor arg in "$@"; do printf '[%s]' "$arg" >> '${calls}'; done\necho >> '${calls}'\nexit ${exit}\n`;
    fs.writeFileSync(node, recorder('node', '0'), { mode: 0o755 });
    fs.writeFileSync(path.join(pathBin, 'claude-memory'), recorder('path', '${PATH_EXIT:-0}'), { mode: 0o755 });
    const hooks = path.join(root, '.git', 'hooks');
    for (const name of [...['post-merge', 'post-checkout'], GUARD_HOOK]) fs.writeFileSync(path.join(hooks, name), hookScript(name, node), { mode: 0o755 });
    return {
      root,
      calls,
      hook: (name) => path.join(hooks, name),
      run: (name, options = {}) =>
        spawnSync(path.join(hooks, name), [], {
          cwd: options.cwd ?? root,
          // A PATH with git and sh but no claude-memory, unless asked for.
          env: { PATH: `${options.onPath ? `${pathBin}:` : ''}/usr/local/bin:/usr/bin:/bin`, PATH_EXIT: String(options.pathExit ?? 0), HOME: base },
        }).status ?? -1,
      installCopy: (dir = root) => {
        fs.mkdirSync(path.join(dir, 'node_modules', 'claude-memory', 'dist', 'bin'), { recursive: true });
        fs.writeFileSync(path.join(dir, 'node_modules', 'claude-memory', 'dist', 'bin', 'claude-memory.cjs'), '');
      },
    };
  }

  it('names no path of an install: only the node that wrote it, which may go away', () => {
    const script = hookScript('post-merge', '/opt/node-20/bin/node');
    // Every path the script holds as a literal (quoted), and no trace of this checkout.
    expect(script.match(/'\/[^']*'/g)).toEqual(["'/opt/node-20/bin/node'"]);
    expect(script).not.toContain(PROJECT_ROOT);
    expect(script).toContain('node_modules/claude-memory/dist/bin/claude-memory.cjs');
  });

  it("runs the project's own copy first, with the node that installed the hook", () => {
    const p = project();
    p.installCopy();
    expect(p.run('post-merge', { onPath: true })).toBe(0);
    expect(read(p.calls)).toBe('node[node_modules/claude-memory/dist/bin/claude-memory.cjs][git-hook][post-merge]\n');
  });

  it('else the claude-memory on PATH; with neither, does nothing and exits 0', () => {
    const p = project();
    expect(p.run('post-checkout', { onPath: true })).toBe(0);
    expect(read(p.calls)).toBe('path[git-hook][post-checkout]\n');
    fs.rmSync(p.calls);
    expect(p.run('post-checkout')).toBe(0);
    expect(p.run(GUARD_HOOK)).toBe(0);
    expect(read(p.calls)).toBe('');
  });

  it('a refusal of the guard on PATH stops the commit; its failure does not', () => {
    const p = project();
    expect(p.run(GUARD_HOOK, { onPath: true, pathExit: GUARD_REFUSED_EXIT })).toBe(1);
    expect(p.run(GUARD_HOOK, { onPath: true, pathExit: 1 })).toBe(0);
    expect(read(p.calls)).toBe('path[git-hook][pre-commit]\npath[git-hook][pre-commit]\n');
  });

  it('never runs a copy that git tracks: a pull must not bring the code its hook runs', () => {
    const p = project();
    p.installCopy();
    spawnSync('git', ['add', '-f', 'node_modules'], { cwd: p.root });
    expect(p.run('post-merge', { onPath: true })).toBe(0);
    expect(read(p.calls)).toBe('path[git-hook][post-merge]\n');
  });

  it("in a linked worktree without node_modules, runs the main work tree's copy", () => {
    const p = project();
    p.installCopy();
    fs.appendFileSync(path.join(p.root, '.git', 'info', 'exclude'), 'node_modules/\n');
    spawnSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@e', 'commit', '-q', '--no-verify', '--allow-empty', '-m', 'root'], { cwd: p.root });
    const linked = `${p.root}-linked`;
    cleanup.push(linked);
    expect(spawnSync('git', ['worktree', 'add', '-q', '--no-checkout', linked], { cwd: p.root }).status).toBe(0);
    expect(p.run('post-merge', { cwd: linked })).toBe(0);
    const called = read(p.calls);
    expect(called).toMatch(/^node\[(.*)\]\[git-hook\]\[post-merge\]\n$/);
    expect(fs.realpathSync(called.match(/^node\[(.*?)\]/)![1]!)).toBe(
      fs.realpathSync(path.join(p.root, 'node_modules/claude-memory/dist/bin/claude-memory.cjs')),
    );
  });
});
