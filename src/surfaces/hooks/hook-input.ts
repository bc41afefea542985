import fs from 'node:fs';
import path from 'node:path';
import { MEMORY_DIR } from '../../core/paths.js';
import { findRepoRoot } from '../../git/root.js';

/** Where a hook's input comes from: its stdin, and the repository it works on. */

const MAX_STDIN_BYTES = 4 * 1024 * 1024;

/** The hook's stdin: Claude Code's payload ('' for a terminal, where reading would wait for someone to type). */
export function readHookStdin(): string {
  try {
    if (fs.fstatSync(0).isCharacterDevice()) return '';
    return fs.readFileSync(0).subarray(0, MAX_STDIN_BYTES).toString('utf8');
  } catch {
    return '';
  }
}

/** The repository a hook works on, from the payload's folder; undefined when it has not opted in (no memory tree). */
export function hookRepository(cwd: string | undefined): string | undefined {
  const root = findRepoRoot(cwd && path.isAbsolute(cwd) ? cwd : process.cwd());
  return root && fs.existsSync(path.join(root, MEMORY_DIR)) ? root : undefined;
}
