import path from 'node:path';
import { CACHE_FORMAT } from '../cache/layout.js';
import { SegmentBuilder } from './segment-build.js';
import { SegmentReader } from './segment-read.js';
import {
  commitState,
  corpusStats,
  encodeDeleted,
  openIndex,
  readSearchState,
  segmentName,
  writeSegment,
  type OpenIndex,
  type SearchState,
  type SegmentInfo,
} from './search-state.js';
import { SEARCH_FIELDS, type SearchDoc } from './text.js';

/**
 * Writing the search index: a full build streams documents into segments written as they fill, and an update
 * appends the changed documents as a small segment and marks their old rows deleted, then merges small segments so
 * there are only a few. Nothing here re-reads a note: merging works from the postings already written. Every write
 * ends with one state swap (search-state.ts), so a reader never sees half of it.
 */

/** A full build starts a new segment past this many postings, which bounds its memory (16 bytes per posting). */
const SEGMENT_POSTINGS = 8_000_000;
/** A segment with more than this share of deleted rows is rewritten without them. */
const MAX_DELETED_SHARE = 0.3;

/** A segment file written but not yet in use, with its rows' field lengths (for the corpus statistics). */
export interface Written {
  info: SegmentInfo;
  lengths: Uint32Array;
}

function flush(dir: string, builder: SegmentBuilder, generation: number, n: number): Written {
  const file = segmentName(generation, n);
  writeSegment(dir, file, builder.encode());
  return { info: { file, rows: builder.rows, live: builder.rows, deleted: '' }, lengths: builder.rowLengths() };
}

function stateOf(generation: number, written: Array<{ info: SegmentInfo; lengths: Uint32Array; deleted?: Uint8Array }>): SearchState {
  const stats = corpusStats(written.map((w) => ({ lengths: w.lengths, rows: w.info.rows, deleted: w.deleted })));
  return { format: CACHE_FORMAT, fields: [...SEARCH_FIELDS], ...stats, segments: written.map((w) => w.info), generation };
}

export interface FullIndexOptions {
  segmentPostings?: number;
  /** Set when several writers build one index (index/rebuild-all.ts): all share a generation, each its own segment numbers. */
  generation?: number;
  firstSegment?: number;
}

/**
 * A full build: `add` every document, then `finish` swaps the new index in. Several writers can build one index:
 * each `close`s, and commitFullIndex swaps their segments in together.
 */
export class FullIndexWriter {
  private readonly previous: SearchState | undefined;
  private readonly generation: number;
  private builder = new SegmentBuilder(SEARCH_FIELDS);
  private readonly written: Written[] = [];

  constructor(
    private readonly dir: string,
    private readonly options: FullIndexOptions = {},
  ) {
    this.previous = options.generation === undefined ? readSearchState(dir) : undefined;
    this.generation = options.generation ?? (this.previous?.generation ?? 0) + 1;
  }

  add(doc: SearchDoc): void {
    this.builder.addDoc(doc);
    if (this.builder.postings >= (this.options.segmentPostings ?? SEGMENT_POSTINGS)) this.flushBuilder();
  }

  /** Write what is left; the segments written, in row order, none of them in use yet. */
  close(): Written[] {
    if (this.builder.rows || !this.written.length) this.flushBuilder();
    return this.written;
  }

  finish(): void {
    commitFullIndex(this.dir, this.generation, this.previous, this.close());
  }

  private flushBuilder(): void {
    this.written.push(flush(this.dir, this.builder, this.generation, (this.options.firstSegment ?? 0) + this.written.length));
    this.builder = new SegmentBuilder(SEARCH_FIELDS);
  }
}

/** A segment's rows marked deleted: one bit per row, made on the first row marked. */
export interface Marked {
  info: SegmentInfo;
  deleted?: Uint8Array | undefined;
}

/** Mark one row of a segment deleted (an update replaced it, or a full build gave its id to an earlier note). */
export function markDeleted(part: Marked, row: number): void {
  part.deleted ??= new Uint8Array(Math.ceil(part.info.rows / 8));
  part.deleted[row >>> 3]! |= 1 << (row & 7);
}

/** The segment's state entry with its deleted rows: how many are live, and the bits as the state stores them. */
function withDeleted(part: Marked): SegmentInfo {
  return { ...part.info, live: part.info.rows - countBits(part.deleted), deleted: encodeDeleted(part.deleted) };
}

/** Swap in segments written by full-build writers, in row order; `deleted` marks rows to leave out. */
export function commitFullIndex(dir: string, generation: number, previous: SearchState | undefined, parts: Array<Written & Marked>): void {
  const marked = parts.map((part) => (part.deleted ? { ...part, info: withDeleted(part) } : part));
  commitState(dir, stateOf(generation, marked), previous);
}

