import fs from 'node:fs';
import { CorruptIndexError, Cursor, HEADER, HEADER_BYTES, SEGMENT_MAGIC, SEGMENT_VERSION, checksum, intArray, u16At, u32At } from './segment-codec.js';
import { STORED_FIELDS } from './text.js';
import type { StoredFields } from './search-types.js';

/**
 * Reads one search segment (format in segment-codec.ts) without loading it: the header and the dictionary index at
 * open, then for each term one dictionary block and its postings, and for each hit its stored fields, each with one
 * positioned read. A small segment (a refresh's few notes) is read whole instead. Nothing is parsed as JSON but the
 * stored fields of the hits a caller keeps.
 */

/** Where one term's postings for one field lie, and what bounds its scores. */
export interface FieldPostings {
  field: number;
  count: number;
  start: number;
  /** Bytes per tf and field length: 2, or 4 when a value needs it. */
  width: 2 | 4;
  maxTf: number;
  minLength: number;
}

export interface TermEntry {
  term: string;
  fields: FieldPostings[];
}

/** One list's postings: local rows ascending, with each posting's term frequency and field length. */
export interface DecodedPostings {
  rows: Uint32Array;
  tf: Uint16Array | Uint32Array;
  lengths: Uint16Array | Uint32Array;
}

/** Files up to this size are read whole at open: one read instead of several. */
const READ_WHOLE_BYTES = 256 * 1024;

export class SegmentReader {
  readonly rows: number;
  readonly fieldCount: number;
  readonly terms: number;
  private readonly blocks: number;
  private readonly offsets: { dictIndex: number; dict: number; postings: number; ids: number; stored: number; lengths: number; end: number };
  private readonly index: Uint8Array;
  private readonly blockCache = new Map<number, { bytes: Buffer; count: number }>();

  private constructor(
    readonly file: string,
    private readonly fd: number | undefined,
    private readonly whole: Buffer | undefined,
  ) {
    const size = whole ? whole.length : fs.fstatSync(fd!).size;
    const header = this.read(0, HEADER_BYTES, size);
    if (u32At(header, HEADER.magic) !== SEGMENT_MAGIC) throw new CorruptIndexError(`${file}: not a search segment`);
    if (u32At(header, HEADER.version) !== SEGMENT_VERSION) throw new CorruptIndexError(`${file}: segment version ${u32At(header, HEADER.version)}`);
    this.rows = u32At(header, HEADER.rows);
    this.fieldCount = u32At(header, HEADER.fields);
    this.terms = u32At(header, HEADER.terms);
    this.blocks = u32At(header, HEADER.blocks);
    const o = {
      dictIndex: u32At(header, HEADER.dictIndex),
      dict: u32At(header, HEADER.dict),
      postings: u32At(header, HEADER.postings),
      ids: u32At(header, HEADER.ids),
      stored: u32At(header, HEADER.stored),
      lengths: u32At(header, HEADER.lengths),
      end: u32At(header, HEADER.fileLength),
    };
    const ordered = [HEADER_BYTES, o.dictIndex, o.dict, o.postings, o.ids, o.stored, o.lengths, o.end];
    if (o.end !== size || ordered.some((value, i) => i > 0 && value < ordered[i - 1]!))
      throw new CorruptIndexError(`${file}: sections out of order or truncated`);
    if (o.end - o.lengths !== this.rows * this.fieldCount * 4 || this.fieldCount > 16)
      throw new CorruptIndexError(`${file}: field lengths do not match the row count`);
    this.offsets = o;
    this.index = this.read(o.dictIndex, o.dict - o.dictIndex);
    if (checksum(this.index, 0, this.index.length, checksum(header, 0, HEADER.checksum)) !== u32At(header, HEADER.checksum)) {
      throw new CorruptIndexError(`${file}: checksum mismatch`);
    }
    if (8 * (this.blocks + 1) > this.index.length) throw new CorruptIndexError(`${file}: dictionary index too short`);
  }

  /** Open a segment file; throws CorruptIndexError for a damaged one and the fs error for a missing one. */
  static open(file: string): SegmentReader {
    const fd = fs.openSync(file, 'r');
    try {
      const size = fs.fstatSync(fd).size;
      if (size <= READ_WHOLE_BYTES) {
        // Unpooled, so the postings sections keep their 4-byte alignment and are viewed in place.
        const whole = Buffer.allocUnsafeSlow(size);
        const got = fs.readSync(fd, whole, 0, size, 0);
        fs.closeSync(fd);
        if (got !== size) throw new CorruptIndexError(`${file}: short read`);
        return new SegmentReader(file, undefined, whole);
      }
      return new SegmentReader(file, fd, undefined);
    } catch (err) {
      try {
        fs.closeSync(fd);
      } catch {
        // already closed
      }
      throw err;
    }
  }

  close(): void {
    if (this.fd !== undefined) fs.closeSync(this.fd);
  }

  /** `length` bytes at `offset`, checked against the file. */
  private read(offset: number, length: number, size = this.offsets.end): Buffer {
    this.check(offset, length, size);
    if (this.whole) return this.whole.subarray(offset, offset + length);
    const out = Buffer.allocUnsafe(length);
    this.readInto(out, 0, offset, length);
    return out;
  }

