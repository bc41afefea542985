import fs from 'node:fs';
import path from 'node:path';
import { assertWritableDir } from '../core/confine.js';
import { makeDirs, namedError } from '../core/fs-errors.js';

/**
 * A temp name no other writer uses: pid and start time tell processes apart (a reused pid left temp files behind
 * only if it crashed in the same millisecond), the counter calls within one. No node:crypto: loading it costs a
 * hook about 4 ms.
 */
const PROCESS_TOKEN = `${process.pid}.${Date.now().toString(36)}`;
let tempCounter = 0;
const tempName = (file: string) => path.join(path.dirname(file), `.${path.basename(file)}.${PROCESS_TOKEN}.${(tempCounter++).toString(36)}.tmp`);

/**
 * Write a file so that readers see either the old or the new content, never a torn one:
 * temp file in the same folder (same filesystem, so rename is atomic), fsync, rename, fsync the folder.
 * Under `.claude-memory/` no folder on the way may be a symbolic link (core/confine.ts); the temp file is created
 * exclusively (O_EXCL never follows a link) and the rename replaces a link at the file's own name instead of writing
 * through it, so a planted link can neither receive nor redirect the write.
 */
export function writeFileAtomic(file: string, content: string | Buffer, options: { durable?: boolean } = {}): void {
  const durable = options.durable ?? true;
  const dir = path.dirname(file);
  assertWritableDir(dir);
  const tmp = tempName(file);
  let fd: number | undefined;
  try {
    makeDirs(dir);
    fd = fs.openSync(tmp, 'wx', 0o644);
    fs.writeSync(fd, typeof content === 'string' ? Buffer.from(content, 'utf8') : content);
    if (durable) fs.fsyncSync(fd);
    fs.closeSync(fd);
    fd = undefined;
    fs.renameSync(tmp, file);
  } catch (err) {
    if (fd !== undefined) fs.closeSync(fd);
    fs.rmSync(tmp, { force: true });
    // A full disk, a read-only mount, a permission: the error names the file it could not write.
    throw namedError(file, 'write', err);
  }
  if (durable) syncDir(dir);
}

/**
 * Derived files (search shards, catalog, generated markdown) are rebuilt from the notes whenever they look wrong,
 * so they are renamed into place atomically but not fsynced: that costs about 0.3 s per full rebuild.
 */
export function writeDerivedFile(file: string, content: string | Buffer): void {
  writeFileAtomic(file, content, { durable: false });
}

/** Create a file only if it does not exist yet; false when it does. Atomic like writeFileAtomic. */
export function createFileAtomic(file: string, content: string): boolean {
  const dir = path.dirname(file);
  assertWritableDir(dir);
  const tmp = tempName(file);
  try {
    makeDirs(dir);
    fs.writeFileSync(tmp, content, { flag: 'wx', mode: 0o644 });
    const fd = fs.openSync(tmp, 'r+');
    try {
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    // link() fails with EEXIST instead of replacing (a link planted at the name included), which makes the create exclusive.
    fs.linkSync(tmp, file);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw namedError(file, 'write', err);
  } finally {
    fs.rmSync(tmp, { force: true });
    syncDir(dir);
  }
}

function syncDir(dir: string): void {
  try {
    const fd = fs.openSync(dir, 'r');
    try {
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    // Some filesystems refuse fsync on a directory; the rename itself is still atomic there.
  }
}
