import fs from 'node:fs';
import path from 'node:path';

/**
 * File system failures as a user should read them: the file, what was being done, and the reason in words with the
 * system's code (`…/catalog.json: cannot write: no space left on the device (ENOSPC)`). A full disk, a read-only
 * mount or a permission problem is an error that names its file, never an empty store.
 */

const REASONS: Record<string, string> = {
  ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded',
  EROFS: 'the file system is read-only',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  ENOTDIR: 'a folder on its path is not a folder',
  EISDIR: 'it is a folder',
  EMFILE: 'too many open files',
  ENFILE: 'too many open files on the system',
  EIO: 'input/output error',
  ENAMETOOLONG: 'the name is too long',
  ELOOP: 'it is a symbolic link',
};

export class FileSystemError extends Error {
  constructor(
    readonly file: string,
    readonly action: 'write' | 'read' | 'lock',
    readonly code: string,
  ) {
    super(`${file}: cannot ${action}: ${REASONS[code] ?? 'system error'} (${code})`);
    this.name = 'FileSystemError';
  }
}

/** `err` as a FileSystemError naming `file` when it is a system error; anything else (already named) as it is. */
export function namedError(file: string, action: FileSystemError['action'], err: unknown): unknown {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  if (err instanceof FileSystemError || typeof code !== 'string' || !/^E[A-Z]+$/.test(code)) return err;
  return new FileSystemError(file, action, code);
}

/**
 * `mkdir -p` whose failure names the folder and the real reason. Node's recursive mkdir reports ENOENT when a folder
 * cannot be created for another reason (a read-only mount, a permission): the first missing folder is then created
 * on its own, which fails with the reason that applies.
 */
export function makeDirs(dir: string): void {
  try {
    fs.mkdirSync(dir, { recursive: true });
  } catch (err) {
    let missing = dir;
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
      while (path.dirname(missing) !== missing && !fs.existsSync(path.dirname(missing))) missing = path.dirname(missing);
      try {
        fs.mkdirSync(missing);
      } catch (real) {
        throw namedError(missing, 'write', real);
      }
    }
    throw namedError(missing, 'write', err);
  }
}
