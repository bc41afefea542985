import fs from 'node:fs';
import path from 'node:path';
import { CACHE_FORMAT } from '../cache/layout.js';
import { readCacheFile } from '../cache/read.js';
import type { SearchState } from '../cache/schemas.js';
import { writeDerivedFile } from '../store/atomic.js';
import { CorruptIndexError } from './segment-codec.js';
import { SegmentReader } from './segment-read.js';
import { SEARCH_FIELDS } from './text.js';

/**
 * Which segments make up the search index: `search/state.json` names them in row order with their deleted rows,
 * and holds the document count and average field lengths BM25 needs. Segment files are never changed once written;
 * a writer writes new ones beside the old, then replaces `state.json` with one rename. A reader reads the state
 * once and then only the files it names, so it sees the old index or the new one, never a mix, and a writer killed
 * half-way leaves the old index whole. Files a state no longer names are deleted one write later, so a reader that
 * read the previous state still finds its files (and one that loses the race reads the state again).
 */

export type { SearchState };
export type SegmentInfo = SearchState['segments'][number];

export const STATE_FILE = 'state.json';
const SEGMENT_NAME = /^g[0-9a-z]+-[0-9a-z]+-[0-9a-z]+\.seg$/;
/** Temporary files a writer killed mid-write left behind are removed once this old. */
const STALE_TEMP_MS = 10 * 60_000;

export const stateFile = (dir: string) => path.join(dir, STATE_FILE);

/** Pure: the deleted-rows bitmap of a segment (undefined when none are deleted). */
export function deletedBits(info: SegmentInfo): Uint8Array | undefined {
  if (!info.deleted) return undefined;
  const bits = Buffer.from(info.deleted, 'base64');
  if (bits.length > Math.ceil(info.rows / 8) + 1) throw new CorruptIndexError(`deleted rows of ${info.file} longer than its rows`);
  return bits;
}

export const encodeDeleted = (bits: Uint8Array | undefined): string => (bits && bits.some((byte) => byte !== 0) ? Buffer.from(bits).toString('base64') : '');

/** The state when it is of this format and field list and names only segment files; undefined otherwise. */
export function readSearchState(dir: string): SearchState | undefined {
  const state = readCacheFile(stateFile(dir), 'searchState');
  if (!state || state.format !== CACHE_FORMAT) return undefined;
  if (state.fields.length !== SEARCH_FIELDS.length || state.fields.some((field, i) => field !== SEARCH_FIELDS[i])) return undefined;
  if (state.averageFieldLength.length !== SEARCH_FIELDS.length) return undefined;
  // Names are checked, not trusted: a state file could otherwise send readers anywhere on the disk.
  if (state.segments.some((segment) => !SEGMENT_NAME.test(segment.file) || !Number.isInteger(segment.rows) || segment.rows < 0)) return undefined;
  return state;
}

export interface OpenSegment {
  info: SegmentInfo;
  reader: SegmentReader;
  /** Global row of the segment's first row: segments follow each other in the state's order. */
  base: number;
  deleted: Uint8Array | undefined;
}

export interface OpenIndex {
  state: SearchState;
  segments: OpenSegment[];
  /** Rows over all segments, deleted ones included: the size of a per-row table. */
  rows: number;
  close(): void;
}

/**
 * The index as the current state names it; undefined when there is none (or it is of another format). Throws
 * CorruptIndexError when a segment is damaged.
 */
export function openIndex(dir: string): OpenIndex | undefined {
  for (let attempt = 0; ; attempt++) {
    const state = readSearchState(dir);
    if (!state) return undefined;
    const segments: OpenSegment[] = [];
    try {
      let base = 0;
      for (const info of state.segments) {
        const reader = SegmentReader.open(path.join(dir, info.file));
        segments.push({ info, reader, base, deleted: deletedBits(info) });
        if (reader.rows !== info.rows || reader.fieldCount !== SEARCH_FIELDS.length)
          throw new CorruptIndexError(`${info.file}: not the segment the state describes`);
        base += info.rows;
      }
      return { state, segments, rows: base, close: () => segments.forEach((s) => s.reader.close()) };
    } catch (err) {
      for (const s of segments) s.reader.close();
      // A writer replaced the state and removed a file between our two reads: read the new state.
      if ((err as NodeJS.ErrnoException).code === 'ENOENT' && attempt < 3) continue;
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new CorruptIndexError(`a segment the state names is missing`);
      throw err;
    }
  }
}

/** Make the index read as missing, so the next freshness check rebuilds it (a reader found it damaged). */
export function invalidateIndex(dir: string): void {
  fs.rmSync(stateFile(dir), { force: true });
}

/** A new segment file name, unique to this write. */
export function segmentName(generation: number, n: number): string {
  return `g${generation.toString(36)}-${n.toString(36)}-${process.pid.toString(36)}.seg`;
}

/** Write a segment file (a name from segmentName) into the index folder. */
export function writeSegment(dir: string, name: string, bytes: Buffer): void {
  fs.mkdirSync(dir, { recursive: true });
  writeDerivedFile(path.join(dir, name), bytes);
}

/**
 * Swap in a new state (one rename), then delete what neither it nor the state it replaces names: older segments,
 * files of earlier layouts, and temporary files of writers that were killed.
 */
export function commitState(dir: string, next: SearchState, previous: SearchState | undefined): void {
  writeDerivedFile(stateFile(dir), JSON.stringify(next));
  const keep = new Set([...next.segments, ...(previous?.segments ?? [])].map((segment) => segment.file));
  keep.add(STATE_FILE);
  const now = Date.now();
  for (const name of fs.readdirSync(dir)) {
    if (keep.has(name)) continue;
    const file = path.join(dir, name);
    try {
      if (name.endsWith('.tmp') && now - fs.statSync(file).mtimeMs < STALE_TEMP_MS) continue;
      fs.rmSync(file, { force: true, recursive: true });
    } catch {
      // gone already, or not ours to remove: the next write tries again
    }
  }
}

/**
 * Document count and average field lengths over the live rows, in row order, computed as MiniSearch computes them
 * while adding documents one by one (a running mean), so scores equal those of one MiniSearch holding the same
 * documents in the same order, to the last bit.
 */
export function corpusStats(parts: Array<{ lengths: Uint32Array; rows: number; deleted: Uint8Array | undefined }>): {
  documentCount: number;
  averageFieldLength: number[];
} {
  const fields = SEARCH_FIELDS.length;
  const average = new Array<number>(fields).fill(0);
  let count = 0;
  for (const part of parts) {
    for (let row = 0; row < part.rows; row++) {
      if (part.deleted && part.deleted[row >>> 3]! & (1 << (row & 7))) continue;
      for (let f = 0; f < fields; f++) average[f] = (average[f]! * count + part.lengths[row * fields + f]!) / (count + 1);
      count++;
    }
  }
  return { documentCount: count, averageFieldLength: average };
}
