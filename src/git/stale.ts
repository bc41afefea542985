import fs from 'node:fs';
import path from 'node:path';
import type { Note } from '../core/types.js';
import { isInside, memoryPaths, MEMORY_DIR } from '../core/paths.js';
import { writeFileAtomic } from '../store/atomic.js';
import { loadNotes, saveNote } from '../store/notes.js';
import { gitAt, gitRun, gitText } from './exec.js';
import { nulFields, parseNameStatus, parseNumstat, parseStatusZ, type Churn, type DiffEntry } from './parse.js';
import { lastCommits } from './provenance.js';
import { isAcknowledged, readStaleAcks, reasonsSignature, writeStaleAcks } from './stale-acks.js';
import { STALE_CACHE_FORMAT, staleCacheFile, type StaleCache } from './stale-cache.js';

/**
 * Notes made stale by code changes. A note is compared with the code as it was when the note was last committed
 * (uncommitted notes: as of HEAD), against HEAD:
 * - a file it names was deleted, or renamed (git's rename detection, so `--fix` can update the path);
 * - a file it names changed heavily: lines added + deleted ≥ HEAVY_MIN_LINES and ≥ HEAVY_SHARE × the file's size
 *   (the larger of its line counts then and now).
 * - a file it names exists neither in HEAD nor in the work tree, and never did since the note: "missing".
 */
export const HEAVY_MIN_LINES = 10;
export const HEAVY_SHARE = 0.5;

const DIFF_CONCURRENCY = 4;

export type StaleKind = 'deleted' | 'renamed' | 'changed' | 'missing';

export interface StaleReason {
  file: string;
  kind: StaleKind;
  /** New path of a renamed file (or folder). */
  to?: string;
  /** Lines added + deleted since the note (for `changed`). */
  churn?: number;
  /** The file's size in lines (the larger of then and now). */
  lines?: number;
}

export interface StaleNote {
  id: string;
  title: string;
  path: string;
  /** The commit the note was compared from. */
  since: string;
  reasons: StaleReason[];
}

export interface StaleReport {
  head: string;
  notes: StaleNote[];
}

/** How a note's `files` entry is written is up to people and models: compare the path git would print. */
export function normalizeFile(file: string): string {
  return file
    .trim()
    .replace(/\\/g, '/')
    .replace(/^(\.\/)+/, '')
    .replace(/\/+$/, '');
}

export interface FileFacts {
  entries: DiffEntry[];
  numstat: Map<string, Churn>;
  inHead: (file: string) => boolean;
  inWorkTree: (file: string) => boolean;
  /** Lines of the file now, when it can be read. */
  linesNow: (file: string) => number | undefined;
}

/** Pure: why one file of a note makes it stale, if it does. */
export function judgeFile(raw: string, facts: FileFacts): StaleReason | undefined {
  const file = normalizeFile(raw);
  if (!file || file.startsWith('../') || path.isAbsolute(file)) return undefined;
  if (facts.inHead(file)) {
    const stat = facts.numstat.get(file);
    if (!stat || stat.to !== file) return undefined;
    const churn = stat.added + stat.deleted;
    const now = facts.linesNow(file);
    if (now === undefined) return undefined;
    const lines = Math.max(now, now - stat.added + stat.deleted);
    return churn >= HEAVY_MIN_LINES && churn >= HEAVY_SHARE * lines ? { file: raw, kind: 'changed', churn, lines } : undefined;
  }
  const exact = facts.entries.find((entry) => entry.from === file && entry.status !== 'C');
  if (exact?.status === 'R') return { file: raw, kind: 'renamed', to: exact.to };
  if (exact?.status === 'D') return { file: raw, kind: 'deleted' };
  // A folder: renamed when all its files moved under one new folder, deleted when they all went.
  const inside = facts.entries.filter((entry) => entry.from.startsWith(`${file}/`) && (entry.status === 'R' || entry.status === 'D'));
  if (inside.length) {
    const targets = new Set(
      inside.map((entry) =>
        entry.status === 'R' && entry.to.endsWith(entry.from.slice(file.length)) ? entry.to.slice(0, entry.to.length - (entry.from.length - file.length)) : '',
      ),
    );
    const [target] = [...targets];
    if (targets.size === 1 && target) return { file: raw, kind: 'renamed', to: target };
    return { file: raw, kind: 'deleted' };
  }
  if (facts.inWorkTree(file)) return undefined;
  return { file: raw, kind: 'missing' };
}

