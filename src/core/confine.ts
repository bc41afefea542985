import fs from 'node:fs';
import path from 'node:path';
import { MEMORY_DIR } from './paths.js';

/**
 * Confinement of what the tool reads and writes under `.claude-memory/`. That folder arrives by `git pull`, and git
 * checks out symbolic links as links: a commit can turn `notes/`, `.cache/`, `index/` or `INDEX.md` into a link to
 * anywhere on the machine. The tool never follows one there: a folder of the memory tree that is a link (or not a
 * folder) is refused with an error naming it, files are opened without following a final link, and writes check
 * every folder between the repository and the file before creating anything. See docs/security.md.
 */

/** A path of the memory tree the tool refuses to use; the message names it and says why. */
export class UnsafePathError extends Error {
  constructor(
    readonly file: string,
    reason: string,
  ) {
    super(`${file}: ${reason}`);
    this.name = 'UnsafePathError';
  }
}

const NOFOLLOW = fs.constants.O_NOFOLLOW ?? 0;
const NONBLOCK = fs.constants.O_NONBLOCK ?? 0;

function linkTarget(file: string): string {
  try {
    return ` (to ${fs.readlinkSync(file)})`;
  } catch {
    return '';
  }
}

/**
 * Throws UnsafePathError when `file` (shown as `shown`) is a symbolic link, or is not of the expected kind. Absent
 * is fine: returns false. One lstat.
 */
export function checkEntry(file: string, kind: 'folder' | 'file', shown = file): boolean {
  const stat = fs.lstatSync(file, { throwIfNoEntry: false });
  if (!stat) return false;
  if (stat.isSymbolicLink())
    throw new UnsafePathError(
      shown,
      `is a symbolic link${linkTarget(file)}; claude-memory never follows a link in .claude-memory/ (replace it with a real ${kind})`,
    );
  if (kind === 'folder' ? !stat.isDirectory() : !stat.isFile()) throw new UnsafePathError(shown, `is not a ${kind}; claude-memory refuses to use it`);
  return true;
}

/** The folder under `.claude-memory/` that `dir` lies in, split as [repository root, path below it], or undefined. */
function memoryPart(dir: string): [string, string[]] | undefined {
  const marker = `${path.sep}${MEMORY_DIR}`;
  let at = dir.lastIndexOf(`${marker}${path.sep}`);
  if (at < 0 && dir.endsWith(marker)) at = dir.length - marker.length;
  if (at < 0) return undefined;
  return [dir.slice(0, at), dir.slice(at + 1).split(path.sep)];
}

/**
 * Folders found safe within the current operation, so a rebuild writing thousands of shards into one folder checks
 * it once (an lstat costs about 10 µs here). Every surface operation starts by checking the tree afresh
 * (cache/guard.ts), which clears this, and an entry lasts a second at most.
 */
const checked = new Map<string, number>();
const CHECK_VALID_MS = 1_000;

/**
 * Before a write into `dir`: every folder from `.claude-memory/` down to `dir` that exists must be a real folder,
 * not a link, so neither `mkdir -p` nor the write can land outside the repository. Paths outside a memory folder
 * (the install's `.mcp.json`, git hooks) are the caller's choice and are not checked here.
 */
export function assertWritableDir(dir: string): void {
  const abs = path.resolve(dir);
  const now = Date.now();
  if ((checked.get(abs) ?? 0) > now) return;
  const part = memoryPart(abs);
  if (!part) return;
  const [root, segments] = part;
  let current = root;
  for (const segment of segments) {
    current = path.join(current, segment);
    if (!checkEntry(current, 'folder', path.relative(root, current) || current)) break;
  }
  checked.set(abs, now + CHECK_VALID_MS);
}

/** Forget what assertWritableDir remembered (tests that swap a folder for a link within the same second). */
export function forgetCheckedDirs(): void {
  checked.clear();
}

/**
 * Read a file without following a final symbolic link, without blocking on a FIFO, and only when it is a regular file
 * of at most `maxBytes`. Throws like fs.readFileSync (ELOOP for a link, EAGAIN for a FIFO, EISDIR, EFBIG).
 */
export function readFileNoFollow(file: string, maxBytes = 256 * 1024 * 1024): Buffer {
  const fd = fs.openSync(file, fs.constants.O_RDONLY | NOFOLLOW | NONBLOCK);
  try {
    const stat = fs.fstatSync(fd);
    if (!stat.isFile()) throw Object.assign(new Error(`${file}: not a regular file`), { code: 'EISDIR' });
    if (stat.size > maxBytes) throw Object.assign(new Error(`${file}: larger than ${maxBytes} bytes`), { code: 'EFBIG' });
    return fs.readFileSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/** readFileNoFollow as UTF-8 text. */
export function readTextNoFollow(file: string, maxBytes?: number): string {
  return readFileNoFollow(file, maxBytes).toString('utf8');
}
