import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { cacheLayout } from '../cache/layout.js';
import { assertWritableDir, readTextNoFollow } from '../core/confine.js';
import { gitStateKey } from '../core/git-files.js';
import { fnv1a } from '../core/hash.js';
import { defaultBranch, defaultBranchFromFiles } from './default-branch.js';
import { hotPathGit } from './hot-path.js';

/**
 * Files changed on the current branch: committed since the merge base with the default branch, plus uncommitted
 * changes, staged or not, new files included once `git add` has seen them. Files git has never been told about are
 * left out: listing them means walking the whole work tree (`ls-files --others`), the slowest git call here and a
 * second process on the session-start path, for files notes are rarely about yet. Session start asks this on every
 * session, so git runs through `hot-path.ts` (no simple-git to load). The calls are asynchronous so the caller can
 * read its own files while git runs, and each has a short timeout: without an answer in time the list is empty.
 */

const TIMEOUT_MS = 1_500;
/** A branch that rewrote half the repository says nothing useful about which notes matter; keep the first ones. */
export const MAX_CHANGED_FILES = 200;

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

/** Pure: NUL-separated path lists merged, deduplicated, sorted and capped. */
export function mergePathLists(...lists: Array<string | undefined>): string[] {
  const set = new Set<string>();
  for (const list of lists) for (const file of (list ?? '').split('\0')) if (file) set.add(file);
  return [...set].sort().slice(0, MAX_CHANGED_FILES);
}

/**
 * In a large repository git reads a large index to answer (14 MB and about 20 ms at 100,000 notes), longer than a
 * session start may wait. So git writes its answer to a file under `.cache/changed/`, named after the state of the
 * repository it answers for (core/git-files.ts gitStateKey), and runs detached: when it is late, session start takes the answer
 * git gave last time for the same state, and git's new one is there for the next session. Only edits not yet
 * staged can be missing from such an answer, and only until the next session start.
 */
export const REMEMBERED_AFTER_MS = 4;

/** The answer file for a state, its folder made and checked (no link in the memory tree); undefined without one. */
function answerFile(root: string, key: string): string | undefined {
  const dir = cacheLayout(root).changed;
  try {
    assertWritableDir(dir);
    // Only inside an existing cache: asking which files changed must not create a memory tree.
    if (!fs.existsSync(dir)) fs.mkdirSync(dir);
    return path.join(dir, `${fnv1a(key).toString(16).padStart(8, '0')}.z`);
  } catch {
    return undefined;
  }
}

/** git's answer as written to `file`, or undefined. */
function readAnswer(file: string): string | undefined {
  try {
    return readTextNoFollow(file, 4 * 1024 * 1024);
  } catch {
    return undefined;
  }
}

/** Earlier states' answers go; the current one stays. */
function pruneAnswers(file: string): void {
  try {
    const dir = path.dirname(file);
    for (const name of fs.readdirSync(dir)) if (name !== path.basename(file)) fs.rmSync(path.join(dir, name), { force: true });
  } catch {
    // the next session tries again
  }
}

/**
 * `git diff` run detached by sh into `file` (written whole, then renamed): its exit code, or undefined. With `wait`
 * false the process may exit before git does (git finishes on its own and leaves the file).
 */
function diffInto(root: string, file: string, args: string[], wait: boolean): Promise<number | undefined> {
  return new Promise((resolve) => {
    try {
      const child = spawn('sh', ['-c', '{ git "$@" > "$0.$$" && exec mv -f "$0.$$" "$0"; }; rm -f "$0.$$"; exit 1', file, ...args], {
        cwd: root,
        // git diff refreshes and rewrites the index when it can lock it: that would change the state's key (and
        // contend with the user's own git); an optional lock is one git may skip.
        env: { ...process.env, GIT_OPTIONAL_LOCKS: '0' },
        stdio: 'ignore',
        detached: true,
        windowsHide: true,
      });
      const timer = setTimeout(() => resolve(undefined), TIMEOUT_MS);
      child.on('error', () => {
        clearTimeout(timer);
        resolve(undefined);
      });
      child.on('exit', (code) => {
        clearTimeout(timer);
        resolve(code ?? undefined);
      });
      if (!wait) {
        child.unref();
        timer.unref();
      }
    } catch {
      resolve(undefined);
    }
  });
}

export function changedFiles(root: string): Promise<ChangedFiles> {
  // Started before the first await: the caller (the launcher) asks early so that git works while node loads code.
  const fromFiles = defaultBranchFromFiles(root);
  if (fromFiles) return changedAgainst(root, fromFiles);
  return defaultBranch(root, (args) => hotPathGit(root, args, TIMEOUT_MS)).then((base) => changedAgainst(root, base));
}

function changedAgainst(root: string, base: string | undefined): Promise<ChangedFiles> {
  const git = (args: string[]) => hotPathGit(root, args, TIMEOUT_MS);
  const key = base && process.platform !== 'win32' ? gitStateKey(root, base) : undefined;
  const file = key ? answerFile(root, key) : undefined;
  if (!base || !file) return askGit(git, base);
  const remembered = readAnswer(file);
  // `--merge-base` compares the working tree with the merge base, so one call covers commits and uncommitted edits.
  const args = ['diff', '--name-only', '-z', '--no-renames', '--merge-base', base, ...NOT_MEMORY];
  const fresh = diffInto(root, file, args, remembered === undefined).then((code) => {
    const answer = code === 0 ? readAnswer(file) : undefined;
    if (answer === undefined) return askGit(git, undefined);
    pruneAnswers(file);
    return { base, files: mergePathLists(answer) };
  });
  if (remembered === undefined) return fresh;
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<ChangedFiles>((resolve) => {
    timer = setTimeout(() => resolve({ base, files: mergePathLists(remembered) }), REMEMBERED_AFTER_MS);
  });
  return Promise.race([fresh.finally(() => clearTimeout(timer)), late]);
}

/** git through a pipe, waited for: against the merge base with `base`, else against HEAD. */
async function askGit(git: (args: string[]) => Promise<string | undefined>, base: string | undefined): Promise<ChangedFiles> {
  let diff = base ? await git(['diff', '--name-only', '-z', '--no-renames', '--merge-base', base, ...NOT_MEMORY]) : undefined;
  const comparedTo = diff === undefined ? undefined : base;
  if (diff === undefined) diff = await git(['diff', '--name-only', '-z', '--no-renames', 'HEAD', ...NOT_MEMORY]);
  return { base: comparedTo, files: mergePathLists(diff) };
}