function countLines(root: string, file: string): number | undefined {
  const absolute = path.resolve(root, file);
  if (!isInside(root, absolute)) return undefined;
  try {
    const real = fs.realpathSync(absolute);
    if (!isInside(fs.realpathSync(root), real)) return undefined;
    const stat = fs.statSync(real);
    if (!stat.isFile() || stat.size > 8 * 1024 * 1024) return undefined;
    const buffer = fs.readFileSync(real);
    let lines = 0;
    for (const byte of buffer) if (byte === 0x0a) lines++;
    return buffer.length && buffer[buffer.length - 1] !== 0x0a ? lines + 1 : lines;
  } catch {
    return undefined;
  }
}

function existsInside(root: string, file: string): boolean {
  const absolute = path.resolve(root, file);
  return isInside(root, absolute) && fs.existsSync(absolute);
}

async function headTree(root: string): Promise<{ files: Set<string>; dirs: Set<string> }> {
  const files = new Set(nulFields(await gitRun(root, ['ls-tree', '-r', '-z', '--name-only', 'HEAD'])));
  const dirs = new Set<string>();
  for (const file of files) {
    for (let cut = file.lastIndexOf('/'); cut > 0; cut = file.lastIndexOf('/', cut - 1)) {
      const dir = file.slice(0, cut);
      if (dirs.has(dir)) break;
      dirs.add(dir);
    }
  }
  return { files, dirs };
}

/** Notes whose committed version differs from the work tree (or that git does not track) were written just now. */
async function dirtyNotes(root: string): Promise<Set<string>> {
  const out = await gitText(root, ['status', '--porcelain', '-z', '--untracked-files=all', '--', `${MEMORY_DIR}/notes`]);
  return new Set(parseStatusZ(out ?? '').map((entry) => entry.path));
}

/** What the stale check needs of a note: a parsed note has it, and so has the catalog's entry for one. */
export type StaleSubject = Pick<Note, 'id' | 'title' | 'path' | 'status' | 'files'>;

/**
 * Compute which active notes are stale; reads git, writes nothing. `subjects`: the notes to check (the catalog,
 * after a refresh) instead of reading every note file again.
 */
export async function computeStale(root: string, subjects?: readonly StaleSubject[]): Promise<StaleReport> {
  const head = await gitAt(root)
    .revparse(['--verify', '-q', 'HEAD'])
    .catch(() => '');
  if (!head) return { head: '', notes: [] };
  const notes = (subjects ?? loadNotes(root).notes).filter((note) => note.status === 'active' && note.files.length);
  if (!notes.length) return { head, notes: [] };
  const [commits, dirty, tree] = await Promise.all([
    lastCommits(
      root,
      notes.map((note) => note.path),
    ),
    dirtyNotes(root),
    headTree(root),
  ]);
  const baseOf = (note: StaleSubject) => (dirty.has(note.path) ? head : (commits.get(note.path)?.commit ?? head));
  const diffs = new Map<string, Pick<FileFacts, 'entries' | 'numstat'>>([[head, { entries: [], numstat: new Map() }]]);
  const bases = [...new Set(notes.map(baseOf))].filter((base) => base !== head);
  // One tree diff per commit notes were last changed in; a few at a time.
  for (let i = 0; i < bases.length; i += DIFF_CONCURRENCY) {
    await Promise.all(
      bases.slice(i, i + DIFF_CONCURRENCY).map(async (base) => {
        const [names, numbers] = await Promise.all([
          gitAt(root).diff(['-z', '-M', '--name-status', base, head]),
          gitAt(root).diff(['-z', '-M', '--numstat', base, head]),
        ]);
        diffs.set(base, { entries: parseNameStatus(names), numstat: parseNumstat(numbers) });
      }),
    );
  }
  const lineCache = new Map<string, number | undefined>();
  const linesNow = (file: string) => {
    if (!lineCache.has(file)) lineCache.set(file, countLines(root, file));
    return lineCache.get(file);
  };
  const stale: StaleNote[] = [];
  for (const note of notes) {
    const base = baseOf(note);
    const facts: FileFacts = {
      ...diffs.get(base)!,
      inHead: (file) => tree.files.has(file) || tree.dirs.has(file),
      inWorkTree: (file) => existsInside(root, file),
      linesNow,
    };
    const reasons = note.files.map((file) => judgeFile(file, facts)).filter((reason): reason is StaleReason => !!reason);
    if (reasons.length) stale.push({ id: note.id, title: note.title, path: note.path, since: base, reasons });
  }
  return { head, notes: stale };
}

