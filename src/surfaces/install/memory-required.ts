import fs from 'node:fs';
import { memoryPaths } from '../../core/paths.js';

/**
 * Only `init` creates `.claude-memory/`, because only `init` writes the `.gitignore` that keeps the cache, INDEX.md
 * and index/ out of commits. Every other command that reads or writes memory refuses in a repository without the
 * folder and says how to set it up, instead of writing notes beside an unignored cache or printing nothing. The
 * commands below work without it: they set it up, take it down, report on it, or are hooks, which fail open.
 */
const WORKS_WITHOUT_MEMORY = new Set(['init', 'uninstall', 'doctor', 'hook', 'git-hook', 'mcp', 'guard']);

/** Pure: whether a command (by name, with its parsed options) needs `.claude-memory/`. */
export function needsMemory(command: string, options: { gitHook?: unknown } = {}): boolean {
  // `refresh --git-hook` is what a git hook runs; it does nothing where there is no memory.
  if (command === 'refresh' && options.gitHook) return false;
  return command !== '' && !WORKS_WITHOUT_MEMORY.has(command);
}

/** The sentence every surface says when the repository has no memory folder. */
export function noMemoryMessage(root: string): string {
  return `${root} has no .claude-memory/ folder yet; run "claude-memory init" there first.`;
}

/** Throws the sentence above when `root` has no `.claude-memory/`. */
export function requireMemory(root: string): void {
  if (!fs.existsSync(memoryPaths(root).memoryDir)) throw new Error(noMemoryMessage(root));
}
