import fs from 'node:fs';
import path from 'node:path';
import type { Note, Problem } from '../core/types.js';
import { CACHE_FORMAT, cacheLayout } from '../cache/layout.js';
import { logEvent } from '../cache/log.js';
import { readCacheFile } from '../cache/read.js';
import type { Manifest } from '../cache/schemas.js';
import { memoryPaths, type MemoryPaths } from '../core/paths.js';
import { writeDerivedFile } from '../store/atomic.js';
import { LockTimeoutError, withLock } from '../store/lock.js';
import { listNoteFiles, readNoteFile, type NoteFile } from '../store/read.js';
import { catalogEntry, searchDoc, type CatalogEntry } from './catalog.js';
import { buildTopicIndex, topicFile } from './layered.js';
import { slugify } from '../store/id.js';
import { writeSessionOverview } from './overview-files.js';
import { applyChanges, commitFullIndex } from './search-write.js';
import { indexAllNotes } from './rebuild-all.js';
import { settlePasses } from './rebuild-settle.js';
import { readSearchState } from './search-state.js';
import { dirTimes, looksFresh, mtime, readManifest, writeFreshnessStamp } from './freshness.js';

/**
 * Keeps every derived file (search shards, catalog, INDEX.md, index/<topic>.md) in step with the notes.
 * Notes are the only source of truth; everything here can be deleted and is rebuilt on the next read.
 */

const FULL_REBUILD_SHARE = 0.25;

type Catalog = Record<string, CatalogEntry>;

export interface RefreshOptions {
  /** 'quick' trusts folder times on large corpora (hooks); 'full' states every note. */
  mode?: 'quick' | 'full';
  force?: boolean;
  /** How long to wait for another process's refresh; the hot path passes 0 and reads what is there. */
  lockTimeoutMs?: number;
  onProgress?: (done: number, total: number) => void;
  /** Threads a full rebuild may use (index/rebuild-all.ts); default 2 when there is a second core. */
  threads?: number;
}

export interface RefreshResult {
  status: 'fresh' | 'updated' | 'rebuilt' | 'busy';
  notes: number;
  changed: number;
  problems: Problem[];
}

/** Bring every derived file up to date with the notes; does nothing when they already are. */
export function refresh(root: string, options: RefreshOptions = {}): RefreshResult {
  const p = memoryPaths(root);
  const mode = options.mode ?? 'full';
  if (!options.force && looksFresh(p, mode)) {
    const before = readManifest(p);
    return { status: 'fresh', notes: before?.noteCount ?? 0, changed: 0, problems: before?.problems ?? [] };
  }
  if (!fs.existsSync(p.memoryDir)) return { status: 'fresh', notes: 0, changed: 0, problems: [] };
  try {
    return withLock(cacheLayout(p.root).refreshLock, () => refreshLocked(p, options), { timeoutMs: options.lockTimeoutMs ?? 30_000, staleMs: 60_000 });
  } catch (err) {
    if (err instanceof LockTimeoutError) {
      const before = readManifest(p);
      return { status: 'busy', notes: before?.noteCount ?? 0, changed: 0, problems: before?.problems ?? [] };
    }
    throw err;
  }
}

function refreshLocked(p: MemoryPaths, options: RefreshOptions): RefreshResult {
  const listed = listNoteFiles(p.root, p.notesDir);
  if (options.force) return rebuild(p, listed.files, listed.problems, options);
  const manifest = readManifest(p);
  const catalog = readCacheFile(cacheLayout(p.root).catalog, 'catalog');
  const stats = new Map<string, [number, number]>();
  for (const file of listed.files) {
    try {
      const stat = fs.statSync(file.absolute);
      stats.set(file.path, [stat.mtimeMs, stat.size]);
    } catch {
      // vanished between listing and stat: treated as removed
    }
  }
  const usable = manifest && catalog && manifest.configMtimeMs === mtime(p.configFile);
  if (!usable) return rebuild(p, listed.files, listed.problems, options);

  const changed: NoteFile[] = [];
  for (const file of listed.files) {
    const now = stats.get(file.path);
    const then = manifest.files[file.path];
    if (!now || !then || now[0] !== then[0] || now[1] !== then[1]) changed.push(file);
  }
  const removed = Object.keys(manifest.files).filter((rel) => !stats.has(rel));
  if (!changed.length && !removed.length && fs.existsSync(p.indexFile) && readSearchState(cacheLayout(p.root).search)) {
    const next = { ...manifest, dirs: dirTimes(p) };
    writeDerivedFile(cacheLayout(p.root).manifest, JSON.stringify(next));
    writeFreshnessStamp(p, next);
    return { status: 'fresh', notes: manifest.noteCount, changed: 0, problems: manifest.problems };
  }
  if (changed.length + removed.length > Math.max(50, listed.files.length * FULL_REBUILD_SHARE)) {
    return rebuild(p, listed.files, listed.problems, options);
  }

  const problems = manifest.problems.filter((problem) => stats.has(problem.path) && !changed.some((file) => file.path === problem.path));
  const removedIds = new Set<string>();
  const touchedTopics = new Set<string>();
  for (const rel of [...removed, ...changed.map((file) => file.path)]) {
    const old = catalog[rel];
    if (!old) continue;
    removedIds.add(old.id);
    touchedTopics.add(old.topic);
    delete catalog[rel];
  }
  const idsInUse = new Set(Object.values(catalog).map((entry) => entry.id));
  const upserts: Note[] = [];
  for (const file of changed) {
    const read = readNoteFile(file);
    problems.push(...read.problems);
    if (!read.note) continue;
    if (idsInUse.has(read.note.id)) {
      // A clash with a note that did not change: let the full pass decide which file keeps the id.
      return rebuild(p, listed.files, listed.problems, options);
    }
    idsInUse.add(read.note.id);
    upserts.push(read.note);
    const entry = catalogEntry(read.note);
    catalog[file.path] = entry;
    touchedTopics.add(entry.topic);
  }
  const applied = applyChanges(cacheLayout(p.root).search, upserts.map(searchDoc), [...removedIds]);
  if (!applied) return rebuild(p, listed.files, listed.problems, options);
  writeLayers(p, catalog, touchedTopics);
  writeDerivedFile(cacheLayout(p.root).catalog, JSON.stringify(catalog));
  writeSessionOverview(p.root, catalog, problems);
  writeManifest(p, stats, problems);
  return { status: 'updated', notes: Object.keys(catalog).length, changed: changed.length + removed.length, problems };
}