/**
 * Save the report where session start finds it without running git (git/stale-cache.ts), minus the flags this
 * clone acknowledged; acknowledgements of notes no longer stale are dropped, so a note that goes stale again later
 * is flagged again.
 */
export function writeStaleCache(root: string, report: StaleReport, now = new Date()): void {
  const acks = readStaleAcks(root);
  const cache: StaleCache = {
    format: STALE_CACHE_FORMAT,
    head: report.head,
    computed: now.toISOString(),
    notes: report.notes
      .filter((note) => !isAcknowledged(acks, note.id, note.reasons))
      .map((note) => ({
        id: note.id,
        path: note.path,
        kinds: [...new Set(note.reasons.map((reason) => reason.kind))],
        reasons: note.reasons.map((reason) => ({ file: reason.file, kind: reason.kind, ...(reason.to ? { to: reason.to } : {}) })),
      })),
  };
  const stillStale = new Set(report.notes.map((note) => note.id));
  const kept = Object.fromEntries(Object.entries(acks).filter(([id]) => stillStale.has(id)));
  if (Object.keys(kept).length !== Object.keys(acks).length) writeStaleAcks(root, kept);
  writeFileAtomic(staleCacheFile(memoryPaths(root)), JSON.stringify(cache));
}

/** Pure: acknowledgements with the current reasons of `ids` added; the ids that are not stale come back apart. */
export function acknowledge(report: StaleReport, acks: Record<string, string>, ids: string[]): { acks: Record<string, string>; notStale: string[] } {
  const next = { ...acks };
  const notStale: string[] = [];
  for (const id of ids) {
    const note = report.notes.find((candidate) => candidate.id === id);
    if (note) next[id] = reasonsSignature(note.reasons);
    else notStale.push(id);
  }
  return { acks: next, notStale };
}

/** Update the paths of renamed files in the notes that name them; returns the notes rewritten. */
export function fixRenamedFiles(root: string, report: StaleReport): string[] {
  const fixed: string[] = [];
  const byId = new Map(loadNotes(root).notes.map((note) => [note.id, note]));
  for (const stale of report.notes) {
    const renames = new Map(stale.reasons.filter((reason) => reason.kind === 'renamed' && reason.to).map((reason) => [reason.file, reason.to!]));
    const note = byId.get(stale.id);
    if (!renames.size || !note) continue;
    const files = [...new Set(note.files.map((file) => renames.get(file) ?? file))];
    if (saveNote(root, { ...note, files }).written) fixed.push(note.path);
  }
  return fixed;
}

export interface StaleUpdate extends StaleReport {
  fixed: string[];
  /** Ids acknowledged now (`ack`), and asked-for ids that are not stale. */
  acknowledged: string[];
  notStale: string[];
  /** Ids whose flags this clone acknowledged (now or earlier), still stale for the same reasons. */
  silenced: string[];
}

/**
 * What `stale` runs: recompute, optionally fix renamed paths (then recompute) and acknowledge flags, and refresh the
 * cache session start reads.
 */
export async function updateStale(root: string, options: { fix?: boolean; ack?: string[]; subjects?: readonly StaleSubject[] } = {}): Promise<StaleUpdate> {
  let report = await computeStale(root, options.fix ? undefined : options.subjects);
  let fixed: string[] = [];
  if (options.fix) {
    fixed = fixRenamedFiles(root, report);
    if (fixed.length) report = await computeStale(root);
  }
  const hasMemory = fs.existsSync(memoryPaths(root).memoryDir);
  let acks = readStaleAcks(root);
  let notStale: string[] = [];
  if (options.ack?.length) {
    ({ acks, notStale } = acknowledge(report, acks, options.ack));
    if (hasMemory) writeStaleAcks(root, acks);
  }
  if (hasMemory) writeStaleCache(root, report);
  const acknowledged = (options.ack ?? []).filter((id) => !notStale.includes(id));
  const silenced = report.notes.filter((note) => isAcknowledged(acks, note.id, note.reasons)).map((note) => note.id);
  return { ...report, fixed, acknowledged, notStale, silenced };
}
