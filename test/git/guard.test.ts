import fs from 'node:fs';
import { execFileSync } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { checkStagedFile } from '../../src/git/guard.js';
import { installGitHooks } from '../../src/git/hooks-install.js';
import { PLANTED_SECRETS } from '../fixtures/secrets/planted.js';
import { CLI, git, runCliSync, tempRepo, writeFile } from '../helpers/temp-repo.js';
import { commitAll } from './notes-in-repo.js';

const repos: string[] = [];
afterEach(() => {
  for (const dir of repos.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

const githubToken = PLANTED_SECRETS.find((planted) => planted.kind === 'github-token')!;

async function guardedRepo(): Promise<string> {
  const root = tempRepo({ initMemory: true });
  repos.push(root);
  commitAll(root, 'memory');
  const { messages } = await installGitHooks(root, { guard: true, cli: CLI });
  expect(messages.join('\n')).toMatch(/pre-commit/);
  return root;
}

/** git commit, returning its exit status and stderr instead of throwing. */
function commit(root: string, args: string[], env: Record<string, string> = {}): { code: number; stderr: string } {
  try {
    execFileSync('git', ['commit', '-q', ...args], { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });
    return { code: 0, stderr: '' };
  } catch (err) {
    const e = err as { status?: number; stderr?: string };
    return { code: e.status ?? 1, stderr: e.stderr ?? '' };
  }
}

const note = (title: string, body: string) => `---\nid: ${title.toLowerCase().replace(/\W+/g, '-')}\ntitle: ${title}\ntype: fact\n---\n${body}\n`;
const secretNote = '.claude-memory/notes/ops/deploy-token.md';

describe('pre-commit guard', () => {
  it('lets a commit of valid notes through', async () => {
    const root = await guardedRepo();
    writeFile(root, '.claude-memory/notes/ops/fine.md', note('Fine', 'Deploys run from CI.'));
    git(root, 'add', '-A');
    expect(commit(root, ['-m', 'fine note'])).toEqual({ code: 0, stderr: '' });
  });

  it('refuses a note with a secret, naming the file, the kind and the line, never the secret', async () => {
    const root = await guardedRepo();
    writeFile(root, secretNote, note('Deploy token', `The deploy uses this token:\n\n${githubToken.text}`));
    git(root, 'add', '-A');
    const head = git(root, 'rev-parse', 'HEAD');
    const result = commit(root, ['-m', 'leak']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('claude-memory: commit refused');
    expect(result.stderr).toMatch(new RegExp(`${secretNote}: looks like a secret \\(github-token\\) on line 8`));
    expect(result.stderr).toContain('git commit --no-verify, or CLAUDE_MEMORY_SKIP_GUARD=1');
    expect(result.stderr).not.toContain(githubToken.secret);
    expect(git(root, 'rev-parse', 'HEAD')).toBe(head);
  });

  it('refuses an invalid note, also when committed with -a', async () => {
    const root = await guardedRepo();
    writeFile(root, '.claude-memory/notes/ops/ok.md', note('Ok', 'Fine.'));
    commitAll(root, 'ok note');
    writeFile(root, '.claude-memory/notes/ops/ok.md', '---\ntitle: [unclosed\ntype: fact\n---\nBroken.\n');
    const head = git(root, 'rev-parse', 'HEAD');
    const result = commit(root, ['-a', '-m', 'broken']);
    expect(result.code).toBe(1);
    expect(git(root, 'rev-parse', 'HEAD')).toBe(head);
    expect(result.stderr).toMatch(/\.claude-memory\/notes\/ops\/ok\.md: invalid note: invalid front matter/);
  });

  it('checks what is staged, not the work tree', async () => {
    const root = await guardedRepo();
    writeFile(root, '.claude-memory/notes/ops/staged.md', note('Staged', 'Clean when staged.'));
    git(root, 'add', '-A');
    // A secret written after staging is not part of the commit.
    writeFile(root, '.claude-memory/notes/ops/staged.md', note('Staged', githubToken.text));
    expect(commit(root, ['-m', 'staged version is clean']).code).toBe(0);
  });

  it('ignores files outside .claude-memory/', async () => {
    const root = await guardedRepo();
    writeFile(root, 'config/dev.env', `${githubToken.text}\n`);
    git(root, 'add', '-A');
    expect(commit(root, ['-m', 'not our business']).code).toBe(0);
  });

  it('can be bypassed with --no-verify or CLAUDE_MEMORY_SKIP_GUARD=1', async () => {
    const root = await guardedRepo();
    writeFile(root, secretNote, note('Deploy token', githubToken.text));
    git(root, 'add', '-A');
    expect(commit(root, ['-m', 'skip by env'], { CLAUDE_MEMORY_SKIP_GUARD: '1' }).code).toBe(0);
    writeFile(root, '.claude-memory/notes/ops/second.md', '---\ntitle: [bad\n---\n');
    git(root, 'add', '-A');
    expect(commit(root, ['--no-verify', '-m', 'skip by flag']).code).toBe(0);
  });

  it('lets the commit through when it cannot run (fails open)', async () => {
    const root = tempRepo({ initMemory: true });
    repos.push(root);
    await installGitHooks(root, { cli: `${root}/missing/claude-memory.js`, guard: true });
    writeFile(root, '.claude-memory/notes/ops/second.md', '---\ntitle: [bad\n---\n');
    git(root, 'add', '-A');
    expect(commit(root, ['-m', 'no guard available']).code).toBe(0);
    expect(git(root, 'log', '-1', '--format=%s')).toBe('no guard available');
    expect(git(root, 'show', '--name-only', '--format=', 'HEAD')).toContain('.claude-memory/notes/ops/second.md');
  });
});

describe('init --guard', () => {
  it('installs the pre-commit guard next to the refresh hooks; plain init does not', () => {
    const root = tempRepo();
    repos.push(root);
    const plain = runCliSync(root, ['init', '--no-hooks', '--no-mcp']);
    expect(plain.stdout).toContain('installed git hooks post-merge, post-checkout, post-rewrite in .git/hooks');
    expect(fs.existsSync(`${root}/.git/hooks/pre-commit`)).toBe(false);
    const guarded = runCliSync(root, ['init', '--no-hooks', '--no-mcp', '--guard']);
    expect(guarded.stdout).toContain('installed git hooks pre-commit in .git/hooks');
    expect(fs.readFileSync(`${root}/.git/hooks/pre-commit`, 'utf8')).toContain('git-hook pre-commit');
  });
});

describe('guard, pure part', () => {
  it('reports binary or non-UTF-8 notes as invalid', () => {
    expect(checkStagedFile('.claude-memory/notes/a.md', Buffer.from([0xff, 0xfe, 0x00]))).toEqual([
      { path: '.claude-memory/notes/a.md', reason: 'invalid note: not UTF-8 text' },
    ]);
    expect(checkStagedFile('.claude-memory/README.md', Buffer.from('# hello\n'))).toEqual([]);
  });
});