function rebuild(p: MemoryPaths, files: NoteFile[], listProblems: Problem[], options: RefreshOptions): RefreshResult {
  const dir = cacheLayout(p.root).search;
  const previous = readSearchState(dir);
  const generation = (previous?.generation ?? 0) + 1;
  const passes = indexAllNotes(dir, files, {
    generation,
    threads: options.threads,
    onProgress: options.onProgress,
    onWorkerFailure: (reason) => logEvent(p.root, 'warn', 'rebuild: the second thread failed; the first indexed its notes too', { reason }),
  });
  const settled = settlePasses(passes);
  commitFullIndex(dir, generation, previous, settled.segments);
  writeLayers(p, settled.catalog);
  writeDerivedFile(cacheLayout(p.root).catalog, JSON.stringify(settled.catalog));
  const problems = [...listProblems, ...settled.problems];
  writeSessionOverview(p.root, settled.catalog, problems);
  writeManifest(p, settled.stats, problems);
  return { status: 'rebuilt', notes: Object.keys(settled.catalog).length, changed: files.length, problems };
}

function writeManifest(p: MemoryPaths, stats: Map<string, [number, number]>, problems: Problem[]): void {
  const manifest: Manifest = {
    format: CACHE_FORMAT,
    configMtimeMs: mtime(p.configFile),
    dirs: dirTimes(p),
    files: Object.fromEntries(stats),
    noteCount: stats.size,
    problems,
  };
  writeDerivedFile(cacheLayout(p.root).manifest, JSON.stringify(manifest));
  writeFreshnessStamp(p, manifest);
}

/** Write the topic files; with `only`, just those topics (others are unchanged). INDEX.md: overview-files.ts. */
function writeLayers(p: MemoryPaths, catalog: Catalog, only?: Set<string>): void {
  const entries = Object.values(catalog);
  const byTopic = new Map<string, CatalogEntry[]>();
  for (const entry of entries) {
    const list = byTopic.get(entry.topic) ?? [];
    list.push(entry);
    byTopic.set(entry.topic, list);
  }
  const wanted = new Set([...byTopic.keys()].map((topic) => topicFile(topic)));
  for (const [topic, list] of byTopic) {
    if (!only || only.has(topic)) writeTopicFile(p, topic, list);
  }
  for (const topic of only ?? []) {
    if (!byTopic.has(topic)) {
      fs.rmSync(path.join(p.memoryDir, topicFile(topic)), { force: true });
      fs.rmSync(topicLinesFile(p, topic), { force: true });
    }
  }
  if (!only) {
    try {
      for (const name of fs.readdirSync(p.topicIndexDir)) {
        if (!wanted.has(`index/${name}`)) fs.rmSync(path.join(p.topicIndexDir, name), { force: true });
      }
    } catch {
      // no index folder yet
    }
  }
}

const topicLinesFile = (p: MemoryPaths, topic: string) => path.join(cacheLayout(p.root).topicLines, `${slugify(topic)}.json`);

/** A topic's index file, from the lines kept by the last render where they still fit; keeps this render's lines. */
function writeTopicFile(p: MemoryPaths, topic: string, entries: CatalogEntry[]): void {
  const file = topicLinesFile(p, topic);
  const kept = readCacheFile(file, 'topicLines');
  const lines = kept?.format === CACHE_FORMAT ? new Map(Object.entries(kept.lines)) : undefined;
  const used = new Map<string, string>();
  writeIfChanged(path.join(p.memoryDir, topicFile(topic)), buildTopicIndex(topic, entries, lines, used));
  if (lines && lines.size === used.size && [...used.keys()].every((key) => lines.has(key))) return;
  fs.mkdirSync(path.dirname(file), { recursive: true });
  writeDerivedFile(file, JSON.stringify({ format: CACHE_FORMAT, lines: Object.fromEntries(used) }));
}

function writeIfChanged(file: string, content: string): void {
  try {
    if (fs.readFileSync(file, 'utf8') === content) return;
  } catch {
    // not there yet
  }
  writeDerivedFile(file, content);
}

/** The catalog as last written (callers refresh first when they need it current). */
export function readCatalog(root: string): CatalogEntry[] {
  return Object.values(readCacheFile(cacheLayout(root).catalog, 'catalog') ?? {});
}