  private check(offset: number, length: number, size = this.offsets.end): void {
    if (offset < 0 || length < 0 || offset + length > size)
      throw new CorruptIndexError(`${this.file}: read [${offset}, ${offset + length}) outside ${size} bytes`);
  }

  /** `length` bytes of the open file at `offset` into `target` at `at`. */
  private readInto(target: Uint8Array, at: number, offset: number, length: number): void {
    let got = 0;
    while (got < length) {
      const n = fs.readSync(this.fd!, target, at + got, length - got, offset + got);
      if (n === 0) throw new CorruptIndexError(`${this.file}: short read`);
      got += n;
    }
  }

  private blockStart(b: number): number {
    return u32At(this.index, 4 * b);
  }

  private firstTerm(b: number): Uint8Array {
    const table = 4 * (this.blocks + 1);
    const blob = 8 * (this.blocks + 1);
    const from = blob + u32At(this.index, table + 4 * b);
    const to = blob + u32At(this.index, table + 4 * (b + 1));
    if (from > to || to > this.index.length) throw new CorruptIndexError(`${this.file}: dictionary index out of bounds`);
    return this.index.subarray(from, to);
  }

  /** The last block whose first term is ≤ `term` (−1 when every block starts after it). */
  private blockFor(term: Uint8Array): number {
    let lo = 0;
    let hi = this.blocks - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (Buffer.compare(this.firstTerm(mid), term) <= 0) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return found;
  }

  /** A dictionary block's bytes and entry count, read once per reader. */
  private rawBlock(b: number): { bytes: Buffer; count: number } {
    const cached = this.blockCache.get(b);
    if (cached) return cached;
    const from = this.blockStart(b);
    const to = this.blockStart(b + 1);
    const dictBytes = this.offsets.postings - this.offsets.dict;
    if (from > to || to > dictBytes) throw new CorruptIndexError(`${this.file}: dictionary block out of bounds`);
    const bytes = this.read(this.offsets.dict + from, to - from);
    const count = u16At(bytes, 0);
    if (2 + 2 * count > bytes.length) throw new CorruptIndexError(`${this.file}: dictionary block too short`);
    const block = { bytes, count };
    this.blockCache.set(b, block);
    return block;
  }

  /** Where entry `i` of a block starts, and its term's bytes. */
  private entryTerm(block: { bytes: Buffer }, i: number): { start: number; termEnd: number } {
    const start = u16At(block.bytes, 2 + 2 * i);
    if (start >= block.bytes.length) throw new CorruptIndexError(`${this.file}: dictionary entry out of bounds`);
    const termEnd = start + 1 + block.bytes[start]!;
    if (termEnd > block.bytes.length) throw new CorruptIndexError(`${this.file}: dictionary term out of bounds`);
    return { start, termEnd };
  }

  private decodeEntry(block: { bytes: Buffer }, i: number): TermEntry {
    const { start, termEnd } = this.entryTerm(block, i);
    const c = new Cursor(block.bytes, termEnd, block.bytes.length);
    const term = block.bytes.toString('utf8', start + 1, termEnd);
    const mask = c.varint();
    const fields: FieldPostings[] = [];
    const postingBytes = this.offsets.ids - this.offsets.postings;
    for (let f = 0; f < this.fieldCount; f++) {
      if (!(mask & (1 << f))) continue;
      const count = c.varint();
      const begin = c.varint();
      const width = c.varint();
      const entry = { field: f, count, start: begin, width: width as 2 | 4, maxTf: c.varint(), minLength: c.varint() };
      if ((width !== 2 && width !== 4) || begin % 4 || count > this.rows || begin + count * (4 + 2 * width) > postingBytes) {
        throw new CorruptIndexError(`${this.file}: postings out of bounds`);
      }
      fields.push(entry);
    }
    return { term, fields };
  }

  /** Every entry of a dictionary block, decoded. */
  block(b: number): TermEntry[] {
    const block = this.rawBlock(b);
    return Array.from({ length: block.count }, (_, i) => this.decodeEntry(block, i));
  }

