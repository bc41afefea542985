import fs from 'node:fs';
import path from 'node:path';
import { CACHE_FORMAT, cacheLayout, type CacheLayout } from '../cache/layout.js';
import { fnv1a } from '../core/hash.js';
import { newestFirst } from '../core/time.js';
import { asCacheValue, readCacheFile, readCacheJson } from '../cache/read.js';
import { isRecord } from '../core/json-file.js';
import type { CatalogEntry, FileNote } from '../cache/schemas.js';
import { writeDerivedFile } from '../store/atomic.js';

/**
 * Which notes are about a given file, answered from a small lookup kept beside the index cache:
 * `.cache/file-notes/<shard>.json` maps file paths to the active notes that name them. Session start looks up the
 * few files changed on the branch; reading the whole catalog instead costs about 50 ms at 10,000 notes, more than
 * the hook's budget. The lookup is rebuilt from the catalog whenever the catalog changes (its time and size are
 * the stamp), so it is never staler than the index, and garbage in it only costs a rebuild.
 */

const SHARDS = 256;
/**
 * Newest notes kept per file. A file every other note names (package.json) would otherwise make its shard as big as
 * the catalog; the session shows a handful anyway, and search reaches the rest.
 */
const MAX_NOTES_PER_FILE = 12;

type Shard = Record<string, FileNote[]>;

/** An active note and which of the asked-about files it names. */
export interface NoteAboutFiles extends FileNote {
  files: string[];
}

/** A stable spread of paths over the shard files. */
export function shardOf(file: string): string {
  return (fnv1a(file) % SHARDS).toString(16).padStart(2, '0');
}

/** Time and size of the catalog file, with the cache format: what a lookup built from it records. */
export function catalogStamp(c: CacheLayout): string | undefined {
  try {
    const stat = fs.statSync(c.catalog);
    return `${CACHE_FORMAT}:${stat.mtimeMs}:${stat.size}`;
  } catch {
    return undefined;
  }
}

/** Pure: the shards of the lookup, from catalog entries (active notes only). */
export function buildShards(entries: CatalogEntry[]): Map<string, Shard> {
  const shards = new Map<string, Shard>();
  for (const entry of entries) {
    if (entry.status !== 'active') continue;
    const note: FileNote = { id: entry.id, title: entry.title, type: entry.type, path: entry.path, updated: entry.updated, summary: entry.summary };
    for (const file of new Set(entry.files)) {
      const key = shardOf(file);
      const shard = shards.get(key) ?? {};
      (shard[file] ??= []).push(note);
      shards.set(key, shard);
    }
  }
  for (const shard of shards.values()) {
    for (const [file, notes] of Object.entries(shard)) {
      shard[file] = notes.sort(newestFirst).slice(0, MAX_NOTES_PER_FILE);
    }
  }
  return shards;
}

const shardFile = (c: CacheLayout, key: string) => path.join(c.fileNotes, `${key}.json`);
const stampFile = (c: CacheLayout) => path.join(c.fileNotes, 'stamp.json');

function rebuild(c: CacheLayout, stamp: string): boolean {
  const catalog = readCacheFile(c.catalog, 'catalog');
  if (!catalog) return false;
  fs.mkdirSync(c.fileNotes, { recursive: true });
  const shards = buildShards(Object.values(catalog));
  for (let i = 0; i < SHARDS; i++) {
    const key = i.toString(16).padStart(2, '0');
    writeDerivedFile(shardFile(c, key), JSON.stringify(shards.get(key) ?? {}));
  }
  // The stamp goes last: a reader that sees it sees every shard of the same catalog.
  writeDerivedFile(stampFile(c), JSON.stringify({ stamp }));
  return true;
}

/**
 * Active notes whose `files` name one of `files`, most files matched first, then newest. Assumes a fresh index;
 * empty when there is no catalog yet.
 */
export function notesAboutFiles(root: string, files: string[]): NoteAboutFiles[] {
  if (!files.length) return [];
  const c = cacheLayout(root);
  const stamp = catalogStamp(c);
  if (!stamp) return [];
  if (readCacheFile(stampFile(c), 'fileNotesStamp')?.stamp !== stamp && !rebuild(c, stamp)) return [];
  let wanted = readWanted(c, files);
  // A shard that is not what rebuild writes is garbage (a torn write, a stray edit): rebuild once and read again.
  if (!wanted) {
    if (!rebuild(c, stamp)) return [];
    wanted = readWanted(c, files);
    if (!wanted) return [];
  }
  const found = new Map<string, NoteAboutFiles>();
  for (const file of files) {
    const entries = Object.prototype.hasOwnProperty.call(wanted, file) ? wanted[file] : undefined;
    for (const entry of entries ?? []) {
      const note = found.get(entry.id) ?? { ...entry, files: [] };
      note.files.push(file);
      found.set(entry.id, note);
    }
  }
  return [...found.values()].sort((a, b) => b.files.length - a.files.length || newestFirst(a, b));
}

/**
 * The entries of `files` from their shards, checked against the shard schema: only the entries asked for are checked
 * (a whole shard of a large corpus took 3 ms to check, the session start's headroom). Undefined when a shard is
 * not a JSON object or an entry asked for is not of its shape.
 */
function readWanted(c: CacheLayout, files: string[]): Shard | undefined {
  const shards = new Map<string, Record<string, unknown> | undefined>();
  const wanted: Record<string, unknown> = {};
  for (const file of files) {
    const key = shardOf(file);
    if (!shards.has(key)) {
      const value = readCacheJson(shardFile(c, key));
      shards.set(key, isRecord(value) ? value : undefined);
    }
    const shard = shards.get(key);
    if (!shard) return undefined;
    if (Object.prototype.hasOwnProperty.call(shard, file)) wanted[file] = shard[file];
  }
  return asCacheValue('fileNotesShard', wanted);
}
