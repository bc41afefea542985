/**
 * Where the user's own `claude` binary is. Looked up in the environment of the person running the hooks, never in
 * anything the repository ships: relative PATH entries (`.`, empty) and folders inside the repository are skipped,
 * so a `claude` committed to the repository (or to its node_modules) is never run.
 */
import fs from 'node:fs';
import path from 'node:path';
import { isInside } from '../core/paths.js';

/** Set to an absolute path to choose the binary; set to `off` to turn the route off for this user. */
export const CLAUDE_BIN_ENV = 'CLAUDE_MEMORY_CLAUDE_BIN';

function isExecutableFile(file: string): boolean {
  try {
    if (!fs.statSync(file).isFile()) return false;
    fs.accessSync(file, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Pure: the folders to look in, in order; only absolute ones outside the repository. */
export function candidateDirs(env: NodeJS.ProcessEnv, root: string): string[] {
  const dirs = (env.PATH ?? '').split(path.delimiter).filter((dir) => dir && path.isAbsolute(dir));
  // Claude Code's "local" install keeps the binary here and reaches it through a shell alias, not PATH.
  if (env.HOME && path.isAbsolute(env.HOME)) dirs.push(path.join(env.HOME, '.claude', 'local'));
  return [...new Set(dirs.map((dir) => path.resolve(dir)))].filter((dir) => !isInside(root, dir));
}

function realpath(file: string): string {
  try {
    return fs.realpathSync(file);
  } catch {
    return file;
  }
}

/** A link on PATH that leads back into the repository counts as inside it. */
function fromRepository(root: string, file: string): boolean {
  return isInside(root, file) || isInside(realpath(root), realpath(file));
}

/** The absolute path of the `claude` to run, or undefined when there is none (or the user turned the route off). */
export function findClaudeBinary(env: NodeJS.ProcessEnv, root: string, isExecutable: (file: string) => boolean = isExecutableFile): string | undefined {
  const chosen = env[CLAUDE_BIN_ENV]?.trim();
  if (chosen) {
    if (chosen === 'off' || !path.isAbsolute(chosen) || fromRepository(root, chosen)) return undefined;
    return isExecutable(chosen) ? chosen : undefined;
  }
  const names = process.platform === 'win32' ? ['claude.exe', 'claude.cmd', 'claude'] : ['claude'];
  for (const dir of candidateDirs(env, root)) {
    for (const name of names) {
      const file = path.join(dir, name);
      if (isExecutable(file) && !fromRepository(root, file)) return file;
    }
  }
  return undefined;
}
