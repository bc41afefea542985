import fs from 'node:fs';
import path from 'node:path';
import { gitFolders } from '../core/git-files.js';

/**
 * The branch work is compared against: origin's HEAD when the clone knows it, else the first of origin/main,
 * origin/master, main, master that exists. Session start reads the ref files (a few small reads, no process);
 * git is asked only when they do not say, through whichever runner the caller may use on its path.
 */

/** Refs tried in order when `origin/HEAD` does not say which branch is the default. */
const DEFAULT_BRANCH_CANDIDATES = ['refs/remotes/origin/main', 'refs/remotes/origin/master', 'refs/heads/main', 'refs/heads/master'];

/** The git command whose output `pickDefaultBranch` reads: each existing ref with its symref target. */
export const DEFAULT_BRANCH_QUERY = ['for-each-ref', '--format=%(refname) %(symref)', 'refs/remotes/origin/HEAD', ...DEFAULT_BRANCH_CANDIDATES];

/** Runs one git command in the repository: its stdout, or undefined when it fails. */
export type GitOutput = (args: string[]) => Promise<string | undefined>;

const shortRef = (ref: string) => ref.replace(/^refs\/(heads|remotes)\//, '');

/** Pure: the default branch from lines `<refname> <symref>` (the symref empty for plain refs). */
export function pickDefaultBranch(forEachRef: string): string | undefined {
  const refs = new Map<string, string>();
  for (const line of forEachRef.split('\n')) {
    const [name, symref] = line.trim().split(' ');
    if (name) refs.set(name, symref ?? '');
  }
  const viaOrigin = refs.get('refs/remotes/origin/HEAD');
  if (viaOrigin) return shortRef(viaOrigin);
  const found = DEFAULT_BRANCH_CANDIDATES.find((ref) => refs.has(ref));
  return found ? shortRef(found) : undefined;
}

/**
 * The default branch read from the ref files themselves (loose refs, packed-refs, the origin/HEAD symref).
 * Undefined when the files do not say (no such refs, or a ref store that is not files), and the caller asks git.
 */
export function defaultBranchFromFiles(root: string): string | undefined {
  const dir = gitFolders(root)?.common;
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
  for (const ref of DEFAULT_BRANCH_CANDIDATES) {
    if (fs.existsSync(path.join(dir, ref)) || packed.includes(` ${ref}\n`)) lines += `${ref}\n`;
  }
  return lines ? pickDefaultBranch(lines) : undefined;
}

/** The default branch: from the ref files when they say, else from git through `run`. */
export async function defaultBranch(root: string, run: GitOutput): Promise<string | undefined> {
  const fromFiles = defaultBranchFromFiles(root);
  if (fromFiles) return fromFiles;
  const refs = await run(DEFAULT_BRANCH_QUERY);
  return refs === undefined ? undefined : pickDefaultBranch(refs);
}
