/**
 * Byte-level pieces of the search segment format (segment-build.ts writes it, segment-read.ts reads it): a growable
 * writer, a bounds-checked cursor, unsigned LEB128 varints and the fixed header. Every read is checked against the
 * end of its section, so a damaged file raises CorruptIndexError (the index is then rebuilt) instead of reading
 * past its data or looping.
 *
 * A segment file, all integers little-endian:
 *
 *   header      64 bytes (HEADER below)
 *   dict index  u32 block start × (blocks + 1), u32 first-term start × (blocks + 1), first terms (UTF-8)
 *   dict        per block of up to TERMS_PER_BLOCK terms, sorted by UTF-8 bytes: u16 entry count, u16 entry start ×
 *               count (so a lookup bisects the block), then per entry: u8 length, term bytes, varint field mask, and
 *               per field in the mask: varint postings count, start, width (2 or 4), max tf, min length
 *   postings    per term and field, 4-byte aligned: u32 row × count (ascending), then tf × count and field length ×
 *               count, each u16 (or u32 when a value needs it): fixed widths, so a reader takes typed-array views
 *               of the bytes instead of decoding them (a one-shot process runs most of its code in the interpreter)
 *   ids         u32 start × (rows + 1), then the ids (UTF-8)
 *   stored      u32 start × (rows + 1), then per row a JSON array of the stored fields
 *   lengths     u32 × rows × fields: each row's field lengths (MiniSearch's: distinct tokens of the field)
 */

export const SEGMENT_MAGIC = 0x47534d43; // "CMSG" read as a little-endian u32
export const SEGMENT_VERSION = 2;
export const HEADER_BYTES = 64;
export const TERMS_PER_BLOCK = 64;
/** Longest term in bytes (processTerm keeps terms of at most 40 characters; a u8 length holds any of them). */
export const MAX_TERM_BYTES = 255;

/** Byte offsets of the header fields. */
export const HEADER = {
  magic: 0,
  version: 4,
  rows: 8,
  fields: 12,
  terms: 16,
  blocks: 20,
  dictIndex: 24,
  dict: 28,
  postings: 32,
  ids: 36,
  stored: 40,
  lengths: 44,
  fileLength: 48,
  checksum: 52,
} as const;

/** A damaged or foreign segment file: the caller treats the index as missing and rebuilds it. */
export class CorruptIndexError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CorruptIndexError';
  }
}

/** FNV-1a over a byte range: cheap enough for the header and dictionary index a reader touches anyway. */
export function checksum(bytes: Uint8Array, start: number, end: number, seed = 0x811c9dc5): number {
  let hash = seed;
  for (let i = start; i < end; i++) hash = Math.imul(hash ^ bytes[i]!, 0x01000193);
  return hash >>> 0;
}

/** An append-only byte buffer that grows by doubling. */
export class ByteWriter {
  private buf: Buffer;
  length = 0;

  constructor(initial = 1 << 16) {
    this.buf = Buffer.allocUnsafe(initial);
  }

  private room(bytes: number): void {
    if (this.length + bytes <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.length + bytes) size *= 2;
    const next = Buffer.allocUnsafe(size);
    this.buf.copy(next, 0, 0, this.length);
    this.buf = next;
  }

  u8(value: number): void {
    this.room(1);
    this.buf[this.length++] = value;
  }

  u16(value: number): void {
    this.room(2);
    this.buf.writeUInt16LE(value, this.length);
    this.length += 2;
  }

  /** Zero bytes up to the next multiple of `to`. */
  align(to: number): void {
    while (this.length % to) this.u8(0);
  }

  u32(value: number): void {
    this.room(4);
    this.buf.writeUInt32LE(value >>> 0, this.length);
    this.length += 4;
  }

  varint(value: number): void {
    this.room(5);
    let v = value >>> 0;
    while (v >= 0x80) {
      this.buf[this.length++] = (v & 0x7f) | 0x80;
      v >>>= 7;
    }
    this.buf[this.length++] = v;
  }

  bytes(data: Uint8Array): void {
    this.room(data.length);
    this.buf.set(data, this.length);
    this.length += data.length;
  }

  /** The bytes written so far (a view, valid until the next write). */
  view(): Buffer {
    return this.buf.subarray(0, this.length);
  }
}

/** Reads varints and fixed-width integers from `buf` between `pos` and `end`, refusing to cross `end`. */
export class Cursor {
  constructor(
    readonly buf: Uint8Array,
    public pos: number,
    readonly end: number,
  ) {
    if (end > buf.length || pos < 0 || pos > end) throw new CorruptIndexError(`section [${pos}, ${end}) outside ${buf.length} bytes`);
  }

  get done(): boolean {
    return this.pos >= this.end;
  }

  u8(): number {
    if (this.pos >= this.end) throw new CorruptIndexError('read past the end of a section');
    return this.buf[this.pos++]!;
  }

  varint(): number {
    let value = 0;
    let shift = 0;
    for (;;) {
      if (this.pos >= this.end) throw new CorruptIndexError('varint runs past the end of a section');
      const byte = this.buf[this.pos++]!;
      if (shift === 28 && byte > 0x0f) throw new CorruptIndexError('varint longer than 32 bits');
      value += (byte & 0x7f) * 2 ** shift;
      if (byte < 0x80) return value;
      shift += 7;
    }
  }

  bytes(length: number): Uint8Array {
    if (this.pos + length > this.end) throw new CorruptIndexError('bytes run past the end of a section');
    const out = this.buf.subarray(this.pos, this.pos + length);
    this.pos += length;
    return out;
  }
}

/** u32 at `offset`, checked against `end`. */
export function u32At(buf: Uint8Array, offset: number, end = buf.length): number {
  if (offset < 0 || offset + 4 > end) throw new CorruptIndexError(`u32 at ${offset} outside [0, ${end})`);
  return (buf[offset]! | (buf[offset + 1]! << 8) | (buf[offset + 2]! << 16)) + buf[offset + 3]! * 0x1000000;
}

/** u16 at `offset`, checked against `end`. */
export function u16At(buf: Uint8Array, offset: number, end = buf.length): number {
  if (offset < 0 || offset + 2 > end) throw new CorruptIndexError(`u16 at ${offset} outside [0, ${end})`);
  return buf[offset]! | (buf[offset + 1]! << 8);
}

export const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/**
 * `count` little-endian integers of `width` bytes at `offset` of `bytes`, as a typed array: a view when the machine
 * is little-endian and the offset aligned, else a copy.
 */
export function intArray(bytes: Uint8Array, offset: number, count: number, width: 2 | 4): Uint16Array | Uint32Array {
  if (offset < 0 || offset + count * width > bytes.length) throw new CorruptIndexError(`array [${offset}, +${count * width}) outside ${bytes.length} bytes`);
  const at = bytes.byteOffset + offset;
  if (LITTLE_ENDIAN && at % width === 0) return width === 4 ? new Uint32Array(bytes.buffer, at, count) : new Uint16Array(bytes.buffer, at, count);
  const out = width === 4 ? new Uint32Array(count) : new Uint16Array(count);
  for (let i = 0; i < count; i++) out[i] = width === 4 ? u32At(bytes, offset + 4 * i) : u16At(bytes, offset + 2 * i);
  return out;
}
