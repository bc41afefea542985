import fs from 'node:fs';
import path from 'node:path';
import { readJsonFile as readJson } from '../core/json-file.js';
import { memoryPaths, type MemoryPaths } from '../core/paths.js';
import type { CatalogEntry } from './catalog.js';
import { catalogFile } from './freshness.js';
import { writeDerivedFile } from '../store/atomic.js';
import type { ChangedNote } from '../retrieve/session-context.js';

/**
 * Which notes are about a given file, answered from a small lookup kept beside the index cache:
 * `.cache/file-notes/<shard>.json` maps file paths to the active notes that name them. Session start looks up the
 * few files changed on the branch; reading the whole catalog instead costs about 50 ms at 10,000 notes, more than
 * the hook's budget. The lookup is rebuilt from the catalog whenever the catalog changes (its time and size are
 * the stamp), so it is never staler than the index, and garbage in it only costs a rebuild.
 */

const FORMAT = 3;
const SHARDS = 256;
/**
 * Newest notes kept per file. A file every other note names (package.json) would otherwise make its shard as big as
 * the catalog; the session shows a handful anyway, and search reaches the rest.
 */
const MAX_NOTES_PER_FILE = 12;
const lookupDir = (p: MemoryPaths) => path.join(p.cacheDir, 'file-notes');

type Entry = Omit<ChangedNote, 'files'>;
type Shard = Record<string, Entry[]>;

/** FNV-1a: a stable spread of paths over the shard files. */
export function shardOf(file: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < file.length; i++) hash = Math.imul(hash ^ file.charCodeAt(i), 0x01000193);
  return ((hash >>> 0) % SHARDS).toString(16).padStart(2, '0');
}

function catalogStamp(p: MemoryPaths): string | undefined {
  try {
    const stat = fs.statSync(catalogFile(p));
    return `${FORMAT}:${stat.mtimeMs}:${stat.size}`;
  } catch {
    return undefined;
  }
}


/** Pure: the shards of the lookup, from catalog entries (active notes only). */
export function buildShards(entries: CatalogEntry[]): Map<string, Shard> {
  const shards = new Map<string, Shard>();
  for (const entry of entries) {
    if (entry.status !== 'active' || !Array.isArray(entry.files)) continue;
    const note: Entry = { id: entry.id, title: entry.title, type: entry.type, path: entry.path, updated: entry.updated, summary: entry.summary };
    for (const file of new Set(entry.files)) {
      const key = shardOf(file);
      const shard = shards.get(key) ?? {};
      (shard[file] ??= []).push(note);
      shards.set(key, shard);
    }
  }
  for (const shard of shards.values()) {
    for (const [file, notes] of Object.entries(shard)) {
      shard[file] = notes.sort((a, b) => (a.updated < b.updated ? 1 : a.updated > b.updated ? -1 : a.id < b.id ? -1 : 1)).slice(0, MAX_NOTES_PER_FILE);
    }
  }
  return shards;
}

function rebuild(p: MemoryPaths, stamp: string): boolean {
  const catalog = readJson<Record<string, CatalogEntry>>(catalogFile(p));
  if (!catalog || typeof catalog !== 'object') return false;
  const dir = lookupDir(p);
  fs.mkdirSync(dir, { recursive: true });
  const shards = buildShards(Object.values(catalog));
  for (let i = 0; i < SHARDS; i++) {
    const key = i.toString(16).padStart(2, '0');
    writeDerivedFile(path.join(dir, `${key}.json`), JSON.stringify(shards.get(key) ?? {}));
  }
  // The stamp goes last: a reader that sees it sees every shard of the same catalog.
  writeDerivedFile(path.join(dir, 'stamp.json'), JSON.stringify({ stamp }));
  return true;
}

/**
 * Active notes whose `files` name one of `files`, most files matched first, then newest. Assumes a fresh index;
 * empty when there is no catalog yet.
 */
export function notesAboutFiles(root: string, files: string[]): ChangedNote[] {
  if (!files.length) return [];
  const p = memoryPaths(root);
  const stamp = catalogStamp(p);
  if (!stamp) return [];
  const dir = lookupDir(p);
  if (readJson<{ stamp?: string }>(path.join(dir, 'stamp.json'))?.stamp !== stamp && !rebuild(p, stamp)) return [];
  let shards = readShards(dir, files);
  // A shard that does not parse is garbage (a torn write, a stray edit): rebuild once and read again.
  if ([...shards.values()].includes(undefined)) {
    if (!rebuild(p, stamp)) return [];
    shards = readShards(dir, files);
  }
  const found = new Map<string, ChangedNote>();
  for (const file of files) {
    const shard = shards.get(shardOf(file));
    const entries = shard && Object.prototype.hasOwnProperty.call(shard, file) ? shard[file] : undefined;
    for (const entry of Array.isArray(entries) ? entries : []) {
      if (!entry || typeof entry.id !== 'string') continue;
      const note = found.get(entry.id) ?? { ...entry, files: [] };
      note.files.push(file);
      found.set(entry.id, note);
    }
  }
  return [...found.values()].sort((a, b) => b.files.length - a.files.length || (a.updated < b.updated ? 1 : a.updated > b.updated ? -1 : a.id < b.id ? -1 : 1));
}

function readShards(dir: string, files: string[]): Map<string, Shard | undefined> {
  const shards = new Map<string, Shard | undefined>();
  for (const file of files) {
    const key = shardOf(file);
    if (shards.has(key)) continue;
    const shard = readJson<Shard>(path.join(dir, `${key}.json`));
    shards.set(key, shard && typeof shard === 'object' && !Array.isArray(shard) ? shard : undefined);
  }
  return shards;
}
