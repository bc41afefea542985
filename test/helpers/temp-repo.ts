import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { entryPoint } from '../../src/bin/paths.js';
import { initMemoryDir } from '../../src/store/init.js';
import { restoreIgnored } from '../../src/surfaces/install/gitignore.js';
import { runInit, type InitOptions } from '../../src/surfaces/install/init.js';

export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
/** The built CLI; `npm test` builds first. */
export const CLI = entryPoint('cli');

/** A fresh temp folder, removed by the returned cleanup. */
export function tempDir(prefix = 'claude-memory-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
}

/**
 * A real git repository in a temp folder, with an identity so commits work on a bare machine. `initMemory` sets
 * up .claude-memory/ in-process, as `claude-memory init --no-hooks --no-git-hooks --no-mcp` would.
 */
export function tempRepo(options: { initMemory?: boolean } = {}): string {
  const dir = tempDir('claude-memory-repo-');
  git(dir, 'init', '-q', '-b', 'main');
  git(dir, 'config', 'user.email', 'test@example.com');
  git(dir, 'config', 'user.name', 'Test User');
  git(dir, 'config', 'commit.gpgsign', 'false');
  if (options.initMemory) initMemoryOnly(dir);
  return dir;
}

/**
 * The steps `runInit` takes when hooks, git hooks and MCP are all off, run synchronously so `tempRepo` stays
 * synchronous. test/helpers/init-in-process.test.ts checks that this, `runInit` and the CLI give the same tree.
 */
export function initMemoryOnly(root: string): void {
  initMemoryDir(root);
  restoreIgnored(root);
}

/**
 * Test setup without starting a process: the function `claude-memory init` calls, with its flags as options
 * (`--no-hooks` is `hooks: false`, `--guard` is `guard: true` …). Everything is off unless asked for, as in the
 * setup most tests want. Keep the CLI itself for tests whose subject is the init command.
 */
export async function initRepo(root: string, options: InitOptions = {}): Promise<void> {
  await runInit(root, { hooks: false, gitHooks: false, mcp: false, ...options });
}

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Run the built CLI synchronously in `cwd`; never throws on a non-zero exit. */
export function runCliSync(cwd: string, args: string[], options: { input?: string; env?: Record<string, string> } = {}): CliResult {
  try {
    const stdout = execFileSync(process.execPath, [CLI, ...args], {
      cwd,
      encoding: 'utf8',
      input: options.input ?? '',
      env: { ...process.env, ...options.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    return { code: 0, stdout, stderr: '' };
  } catch (err) {
    const e = err as { status?: number; stdout?: string; stderr?: string };
    return { code: e.status ?? 1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

/** Run the built CLI as a child process (concurrency tests, hooks with a payload on stdin). */
export function runCli(cwd: string, args: string[], input?: string): Promise<CliResult> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd, stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (chunk) => (stdout += chunk));
    child.stderr!.on('data', (chunk) => (stderr += chunk));
    child.on('close', (code) => resolve({ code: code ?? 1, stdout, stderr }));
    if (input !== undefined) child.stdin!.end(input);
  });
}

/** Write a file under `root`, creating folders. */
export function writeFile(root: string, rel: string, content: string | Buffer): string {
  const file = path.join(root, rel);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, content);
  return file;
}

/** A clone of `<top>/remote.git` in `<top>/<name>`, committing as `user` (named after the clone by default). */
export function cloneRepo(top: string, name: string, user = name): string {
  git(top, 'clone', '-q', path.join(top, 'remote.git'), name);
  const root = path.join(top, name);
  git(root, 'config', 'user.email', `${name}@example.com`);
  git(root, 'config', 'user.name', user);
  git(root, 'config', 'commit.gpgsign', 'false');
  return root;
}

/**
 * Installs this checkout in `root` the way npm would for a project dependency, as far as the launcher can tell:
 * `node_modules/claude-memory` (a link to the checkout, whose dist/ `npm test` builds), kept out of git.
 */
export function linkInstalledPackage(root: string): void {
  fs.mkdirSync(path.join(root, 'node_modules'), { recursive: true });
  fs.symlinkSync(PROJECT_ROOT, path.join(root, 'node_modules', 'claude-memory'), 'dir');
  const exclude = path.join(root, '.git', 'info', 'exclude');
  if (fs.existsSync(path.dirname(exclude))) fs.appendFileSync(exclude, 'node_modules/\n');
}
