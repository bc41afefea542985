import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/**
 * Files changed on the current branch: committed since the merge base with the default branch, plus uncommitted
 * changes, staged or not, new files included once `git add` has seen them. Files git has never been told about are
 * left out: listing them means walking the whole work tree (`ls-files --others`), the slowest git call here and a
 * second process on the session-start path, for files notes are rarely about yet. Session start asks this on every session, so it calls `git` directly through
 * child_process: simple-git costs tens of milliseconds to import, more than the whole hook may take. The calls are
 * asynchronous so the caller can read its own files while git runs, and every call has a short timeout: without an
 * answer in time the list is simply empty.
 */

const TIMEOUT_MS = 1_500;
/** A branch that rewrote half the repository says nothing useful about which notes matter; keep the first ones. */
export const MAX_CHANGED_FILES = 200;

/** Refs tried in order when `origin/HEAD` does not say which branch is the default. */
const DEFAULT_CANDIDATES = ['refs/remotes/origin/main', 'refs/remotes/origin/master', 'refs/heads/main', 'refs/heads/master'];

/**
 * The notes are not code the session works on, and leaving them out spares git a look at every note file
 * (at 10,000 notes the diff takes 7 ms instead of 40).
 */
const NOT_MEMORY = ['--', '.', ':(exclude).claude-memory'];

export interface ChangedFiles {
  /** The ref compared against (`origin/main`, `main` …), or undefined when only uncommitted changes were listed. */
  base?: string;
  /** Repository-relative paths with forward slashes, sorted, at most MAX_CHANGED_FILES. */
  files: string[];
}

/** git's stdout, or undefined when it fails or takes too long. Only stdout is piped: each pipe costs set-up time. */
function git(root: string, args: string[]): Promise<string | undefined> {
  return new Promise((resolve) => {
    let child;
    try {
      child = spawn('git', args, { cwd: root, stdio: ['ignore', 'pipe', 'ignore'], windowsHide: true });
    } catch {
      resolve(undefined);
      return;
    }
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => child.kill(), TIMEOUT_MS);
    child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.on('error', () => {
      clearTimeout(timer);
      resolve(undefined);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve(code === 0 ? Buffer.concat(chunks).toString('utf8') : undefined);
    });
  });
}

/** Pure: the default branch from `for-each-ref` output lines `<refname> <symref>`. */
export function pickDefaultBranch(forEachRef: string): string | undefined {
  const refs = new Map<string, string>();
  for (const line of forEachRef.split('\n')) {
    const [name, symref] = line.trim().split(' ');
    if (name) refs.set(name, symref ?? '');
  }
  const viaOrigin = refs.get('refs/remotes/origin/HEAD');
  if (viaOrigin) return shortRef(viaOrigin);
  const found = DEFAULT_CANDIDATES.find((ref) => refs.has(ref));
  return found ? shortRef(found) : undefined;
}

const shortRef = (ref: string) => ref.replace(/^refs\/(heads|remotes)\//, '');

/** Pure: NUL-separated path lists merged, deduplicated, sorted and capped. */
export function mergePathLists(...lists: Array<string | undefined>): string[] {
  const set = new Set<string>();
  for (const list of lists) for (const file of (list ?? '').split('\0')) if (file) set.add(file);
  return [...set].sort().slice(0, MAX_CHANGED_FILES);
}

/** The folder holding refs: `.git`, or for a worktree the common folder its `.git` file leads to. */
function refsFolder(root: string): string | undefined {
  try {
    const dotGit = path.join(root, '.git');
    let gitDir = dotGit;
    if (!fs.statSync(dotGit).isDirectory()) {
      const pointer = /^gitdir: (.+)$/m.exec(fs.readFileSync(dotGit, 'utf8'))?.[1]?.trim();
      if (!pointer) return undefined;
      gitDir = path.resolve(root, pointer);
    }
    try {
      return path.resolve(gitDir, fs.readFileSync(path.join(gitDir, 'commondir'), 'utf8').trim());
    } catch {
      return gitDir;
    }
  } catch {
    return undefined;
  }
}

/**
 * The default branch read from the ref files themselves (loose refs, packed-refs, the origin/HEAD symref): a few
 * small reads instead of one more git process. Undefined when the files do not say, and the caller asks git.
 */
export function defaultBranchFromFiles(root: string): string | undefined {
  const dir = refsFolder(root);
  if (!dir) return undefined;
  let lines = '';
  try {
    const symref = fs.readFileSync(path.join(dir, 'refs', 'remotes', 'origin', 'HEAD'), 'utf8');
    const target = /^ref: (\S+)/.exec(symref)?.[1];
    if (target) lines += `refs/remotes/origin/HEAD ${target}\n`;
  } catch {
    // no origin/HEAD
  }
  let packed = '';
  try {
    packed = fs.readFileSync(path.join(dir, 'packed-refs'), 'utf8');
  } catch {
    // nothing packed
  }
  for (const ref of DEFAULT_CANDIDATES) {
    if (fs.existsSync(path.join(dir, ref)) || packed.includes(` ${ref}\n`)) lines += `${ref}\n`;
  }
  return lines ? pickDefaultBranch(lines) : undefined;
}

export async function changedFiles(root: string): Promise<ChangedFiles> {
  let base = defaultBranchFromFiles(root);
  if (!base) {
    const refs = await git(root, ['for-each-ref', '--format=%(refname) %(symref)', 'refs/remotes/origin/HEAD', ...DEFAULT_CANDIDATES]);
    base = refs === undefined ? undefined : pickDefaultBranch(refs);
  }
  // `--merge-base` compares the working tree with the merge base, so one call covers commits and uncommitted edits.
  let diff = base ? await git(root, ['diff', '--name-only', '-z', '--no-renames', '--merge-base', base, ...NOT_MEMORY]) : undefined;
  const comparedTo = diff === undefined ? undefined : base;
  if (diff === undefined) diff = await git(root, ['diff', '--name-only', '-z', '--no-renames', 'HEAD', ...NOT_MEMORY]);
  return { base: comparedTo, files: mergePathLists(diff) };
}
