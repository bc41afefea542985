import fs from 'node:fs';
import path from 'node:path';
import { checkMemoryTree, ensureCacheIgnored } from '../cache/guard.js';

/**
 * The repository's top level: the nearest folder upwards that has a `.git` entry (folder, or file for worktrees
 * and submodules). Walking up costs a few stat calls where spawning git would cost milliseconds on the hook path.
 */
export function findRepoRoot(start: string = process.cwd()): string | undefined {
  let dir = path.resolve(start);
  for (;;) {
    if (fs.existsSync(path.join(dir, '.git'))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/**
 * The repository root for a command: the one given, else the one around the current directory, else a clear error.
 * A memory tree with a symbolic link where a folder or INDEX.md should be is refused here (cache/guard.ts).
 */
export function resolveRoot(root?: string): string {
  const found = root ?? findRepoRoot();
  if (!found) throw new Error(`${process.cwd()}: not inside a git work tree (pass { root } or run inside a repository)`);
  checkMemoryTree(found);
  ensureCacheIgnored(found);
  return found;
}