/** Build the whole index from these documents and swap it in. */
export function writeFullIndex(dir: string, docs: Iterable<SearchDoc>, options: { segmentPostings?: number } = {}): void {
  const writer = new FullIndexWriter(dir, options);
  for (const doc of docs) writer.add(doc);
  writer.finish();
}

interface Part {
  info: SegmentInfo;
  reader: SegmentReader;
  deleted: Uint8Array | undefined;
  lengths?: Uint32Array;
}

function countBits(bits: Uint8Array | undefined): number {
  let n = 0;
  if (bits) for (const byte of bits) for (let b = byte; b; b &= b - 1) n++;
  return n;
}

/** One segment holding the live rows of `parts`, in order. */
function merge(parts: Part[]): SegmentBuilder {
  const builder = new SegmentBuilder(SEARCH_FIELDS);
  const fields = SEARCH_FIELDS.length;
  for (const part of parts) {
    const { reader, deleted } = part;
    const ids = reader.ids();
    const stored = reader.storedJsonAll();
    const lengths = part.lengths ?? reader.lengths();
    const newRow = new Int32Array(reader.rows).fill(-1);
    for (let row = 0; row < reader.rows; row++) {
      if (deleted && deleted[row >>> 3]! & (1 << (row & 7))) continue;
      newRow[row] = builder.addRow(ids[row]!, stored[row]!, lengths.subarray(row * fields, (row + 1) * fields));
    }
    for (const entry of reader.allTerms()) {
      for (const list of entry.fields) {
        const postings = reader.postings(list);
        for (let i = 0; i < postings.rows.length; i++) {
          const to = newRow[postings.rows[i]!]!;
          if (to >= 0) builder.addPosting(entry.term, list.field, to, postings.tf[i]!, postings.lengths[i]!);
        }
      }
    }
  }
  return builder;
}

/**
 * Segments to merge after an update, as [from, to) ranges of adjacent segments: the trailing ones while the one
 * before is at most twice the size of what follows it (so a run of small updates merges like a binary counter,
 * each row rewritten O(log n) times), and any segment that is mostly deleted rows.
 */
export function mergePlan(sizes: Array<{ rows: number; live: number }>): Array<[number, number]> {
  let from = sizes.length - 1;
  let tail = sizes[from]?.live ?? 0;
  while (from > 0 && sizes[from - 1]!.live <= 2 * tail) {
    from--;
    tail += sizes[from]!.live;
  }
  const trailing = sizes.length - from > 1;
  const plan: Array<[number, number]> = [];
  const end = trailing ? from : sizes.length;
  for (let i = 0; i < end; i++) if (sizes[i]!.rows && (sizes[i]!.rows - sizes[i]!.live) / sizes[i]!.rows > MAX_DELETED_SHARE) plan.push([i, i + 1]);
  if (trailing) plan.push([from, sizes.length]);
  return plan;
}

/**
 * Apply changed and removed documents without reading any note: their old rows are marked deleted, the new versions
 * appended as a segment, small segments merged. Undefined when there is no index to update (the caller rebuilds).
 */
export function applyChanges(dir: string, upserts: SearchDoc[], removedIds: string[]): { applied: true } | undefined {
  const open: OpenIndex | undefined = openIndex(dir);
  if (!open) return undefined;
  const opened: SegmentReader[] = [];
  const openWritten = (written: Written): Part => {
    const reader = SegmentReader.open(path.join(dir, written.info.file));
    opened.push(reader);
    return { info: written.info, reader, deleted: undefined, lengths: written.lengths };
  };
  try {
    const gone = new Set([...removedIds, ...upserts.map((doc) => doc.id)]);
    const parts: Part[] = open.segments.map((s) => ({ info: s.info, reader: s.reader, deleted: s.deleted ? Uint8Array.from(s.deleted) : undefined }));
    for (const part of parts) {
      const ids = part.reader.ids();
      for (let row = 0; row < ids.length; row++) {
        if (gone.has(ids[row]!)) markDeleted(part, row);
      }
      part.info = withDeleted(part);
    }
    const generation = open.state.generation + 1;
    let n = 0;
    if (upserts.length) {
      const builder = new SegmentBuilder(SEARCH_FIELDS);
      for (const doc of upserts) builder.addDoc(doc);
      parts.push(openWritten(flush(dir, builder, generation, n++)));
    }
    // Right to left, so the ranges of the plan still point at the right segments.
    for (const [from, to] of mergePlan(parts.map((p) => p.info)).reverse()) {
      parts.splice(from, to - from, openWritten(flush(dir, merge(parts.slice(from, to)), generation, n++)));
    }
    const kept = parts.filter((part) => part.info.live > 0);
    const next = stateOf(
      generation,
      kept.map((part) => ({ info: part.info, lengths: part.lengths ?? part.reader.lengths(), deleted: part.deleted })),
    );
    commitState(dir, next, open.state);
    return { applied: true };
  } finally {
    for (const reader of opened) reader.close();
    open.close();
  }
}
