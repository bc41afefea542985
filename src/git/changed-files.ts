import { defaultBranch } from './default-branch.js';
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

export async function changedFiles(root: string): Promise<ChangedFiles> {
  const git = (args: string[]) => hotPathGit(root, args, TIMEOUT_MS);
  const base = await defaultBranch(root, git);
  // `--merge-base` compares the working tree with the merge base, so one call covers commits and uncommitted edits.
  let diff = base ? await git(['diff', '--name-only', '-z', '--no-renames', '--merge-base', base, ...NOT_MEMORY]) : undefined;
  const comparedTo = diff === undefined ? undefined : base;
  if (diff === undefined) diff = await git(['diff', '--name-only', '-z', '--no-renames', 'HEAD', ...NOT_MEMORY]);
  return { base: comparedTo, files: mergePathLists(diff) };
}
