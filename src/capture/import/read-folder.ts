import fs from 'node:fs';
import path from 'node:path';
import { MAX_NOTE_BYTES } from '../../store/parse.js';
import type { ImportSkip } from './item.js';

/**
 * The markdown files of a folder a user names for import, read with bounds: no symlinks followed, hidden folders
 * (`.obsidian`, `.git`, `.trash`) and `node_modules` skipped, depth, count and size limited, binary and non-UTF-8
 * files refused. Whatever is left out is reported with its reason.
 */

const MAX_DEPTH = 12;
export const MAX_FILES = 20_000;
const utf8 = new TextDecoder('utf-8', { fatal: true });

export interface FolderFile {
  rel: string;
  text: string;
  mtimeMs: number;
}

export function readMarkdownFolder(dir: string): { files: FolderFile[]; skipped: ImportSkip[] } {
  const files: FolderFile[] = [];
  const skipped: ImportSkip[] = [];
  let stat: fs.Stats;
  try {
    stat = fs.statSync(dir);
  } catch (err) {
    throw new Error(`${dir}: cannot read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
  if (!stat.isDirectory()) throw new Error(`${dir}: not a folder`);
  const walk = (absolute: string, rel: string, depth: number) => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(absolute, { withFileTypes: true });
    } catch (err) {
      skipped.push({ ref: rel || '.', reason: `cannot read folder (${(err as NodeJS.ErrnoException).code ?? 'error'})` });
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const childRel = rel ? `${rel}/${entry.name}` : entry.name;
      const child = path.join(absolute, entry.name);
      if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
      if (entry.isSymbolicLink()) {
        if (entry.name.toLowerCase().endsWith('.md')) skipped.push({ ref: childRel, reason: 'symlink; not followed' });
        continue;
      }
      if (entry.isDirectory()) {
        if (depth >= MAX_DEPTH) skipped.push({ ref: childRel, reason: `nested deeper than ${MAX_DEPTH} folders` });
        else walk(child, childRel, depth + 1);
        continue;
      }
      if (!entry.isFile() || !entry.name.toLowerCase().endsWith('.md')) continue;
      if (files.length >= MAX_FILES) {
        skipped.push({ ref: childRel, reason: `more than ${MAX_FILES} files; the rest were not read` });
        return;
      }
      const read = readOne(child);
      if ('reason' in read) skipped.push({ ref: childRel, reason: read.reason });
      else files.push({ rel: childRel, ...read });
    }
  };
  walk(dir, '', 0);
  return { files, skipped };
}

function readOne(file: string): { text: string; mtimeMs: number } | { reason: string } {
  try {
    const stat = fs.statSync(file);
    if (stat.size > MAX_NOTE_BYTES) return { reason: `${stat.size} bytes, over the ${MAX_NOTE_BYTES}-byte limit for a note` };
    const buffer = fs.readFileSync(file);
    if (buffer.includes(0)) return { reason: 'binary file' };
    return { text: utf8.decode(buffer), mtimeMs: stat.mtimeMs };
  } catch (err) {
    if (err instanceof TypeError) return { reason: 'not UTF-8 text' };
    return { reason: `cannot read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})` };
  }
}
