import fs from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import { GitError, GitPluginError, simpleGit, type SimpleGit, type SimpleGitOptions } from 'simple-git';

/**
 * How git runs here: through simple-git, one client per call, every command under a timeout. Its task methods are
 * used where they return git's output as it is (`revparse`, `diff`, `add`, `reset`, `binaryCatFile`); `raw` for
 * plumbing it has no method for and for commands whose paths must be read with -z (its `log`, `status` and
 * `diffSummary` parsers read line output, where git quotes unusual paths, and `status` trims them).
 * The one exception is session start, which cannot afford to load simple-git: see `hot-path.ts`.
 */

/**
 * How long git may print nothing before it is stopped. No command here waits for a person or the network, so
 * silence this long means a stuck lock, a slow network file system, or a hook of someone else's that hangs.
 */
const GIT_TIMEOUT_MS = 30_000;

export interface GitOptions {
  /** Variables added to this process's environment for git (GIT_INDEX_FILE for a temporary index). */
  env?: Record<string, string>;
  /** What git reads on stdin. */
  input?: string;
  /** Silence after which git is stopped; GIT_TIMEOUT_MS unless given. */
  timeoutMs?: number;
  /** Stops git when it fires (`gitStream`). */
  abort?: AbortSignal;
}

/**
 * simple-git refuses an explicitly passed environment that names an editor, a pager, config files and the like: a
 * guard for programs that pass on environments built from untrusted input. The one explicit environment here is
 * this process's own (the user's shell, or the git hook git started) plus GIT_INDEX_FILE, and the commands run
 * with it are fixed plumbing with literal paths, so nothing in it is refused.
 */
const OWN_ENVIRONMENT: SimpleGitOptions['unsafe'] = {
  allowUnsafeAlias: true,
  allowUnsafeAskPass: true,
  allowUnsafeCommandBinaries: true,
  allowUnsafeConfigPaths: true,
  allowUnsafeConfigEnvCount: true,
  allowUnsafeCredentialHelper: true,
  allowUnsafeEditor: true,
  allowUnsafeMergeDriver: true,
  allowUnsafePager: true,
  allowUnsafeProtocolOverride: true,
  allowUnsafePack: true,
  allowUnsafeSshCommand: true,
  allowUnsafeGitProxy: true,
  allowUnsafeExec: true,
  allowUnsafeHooksPath: true,
  allowUnsafeDiffExternal: true,
  allowUnsafeDiffTextConv: true,
  allowUnsafeFilter: true,
  allowUnsafeFsMonitor: true,
  allowUnsafeGpgProgram: true,
  allowUnsafeTemplateDir: true,
  allowUnsafeInclude: true,
  allowUnsafeSubmodule: true,
  allowUnsafeUrlRewrite: true,
};

/** Pure: what a failed git command is reported as: git's own first line on stderr, never a stack trace. */
export function gitFailureMessage(stderr: string, exitCode: number): string {
  const first = stderr
    .split('\n')
    .find((line) => line.trim() !== '')
    ?.trim();
  // simple-git turns a failure to start git into the error's stack, written where git's stderr would be.
  if (first && /spawn \S*git\S* ENOENT/.test(first)) return 'git is not installed, or not on PATH';
  return first || `git exited with status ${exitCode}`;
}

/**
 * simple-git's `errors` hook: any non-zero exit is a failure (by default one with an empty stderr passes as
 * success), reported with git's first stderr line; a stop by timeout says so; a stop on request stays as it is.
 */
function reportFailure(timeoutMs: number): SimpleGitOptions['errors'] {
  return (error, { stdErr, exitCode }) => {
    if (error instanceof GitPluginError && error.plugin === 'abort') return error;
    if (error instanceof GitPluginError && error.plugin === 'timeout')
      return new GitError(undefined, `git printed nothing for ${timeoutMs / 1000} s and was stopped`);
    if (!error && exitCode === 0) return undefined;
    return new GitError(undefined, gitFailureMessage(Buffer.concat(stdErr).toString('utf8'), exitCode));
  };
}

function isFolder(dir: string): boolean {
  try {
    return fs.statSync(dir).isDirectory();
  } catch {
    return false;
  }
}

/**
 * A simple-git client for one command (or a few) in the work tree at `root`. git sees this process's environment
 * as it is: simple-git would otherwise drop every GIT_* variable, and a git hook depends on those (the pre-commit
 * guard must read the index git names in GIT_INDEX_FILE, not .git/index).
 */
export function gitAt(root: string, options: GitOptions = {}): SimpleGit {
  const timeoutMs = options.timeoutMs ?? GIT_TIMEOUT_MS;
  const env = options.env ? { ...process.env, ...options.env } : undefined;
  const input = options.input;
  if (!isFolder(root)) throw new GitError(undefined, `${root}: no such folder`);
  const git = simpleGit({
    baseDir: root,
    trimmed: false,
    timeout: { block: timeoutMs },
    // Done when git's output is closed. simple-git's default also waits 50 ms after the process exits, on a timer
    // that keeps every CLI process alive 50 ms longer (the pre-commit guard on each commit, for one).
    completion: { onClose: true, onExit: false },
    errors: reportFailure(timeoutMs),
    allowEnvironment: Object.keys(env ?? process.env),
    ...(input !== undefined ? { input: () => input } : {}),
    ...(options.abort ? { abort: options.abort } : {}),
    ...(env ? { unsafe: OWN_ENVIRONMENT } : {}),
  });
  return env ? git.env(env) : git;
}

/** Output of one git command, or undefined when git fails (or `root` is not a folder). */
export async function gitText(root: string, args: string[], options: GitOptions = {}): Promise<string | undefined> {
  try {
    return await gitAt(root, options).raw(args);
  } catch {
    return undefined;
  }
}

/** Output of one git command; rejects with git's own first line on stderr. */
export async function gitRun(root: string, args: string[], options: GitOptions = {}): Promise<string> {
  return gitAt(root, options).raw(args);
}

/**
 * Run git and hand its stdout to `onText` as it arrives (decoded as UTF-8, never split inside a character); when
 * `onText` returns true git is stopped, which lets a history walk end once it has what it needs. Resolves when git
 * ends or was stopped; rejects with git's own message when it fails.
 */
export async function gitStream(root: string, args: string[], onText: (text: string) => boolean | void): Promise<void> {
  const stop = new AbortController();
  const decoder = new StringDecoder('utf8');
  const take = (text: string) => {
    if (!stop.signal.aborted && text && onText(text) === true) stop.abort();
  };
  const git = gitAt(root, { abort: stop.signal }).outputHandler((_command, stdout) => {
    stdout.on('data', (chunk: Buffer) => take(decoder.write(chunk)));
  });
  try {
    await git.raw(args);
  } catch (err) {
    if (!stop.signal.aborted) throw err;
    return;
  }
  take(decoder.end());
}

/** Refuse revision arguments git would read as options. */
export function assertRevision(rev: string): void {
  if (!rev || rev.startsWith('-') || /[\s\0]/.test(rev)) throw new Error(`"${rev}" is not a revision`);
}

/** A path git reads literally (no glob or pathspec magic), for paths that came from notes or users. */
export const literal = (file: string) => `:(literal)${file}`;
