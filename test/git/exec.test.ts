import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { assertRevision, gitAt, gitFailureMessage, gitRun, gitStream, gitText, literal } from '../../src/git/exec.js';
import { git, tempDir, tempRepo, writeFile } from '../helpers/temp-repo.js';

const cleanup: string[] = [];
afterAll(() => {
  for (const dir of cleanup) fs.rmSync(dir, { recursive: true, force: true });
});

/** Variables a test sets in this process's environment, restored after it. */
const saved = new Map<string, string | undefined>();
function setEnv(name: string, value: string): void {
  if (!saved.has(name)) saved.set(name, process.env[name]);
  process.env[name] = value;
}
afterEach(() => {
  for (const [name, value] of saved) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  saved.clear();
});

function repo(): string {
  const root = tempRepo();
  cleanup.push(root);
  writeFile(root, 'a.txt', 'a\n');
  git(root, 'add', '-A');
  git(root, 'commit', '-qm', 'a');
  return root;
}

/** git's own stderr for a command that fails, as a person running it would see it. */
function stderrOf(root: string, args: string[]): string {
  try {
    execFileSync('git', args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (err) {
    return String((err as { stderr: Buffer }).stderr);
  }
  throw new Error(`git ${args.join(' ')} did not fail`);
}

describe('gitFailureMessage', () => {
  it.each([
    ['the first line only', 'fatal: bad revision\nhint: try this\n', 128, 'fatal: bad revision'],
    ['blank lines skipped', '\n\n  error: pathspec x did not match\n', 1, 'error: pathspec x did not match'],
    ['warnings come first as git prints them', 'warning: a\nfatal: b\n', 128, 'warning: a'],
    ['nothing on stderr', '', 1, 'git exited with status 1'],
    [
      'git missing, never the stack',
      'Error: spawn git ENOENT\n    at ChildProcess._handle.onexit (node:internal/child_process:286:19)\n',
      -2,
      'git is not installed, or not on PATH',
    ],
  ])('%s', (_name, stderr, code, message) => {
    expect(gitFailureMessage(stderr, code)).toBe(message);
  });
});

describe('running git through simple-git', () => {
  it('returns output untouched, and undefined from gitText when git fails or the folder is missing', async () => {
    const root = repo();
    expect(await gitText(root, ['rev-parse', 'HEAD'])).toBe(`${git(root, 'rev-parse', 'HEAD')}\n`);
    expect(await gitText(root, ['rev-parse', '--verify', '-q', 'no-such-ref'])).toBeUndefined();
    expect(await gitText(path.join(root, 'missing'), ['status'])).toBeUndefined();
    expect(await gitAt(root).revparse(['--abbrev-ref', 'HEAD'])).toBe('main');
  });

  it("rejects with git's own first stderr line, and with the exit status when git says nothing", async () => {
    const root = repo();
    const expected = stderrOf(root, ['rev-parse', 'no-such-thing']).split('\n')[0];
    expect(expected).toMatch(/^fatal: /);
    const failure = await gitRun(root, ['rev-parse', 'no-such-thing']).catch((err: Error) => err);
    expect(failure).toBeInstanceOf(Error);
    expect((failure as Error).message).toBe(expected);
    await expect(gitRun(root, ['rev-parse', '--verify', '-q', 'no-such-ref'])).rejects.toThrow(/^git exited with status 1$/);
    await expect(gitAt(root).add(['--', literal('not-there.txt')])).rejects.toThrow(/^fatal: pathspec ':\(literal\)not-there\.txt' did not match any files$/);
  });

  it('names a folder that does not exist', async () => {
    const missing = path.join(repo(), 'missing');
    await expect(gitRun(missing, ['status'])).rejects.toThrow(`${missing}: no such folder`);
    expect(() => gitAt(missing)).toThrow(`${missing}: no such folder`);
  });

  it('says so when git is not installed', async () => {
    const root = repo();
    await expect(gitRun(root, ['status'], { env: { PATH: path.join(root, 'no-bin') } })).rejects.toThrow(/^git is not installed, or not on PATH$/);
  });

  it('feeds stdin', async () => {
    const root = repo();
    const expected = execFileSync('git', ['hash-object', '--stdin'], { cwd: root, input: 'hello\n', encoding: 'utf8' });
    expect(await gitAt(root, { input: 'hello\n' }).raw(['hash-object', '--stdin'])).toBe(expected);
  });

  // cat-file --batch given no input waits on stdin for ever, printing nothing.
  it('stops git that stays silent past its timeout, with a message that says so', async () => {
    const root = repo();
    await expect(gitAt(root, { timeoutMs: 300 }).raw(['cat-file', '--batch'])).rejects.toThrow(/^git printed nothing for 0\.3 s and was stopped$/);
  }, 15_000);
});

describe("git's environment", () => {
  it('reaches git unchanged: GIT_* variables a git hook is given are not dropped', async () => {
    const root = repo();
    const other = path.join(root, '.git', 'other-index');
    git(root, 'read-tree', '--empty');
    execFileSync('git', ['read-tree', 'HEAD'], { cwd: root, env: { ...process.env, GIT_INDEX_FILE: other } });
    expect(await gitText(root, ['ls-files'])).toBe('');
    setEnv('GIT_INDEX_FILE', other);
    setEnv('GIT_CONFIG_COUNT', '1');
    setEnv('GIT_CONFIG_KEY_0', 'user.name');
    setEnv('GIT_CONFIG_VALUE_0', 'Person From Env');
    expect(await gitText(root, ['ls-files'])).toBe('a.txt\n');
    expect(await gitText(root, ['config', 'user.name'])).toBe('Person From Env\n');
  });

  it('takes added variables on top of its own, including ones simple-git would refuse from elsewhere', async () => {
    const root = repo();
    const temp = path.join(root, '.git', 'temp-index');
    setEnv('GIT_CONFIG_COUNT', '1');
    setEnv('GIT_CONFIG_KEY_0', 'user.name');
    setEnv('GIT_CONFIG_VALUE_0', 'Person From Env');
    setEnv('GIT_EDITOR', ':');
    setEnv('PAGER', 'cat');
    const inTemp = gitAt(root, { env: { GIT_INDEX_FILE: temp } });
    await inTemp.raw(['read-tree', '--empty']);
    expect(fs.existsSync(temp)).toBe(true);
    expect(await inTemp.raw(['ls-files'])).toBe('');
    expect(await gitText(root, ['ls-files'])).toBe('a.txt\n');
    expect(await inTemp.raw(['var', 'GIT_AUTHOR_IDENT'])).toMatch(/^Person From Env </);
  });
});

describe('gitStream', () => {
  /** A file larger than one pipe read, of three-byte characters, so chunks end inside a character. */
  function repoWithBigFile(): { root: string; content: string } {
    const root = repo();
    const content = '日本語のテキスト\n'.repeat(40_000);
    writeFile(root, 'big.txt', content);
    git(root, 'add', '-A');
    git(root, 'commit', '-qm', 'big');
    return { root, content };
  }

  it('hands over all of stdout, never split inside a character', async () => {
    const { root, content } = repoWithBigFile();
    const parts: string[] = [];
    await gitStream(root, ['show', 'HEAD:big.txt'], (text) => {
      parts.push(text);
    });
    expect(parts.length).toBeGreaterThan(1);
    expect(parts.join('')).toBe(content);
    expect(parts.some((part) => part.includes('\uFFFD'))).toBe(false);
  });

  it('stops git when asked and resolves with what was read', async () => {
    const { root, content } = repoWithBigFile();
    const parts: string[] = [];
    await gitStream(root, ['show', 'HEAD:big.txt'], (text) => {
      parts.push(text);
      return true;
    });
    expect(parts).toHaveLength(1);
    expect(content.startsWith(parts[0]!)).toBe(true);
    expect(parts[0]!.length).toBeLessThan(content.length);
  });

  it('rejects with git’s message when git fails', async () => {
    const dir = tempDir();
    cleanup.push(dir);
    await expect(gitStream(dir, ['log'], () => false)).rejects.toThrow(/^fatal: not a git repository/);
  });
});

describe('argument guards', () => {
  it.each(['HEAD', 'main', 'origin/main', 'a1b2c3d', 'HEAD~2', 'v1.0^{commit}'])('%s is a revision', (rev) => {
    expect(() => assertRevision(rev)).not.toThrow();
  });

  it.each(['', '-p', '--output=/tmp/x', 'two words', 'tab\there', 'nul\0byte', 'line\nbreak'])('%j is refused', (rev) => {
    expect(() => assertRevision(rev)).toThrow(/is not a revision$/);
  });

  it('literal turns off pathspec magic, checked by git', async () => {
    const root = repo();
    writeFile(root, '*.txt', 'star\n');
    git(root, 'add', '-A');
    expect(literal('a b/*.md')).toBe(':(literal)a b/*.md');
    expect(await gitText(root, ['ls-files', '--', '*.txt'])).toBe('*.txt\na.txt\n');
    expect(await gitText(root, ['ls-files', '--', literal('*.txt')])).toBe('*.txt\n');
  });
});
