import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CHAINED_SUFFIX, HOOK_MARKER, installGitHooks, uninstallGitHooks } from '../../src/git/hooks-install.js';
import { CLI, PROJECT_ROOT, git, initMemoryOnly, linkInstalledPackage, runCliSync, tempDir, tempRepo, writeFile } from '../helpers/temp-repo.js';
import { addTestNote, cachedIds, commitAll } from './notes-in-repo.js';

// The hooks run the built CLI; make them finish their stale computation before git returns, so assertions
// need no waiting.
beforeAll(() => {
  process.env.CLAUDE_MEMORY_GIT_HOOK_SYNC = '1';
});

const repos: string[] = [];
afterEach(() => {
  for (const dir of repos.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

function repoWithMemory(): string {
  const root = tempRepo();
  repos.push(root);
  writeFile(root, 'README.md', 'project\n');
  // The user hooks below log here; keep the log out of commits.
  fs.appendFileSync(path.join(root, '.git', 'info', 'exclude'), 'hook-log.txt\n');
  initMemoryOnly(root);
  commitAll(root, 'init');
  // The hooks find claude-memory as a project dependency, the way a user's do.
  linkInstalledPackage(root);
  return root;
}

const install = (root: string, guard = false) => installGitHooks(root, { guard });

/** A user's own hook: records its arguments and stdin, and exits with the given status. */
function userHook(name: string, exit = 0): string {
  return `#!/bin/sh\necho "${name} args: $*" >> "$(git rev-parse --show-toplevel)/hook-log.txt"\ncat >> "$(git rev-parse --show-toplevel)/hook-log.txt"\nexit ${exit}\n`;
}

describe('git hooks in a repository without hooks', () => {
  it('installs executable hooks, and merges and checkouts leave the index right with no command', async () => {
    const root = repoWithMemory();
    const { messages } = await install(root);
    expect(messages.join('\n')).toMatch(/installed git hooks post-merge, post-checkout, post-rewrite/);
    for (const name of ['post-merge', 'post-checkout', 'post-rewrite']) {
      const file = path.join(root, '.git', 'hooks', name);
      expect(fs.readFileSync(file, 'utf8')).toContain(HOOK_MARKER);
      expect(fs.statSync(file).mode & 0o111).not.toBe(0);
    }
    expect(fs.existsSync(path.join(root, '.git', 'hooks', 'pre-commit'))).toBe(false);

    git(root, 'checkout', '-q', '-b', 'feature');
    const note = addTestNote(root, 'Feature branch note');
    commitAll(root, 'note on feature');
    git(root, 'checkout', '-q', 'main');
    // post-checkout refreshed the cache: the feature note is gone from it.
    expect(cachedIds(root)).toEqual([]);
    git(root, 'merge', '-q', '--no-ff', '-m', 'merge feature', 'feature');
    // post-merge refreshed it again: the note is there before any claude-memory command runs.
    expect(cachedIds(root)).toEqual([note.id]);
    expect(fs.readFileSync(path.join(root, '.claude-memory', '.cache', 'stale.json'), 'utf8')).toContain('"notes":[]');
  });

  it('is idempotent and says nothing the second time', async () => {
    const root = repoWithMemory();
    await install(root);
    const before = fs.readFileSync(path.join(root, '.git', 'hooks', 'post-merge'), 'utf8');
    expect((await install(root)).messages).toEqual([]);
    expect(fs.readFileSync(path.join(root, '.git', 'hooks', 'post-merge'), 'utf8')).toBe(before);
    expect(fs.existsSync(path.join(root, '.git', 'hooks', `post-merge${CHAINED_SUFFIX}`))).toBe(false);
  });

  it('a broken CLI path never fails the git operation', async () => {
    const root = repoWithMemory();
    await installGitHooks(root, { cli: path.join(root, 'no-such-cli.js'), node: '/no/such/node' });
    git(root, 'checkout', '-q', '-b', 'other');
    addTestNote(root, 'x');
    commitAll(root, 'x');
    git(root, 'checkout', '-q', 'main');
    git(root, 'merge', '-q', 'other');
    expect(git(root, 'rev-parse', 'HEAD')).toBe(git(root, 'rev-parse', 'other'));
    expect(git(root, 'status', '--porcelain')).toBe('');
  });
});

describe('git hooks that outlive the install that wrote them', () => {
  it('name no install: they run node_modules/claude-memory, else claude-memory on PATH, else nothing', () => {
    const root = repoWithMemory();
    // `init` from this checkout, as from a global install or a checkout that is later moved or deleted.
    const init = runCliSync(root, ['init', '--no-hooks', '--no-mcp']);
    expect(init.stdout).toContain('installed git hooks post-merge, post-checkout, post-rewrite');
    expect(fs.readFileSync(path.join(root, '.git', 'hooks', 'post-merge'), 'utf8')).not.toContain(PROJECT_ROOT);

    const withPath = (dir: string) => ({ ...process.env, PATH: `${dir}${path.delimiter}${process.env.PATH ?? ''}` });
    const gitEnv = (env: NodeJS.ProcessEnv, ...args: string[]) => execFileSync('git', args, { cwd: root, env, stdio: 'pipe' });

    git(root, 'checkout', '-q', '-b', 'one');
    const first = addTestNote(root, 'First note');
    commitAll(root, 'first');
    git(root, 'checkout', '-q', 'main');
    // The project's copy is gone and none is on PATH: the merge succeeds, the cache is left for the next read.
    fs.rmSync(path.join(root, 'node_modules'), { recursive: true });
    const before = cachedIds(root);
    git(root, 'merge', '-q', 'one');
    expect(cachedIds(root)).toEqual(before);

    // A global install (npm puts a launcher for its bin in a folder on PATH): the next checkout refreshes through it.
    const bin = tempDir('claude-memory-global-bin-');
    repos.push(bin);
    fs.writeFileSync(path.join(bin, 'claude-memory'), `#!/bin/sh\nexec '${process.execPath}' '${CLI}' "$@"\n`, { mode: 0o755 });
    gitEnv(withPath(bin), 'checkout', '-q', '-b', 'two');
    expect(cachedIds(root)).toEqual([first.id]);
  });
});

describe('git hooks next to existing hooks', () => {
  it('chains the existing hooks with their arguments and stdin, and uninstall restores them exactly', async () => {
    const root = repoWithMemory();
    const hooks = path.join(root, '.git', 'hooks');
    fs.writeFileSync(path.join(hooks, 'post-merge'), userHook('post-merge'), { mode: 0o755 });
    fs.writeFileSync(path.join(hooks, 'post-rewrite'), userHook('post-rewrite'), { mode: 0o750 });
    const originals = ['post-merge', 'post-rewrite'].map(
      (name) => [name, fs.readFileSync(path.join(hooks, name)), fs.statSync(path.join(hooks, name)).mode] as const,
    );

    const { messages } = await install(root);
    expect(messages.join('\n')).toMatch(/post-merge: existing hook kept as post-merge\.claude-memory-orig and run first/);
    expect(fs.readFileSync(path.join(hooks, `post-merge${CHAINED_SUFFIX}`))).toEqual(originals[0]![1]);

    // A merge: the user's hook gets its argument (the squash flag), ours refreshes the index.
    git(root, 'checkout', '-q', '-b', 'feature');
    const merged = addTestNote(root, 'Merged note');
    commitAll(root, 'merged note');
    git(root, 'checkout', '-q', 'main');
    writeFile(root, 'main.txt', 'main moves on\n');
    commitAll(root, 'main work');
    git(root, 'merge', '-q', '-m', 'merge', 'feature');
    expect(fs.readFileSync(path.join(root, 'hook-log.txt'), 'utf8')).toContain('post-merge args: 0');
    expect(cachedIds(root)).toEqual([merged.id]);

    // A rebase: the user's post-rewrite hook still reads the rewritten commits on stdin.
    git(root, 'checkout', '-q', '-b', 'topic', 'HEAD~1');
    const rebased = addTestNote(root, 'Rebased note');
    const oldSha = commitAll(root, 'rebased note');
    git(root, 'rebase', '-q', 'main');
    const newSha = git(root, 'rev-parse', 'HEAD');
    const log = fs.readFileSync(path.join(root, 'hook-log.txt'), 'utf8');
    expect(log).toContain('post-rewrite args: rebase');
    expect(log).toContain(`${oldSha} ${newSha}`);
    expect(cachedIds(root)).toEqual([merged.id, rebased.id].sort());

    const removed = await uninstallGitHooks(root);
    expect(removed.messages.join('\n')).toMatch(/post-merge: removed ours, restored/);
    for (const [name, content, mode] of originals) {
      expect(fs.readFileSync(path.join(hooks, name))).toEqual(content);
      expect(fs.statSync(path.join(hooks, name)).mode).toBe(mode);
      expect(fs.existsSync(path.join(hooks, `${name}${CHAINED_SUFFIX}`))).toBe(false);
    }
    expect(fs.existsSync(path.join(hooks, 'post-checkout'))).toBe(false);
  });

  it('passes on the exit status of a chained hook that fails', async () => {
    const root = repoWithMemory();
    const hooks = path.join(root, '.git', 'hooks');
    fs.writeFileSync(path.join(hooks, 'pre-commit'), '#!/bin/sh\necho "team check failed" >&2\nexit 7\n', { mode: 0o755 });
    await install(root, true);
    writeFile(root, 'a.txt', 'a\n');
    git(root, 'add', 'a.txt');
    expect(() => git(root, 'commit', '-q', '-m', 'blocked by the team hook')).toThrow(/team check failed/);
    await uninstallGitHooks(root);
    expect(fs.readFileSync(path.join(hooks, 'pre-commit'), 'utf8')).toContain('exit 7');
  });

  it('respects a relative core.hooksPath and leaves .git/hooks alone', async () => {
    const root = repoWithMemory();
    // A personal hooks folder inside the work tree, not committed.
    fs.appendFileSync(path.join(root, '.git', 'info', 'exclude'), '.githooks/\n');
    writeFile(root, '.githooks/post-checkout', userHook('post-checkout'));
    fs.chmodSync(path.join(root, '.githooks', 'post-checkout'), 0o755);
    git(root, 'config', 'core.hooksPath', '.githooks');
    const { messages } = await install(root);
    expect(messages.join('\n')).toMatch(/in \.githooks/);
    expect(fs.readdirSync(path.join(root, '.git', 'hooks')).filter((name) => !name.endsWith('.sample'))).toEqual([]);
    expect(fs.existsSync(path.join(root, '.githooks', `post-checkout${CHAINED_SUFFIX}`))).toBe(true);

    git(root, 'checkout', '-q', '-b', 'side');
    const note = addTestNote(root, 'Side note');
    commitAll(root, 'side note');
    git(root, 'checkout', '-q', 'main');
    expect(cachedIds(root)).toEqual([]);
    git(root, 'checkout', '-q', 'side');
    expect(fs.readFileSync(path.join(root, 'hook-log.txt'), 'utf8')).toMatch(/post-checkout args: [0-9a-f]{40} [0-9a-f]{40} 1/);
    expect(cachedIds(root)).toEqual([note.id]);

    await uninstallGitHooks(root);
    expect(fs.readdirSync(path.join(root, '.githooks'))).toEqual(['post-checkout']);
    expect(fs.readFileSync(path.join(root, '.githooks', 'post-checkout'), 'utf8')).toBe(userHook('post-checkout'));
  });

  it('leaves hooks committed with the project (core.hooksPath) untouched and says what to add', async () => {
    const root = repoWithMemory();
    writeFile(root, '.husky/post-merge', userHook('post-merge'));
    fs.chmodSync(path.join(root, '.husky', 'post-merge'), 0o755);
    commitAll(root, 'team hooks');
    git(root, 'config', 'core.hooksPath', '.husky');
    const { messages } = await install(root);
    expect(messages).toEqual([
      '.husky/post-merge: not changed (.husky is committed with the project); add "claude-memory git-hook post-merge" to it',
      '.husky/post-checkout: not changed (.husky is committed with the project); add "claude-memory git-hook post-checkout" to a hook of that name there',
      '.husky/post-rewrite: not changed (.husky is committed with the project); add "claude-memory git-hook post-rewrite" to a hook of that name there',
    ]);
    expect(fs.readFileSync(path.join(root, '.husky', 'post-merge'), 'utf8')).toBe(userHook('post-merge'));
    expect(fs.readdirSync(path.join(root, '.husky'))).toEqual(['post-merge']);
    expect(git(root, 'status', '--porcelain')).toBe('');
  });

  it('leaves a foreign hook alone when the chained name is already taken', async () => {
    const root = repoWithMemory();
    const hooks = path.join(root, '.git', 'hooks');
    fs.writeFileSync(path.join(hooks, 'post-merge'), userHook('post-merge'), { mode: 0o755 });
    fs.writeFileSync(path.join(hooks, `post-merge${CHAINED_SUFFIX}`), 'someone else\n', { mode: 0o755 });
    const { messages } = await install(root);
    expect(messages.join('\n')).toMatch(/post-merge: left alone/);
    expect(fs.readFileSync(path.join(hooks, 'post-merge'), 'utf8')).toBe(userHook('post-merge'));
  });
});
