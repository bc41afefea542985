import fs from 'node:fs';
import path from 'node:path';
import type { Note, Problem } from '../core/types.js';
import { isInside, toRepoPath } from '../core/paths.js';
import { MAX_NOTE_BYTES, parseNote } from './parse.js';
import { namedError } from '../core/fs-errors.js';

const MAX_DEPTH = 12;
const utf8 = new TextDecoder('utf-8', { fatal: true });

export interface NoteFile {
  /** Absolute path of the file as listed (the link itself when it is a symlink). */
  absolute: string;
  /** Repository-relative path with forward slashes. */
  path: string;
}

/**
 * Every `.md` file under the notes folder, at any depth. A symlinked note is followed only when it resolves to a
 * file inside the notes folder itself (a link to `.env` elsewhere in the repository is no note); linked folders are
 * never entered, so a link loop cannot trap the walk. The notes folder itself is never a link (cache/guard.ts).
 */
export function listNoteFiles(root: string, notesDir: string): { files: NoteFile[]; problems: Problem[] } {
  const files: NoteFile[] = [];
  const problems: Problem[] = [];
  let realNotes: string | undefined;
  const notesReal = () => {
    try {
      realNotes ??= fs.realpathSync(notesDir);
    } catch {
      realNotes = '';
    }
    return realNotes;
  };
  // Paths are built by concatenation: path.relative per file costs more than the whole readdir at 10k notes.
  const walk = (dir: string, relDir: string, depth: number) => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code ?? 'error';
      // No notes folder yet is an empty store; one that cannot be read is an error, never shown as empty.
      if (code === 'ENOENT') return;
      if (depth === 0) throw namedError(relDir, 'read', err);
      problems.push({ path: relDir, code: 'unreadable', reason: `folder cannot be read (${code}); its notes are skipped`, severity: 'error' });
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      if (entry.name.startsWith('.')) continue;
      const absolute = `${dir}${path.sep}${entry.name}`;
      const rel = `${relDir}/${entry.name}`;
      if (entry.isDirectory()) {
        if (depth >= MAX_DEPTH)
          problems.push({ path: rel, code: 'too-deep', reason: `folder nested deeper than ${MAX_DEPTH} levels; skipped`, severity: 'warning' });
        else walk(absolute, rel, depth + 1);
      } else if (entry.isSymbolicLink()) {
        if (!entry.name.endsWith('.md')) continue;
        let target: string;
        try {
          target = fs.realpathSync(absolute);
        } catch {
          problems.push({ path: rel, code: 'broken-symlink', reason: 'symlink to nothing; skipped', severity: 'error' });
          continue;
        }
        if (!notesReal() || !isInside(notesReal(), target)) {
          problems.push({ path: rel, code: 'symlink-outside', reason: 'symlink leading outside the notes folder; not read', severity: 'error' });
        } else if (fs.statSync(target).isFile()) files.push({ absolute, path: rel });
      } else if (entry.isFile() && entry.name.endsWith('.md')) {
        files.push({ absolute, path: rel });
      }
    }
  };
  walk(notesDir, toRepoPath(root, notesDir), 0);
  return { files, problems };
}

/** Read and parse one note file, bounded in size; never throws for bad content. */
export function readNoteFile(file: NoteFile): { note?: Note; problems: Problem[]; mtimeMs: number; size: number } {
  const fail = (code: string, reason: string, mtimeMs = 0, size = 0) => ({
    problems: [{ path: file.path, code, reason, severity: 'error' as const }],
    mtimeMs,
    size,
  });
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file.absolute);
  } catch (err) {
    return fail('unreadable', `cannot read: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  if (stat.size > MAX_NOTE_BYTES) {
    return fail('too-large', `${stat.size} bytes, over the ${MAX_NOTE_BYTES}-byte limit for a note; skipped`, stat.mtimeMs, stat.size);
  }
  let buffer: Buffer;
  try {
    buffer = fs.readFileSync(file.absolute);
  } catch (err) {
    return fail('unreadable', `cannot read: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`, stat.mtimeMs, stat.size);
  }
  if (buffer.includes(0)) return fail('not-text', 'binary file (contains NUL bytes); skipped', stat.mtimeMs, stat.size);
  let text: string;
  try {
    text = utf8.decode(buffer);
  } catch {
    return fail('not-text', 'not valid UTF-8 text; skipped', stat.mtimeMs, stat.size);
  }
  const fallbackId = path.basename(file.path, '.md');
  return { ...parseNote(text, file.path, fallbackId), mtimeMs: stat.mtimeMs, size: stat.size };
}
