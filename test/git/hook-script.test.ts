import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { CHAINED_SUFFIX, GUARD_HOOK, GUARD_REFUSED_EXIT, HOOK_MARKER, hookScript } from '../../src/git/hooks-install.js';
import { tempDir } from '../helpers/temp-repo.js';

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
  const entry = path.join(base, "my cli's", 'git-hook.js');
  fs.mkdirSync(hooks);
  fs.mkdirSync(path.dirname(entry), { recursive: true });
  fs.writeFileSync(entry, '');
  fs.writeFileSync(node, `#!/bin/sh\nfor arg in "$@"; do printf '[%s]' "$arg" >> '${calls}'; done\necho >> '${calls}'\nexit ${nodeExit}\n`, { mode: 0o755 });
  fs.writeFileSync(path.join(hooks, name), hookScript(name, node, entry), { mode: 0o755 });
  return {
    hooks,
    calls,
    run: (hook, args = [], options = {}) => spawnSync(path.join(hooks, hook), args, { env: { ...process.env, CLAUDE_MEMORY_SKIP_GUARD: '', CLAUDE_MEMORY_SKIP_GIT_HOOKS: '', ...options.env }, input: options.input ?? '' }).status ?? -1,
    chain: (hook, body) => fs.writeFileSync(path.join(hooks, hook + CHAINED_SUFFIX), `#!/bin/sh\n${body}\n`, { mode: 0o755 }),
  };
}

const read = (file: string) => (fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '');

describe('hookScript: refresh hooks', () => {
  it('carries the marker and runs the git-hook entry point, paths quoted', () => {
    const { run, calls, hooks } = setup('post-merge');
    expect(fs.readFileSync(path.join(hooks, 'post-merge'), 'utf8')).toContain(HOOK_MARKER);
    expect(run('post-merge', ['0'])).toBe(0);
    expect(read(calls)).toMatch(/^\[.*\/my cli's\/git-hook\.js\]\[post-merge\]\n$/);
  });

  it('runs a chained hook first with the same arguments and stdin, and keeps its failure', () => {
    const { run, calls, chain, hooks } = setup('post-rewrite');
    const seen = path.join(hooks, 'seen.txt');
    chain('post-rewrite', `echo "args: $*" > '${seen}'\ncat >> '${seen}'\nexit 5`);
    expect(run('post-rewrite', ['rebase'], { input: 'old new\n' })).toBe(5);
    expect(read(seen)).toBe('args: rebase\nold new\n');
    expect(read(calls)).toContain('/git-hook.js][post-rewrite]');
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
    expect(read(calls)).toMatch(/\/my cli's\/git-hook\.js\]\[pre-commit\]\n$/);
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