  /** The entry of exactly `term`, if the segment has it: a bisection of the block, one entry decoded. */
  lookup(term: string): TermEntry | undefined {
    const target = Buffer.from(term, 'utf8');
    const b = this.blockFor(target);
    if (b < 0) return undefined;
    const block = this.rawBlock(b);
    let lo = 0;
    let hi = block.count - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const { start, termEnd } = this.entryTerm(block, mid);
      const order = target.compare(block.bytes, start + 1, termEnd);
      if (order === 0) return this.decodeEntry(block, mid);
      if (order > 0) lo = mid + 1;
      else hi = mid - 1;
    }
    return undefined;
  }

  /** Entries of every term that starts with `prefix` (itself included), in dictionary order. */
  withPrefix(prefix: string): TermEntry[] {
    const bytes = Buffer.from(prefix, 'utf8');
    const out: TermEntry[] = [];
    for (let b = Math.max(0, this.blockFor(bytes)); b < this.blocks; b++) {
      const block = this.rawBlock(b);
      for (let i = 0; i < block.count; i++) {
        const { start, termEnd } = this.entryTerm(block, i);
        const head = Math.min(termEnd, start + 1 + bytes.length);
        const order = block.bytes.compare(bytes, 0, bytes.length, start + 1, head);
        if (order > 0) return out;
        if (order === 0 && head - start - 1 === bytes.length) out.push(this.decodeEntry(block, i));
      }
    }
    return out;
  }

  /** Every term in dictionary order (merging segments, exporting the whole index). */
  *allTerms(): Generator<TermEntry> {
    for (let b = 0; b < this.blocks; b++) yield* this.block(b);
  }

  /** One list's postings, as typed-array views of the bytes read (no decoding). */
  postings(entry: FieldPostings): DecodedPostings {
    const bytes = this.read(this.offsets.postings + entry.start, SegmentReader.postingsBytes(entry));
    return {
      rows: intArray(bytes, 0, entry.count, 4) as Uint32Array,
      tf: intArray(bytes, 4 * entry.count, entry.count, entry.width),
      lengths: intArray(bytes, (4 + entry.width) * entry.count, entry.count, entry.width),
    };
  }

  /** Bytes one list's postings take: rows, then tf and field lengths, as postings() views them. */
  static postingsBytes(entry: FieldPostings): number {
    return entry.count * (4 + 2 * entry.width);
  }

  /** One list's postings copied into `target` at `at`, in the file's layout (the scoring kernel reads them there). */
  postingsInto(entry: FieldPostings, target: Uint8Array, at: number): void {
    const offset = this.offsets.postings + entry.start;
    const length = SegmentReader.postingsBytes(entry);
    this.check(offset, length);
    if (this.whole) target.set(this.whole.subarray(offset, offset + length), at);
    else this.readInto(target, at, offset, length);
  }

  private tableEntry(section: number, end: number, row: number): string {
    if (row < 0 || row >= this.rows) throw new CorruptIndexError(`${this.file}: row ${row} of ${this.rows}`);
    const table = this.read(section + 4 * row, 8);
    const blob = section + 4 * (this.rows + 1);
    const from = blob + u32At(table, 0);
    const to = blob + u32At(table, 4);
    if (from > to || to > end) throw new CorruptIndexError(`${this.file}: string table out of bounds`);
    return this.read(from, to - from).toString('utf8');
  }

  id(row: number): string {
    return this.tableEntry(this.offsets.ids, this.offsets.stored, row);
  }

  /** What a hit shows; undefined when the row's record is not what the builder writes. */
  stored(row: number): StoredFields | undefined {
    let values: unknown;
    try {
      values = JSON.parse(this.tableEntry(this.offsets.stored, this.offsets.lengths, row));
    } catch (err) {
      if (err instanceof CorruptIndexError) throw err;
      throw new CorruptIndexError(`${this.file}: stored fields of row ${row} are not JSON`);
    }
    if (!Array.isArray(values) || values.length !== STORED_FIELDS.length || values.some((v) => typeof v !== 'string')) {
      throw new CorruptIndexError(`${this.file}: stored fields of row ${row} malformed`);
    }
    return Object.fromEntries(STORED_FIELDS.map((field, i) => [field, values[i]])) as StoredFields;
  }

  /** Every row's id (writers: which rows a changed note occupies). */
  ids(): string[] {
    const tableBytes = 4 * (this.rows + 1);
    const table = this.read(this.offsets.ids, tableBytes);
    const blob = this.read(this.offsets.ids + tableBytes, this.offsets.stored - this.offsets.ids - tableBytes);
    const out: string[] = new Array<string>(this.rows);
    for (let row = 0; row < this.rows; row++) {
      const from = u32At(table, 4 * row);
      const to = u32At(table, 4 * row + 4);
      if (from > to || to > blob.length) throw new CorruptIndexError(`${this.file}: id table out of bounds`);
      out[row] = blob.toString('utf8', from, to);
    }
    return out;
  }

  /** Stored fields of every row as their JSON text (merging segments copies them as they are). */
  storedJsonAll(): string[] {
    const tableBytes = 4 * (this.rows + 1);
    const table = this.read(this.offsets.stored, tableBytes);
    const blob = this.read(this.offsets.stored + tableBytes, this.offsets.lengths - this.offsets.stored - tableBytes);
    const out: string[] = new Array<string>(this.rows);
    for (let row = 0; row < this.rows; row++) {
      const from = u32At(table, 4 * row);
      const to = u32At(table, 4 * row + 4);
      if (from > to || to > blob.length) throw new CorruptIndexError(`${this.file}: stored table out of bounds`);
      out[row] = blob.toString('utf8', from, to);
    }
    return out;
  }

  /** Field lengths, rows × fields (writers: average lengths, merges). */
  lengths(): Uint32Array {
    const bytes = this.read(this.offsets.lengths, this.offsets.end - this.offsets.lengths);
    const out = new Uint32Array(this.rows * this.fieldCount);
    for (let i = 0; i < out.length; i++) out[i] = u32At(bytes, 4 * i);
    return out;
  }
}
