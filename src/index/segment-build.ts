import { ByteWriter, HEADER, HEADER_BYTES, MAX_TERM_BYTES, SEGMENT_MAGIC, SEGMENT_VERSION, TERMS_PER_BLOCK, checksum } from './segment-codec.js';
import { STORED_FIELDS, forEachToken, processTerm, type SearchDoc } from './text.js';

/**
 * Builds one search segment in memory (format in segment-codec.ts). Postings are kept as four flat typed arrays in
 * the order they arrive, not as a map of lists per term: a 10,000-note segment holds millions of postings, and one
 * small array per term and field would cost more in object headers than in data. `encode` groups them by term and
 * field with a counting sort, which keeps each list's rows in arrival order, so callers add rows in ascending order.
 */

class U32List {
  data = new Uint32Array(1 << 12);
  length = 0;

  push(value: number): void {
    if (this.length === this.data.length) {
      const next = new Uint32Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = value;
  }
}

const utf8 = (text: string) => Buffer.from(text, 'utf8');

export class SegmentBuilder {
  private readonly termIds = new Map<string, number>();
  private readonly termNames: string[] = [];
  private readonly postingKey = new U32List();
  private readonly postingRow = new U32List();
  private readonly postingTf = new U32List();
  private readonly postingLength = new U32List();
  private readonly ids: string[] = [];
  private readonly stored: string[] = [];
  private readonly lengths = new U32List();

  constructor(readonly fieldNames: readonly string[]) {}

  get rows(): number {
    return this.ids.length;
  }

  get postings(): number {
    return this.postingRow.length;
  }

  /** Field lengths of every row so far, rows × fields. */
  rowLengths(): Uint32Array {
    return this.lengths.data.slice(0, this.lengths.length);
  }

  /** A row with its id, stored fields (a JSON array in STORED_FIELDS order) and field lengths; returns the row. */
  addRow(id: string, storedJson: string, fieldLengths: ArrayLike<number>): number {
    this.ids.push(id);
    this.stored.push(storedJson);
    for (let f = 0; f < this.fieldNames.length; f++) this.lengths.push(fieldLengths[f] ?? 0);
    return this.ids.length - 1;
  }

  /** One posting; a term's rows must arrive in ascending order within each field. */
  addPosting(term: string, field: number, row: number, tf: number, length: number): void {
    let id = this.termIds.get(term);
    if (id === undefined) {
      id = this.termNames.length;
      this.termIds.set(term, id);
      this.termNames.push(term);
    }
    this.postingKey.push(id * this.fieldNames.length + field);
    this.postingRow.push(row);
    this.postingTf.push(tf);
    this.postingLength.push(length);
  }

  /**
   * A document, tokenized as MiniSearch does it: a field's length is its number of distinct tokens (before term
   * processing), and a term's frequency the number of its tokens that process to it.
   */
  addDoc(doc: SearchDoc): void {
    // Raw tokens are counted first: their number of distinct values is the field's length, and each distinct one
    // is processed once (a long body repeats its words many times).
    const fieldCounts = this.fieldNames.map((field) => {
      const raw = new Map<string, number>();
      forEachToken((doc as unknown as Record<string, string | undefined>)[field] ?? '', (token) => raw.set(token, (raw.get(token) ?? 0) + 1));
      return raw;
    });
    const row = this.addRow(
      doc.id,
      storedJson(doc),
      fieldCounts.map((raw) => raw.size),
    );
    const counts = new Map<string, number>();
    fieldCounts.forEach((raw, f) => {
      counts.clear();
      for (const [token, n] of raw) {
        const term = processTerm(token);
        if (term) counts.set(term, (counts.get(term) ?? 0) + n);
      }
      for (const [term, tf] of counts) this.addPosting(term, f, row, tf, raw.size);
    });
  }

  encode(): Buffer {
    const fields = this.fieldNames.length;
    const names = this.termNames.map(utf8);
    for (const name of names) if (name.length > MAX_TERM_BYTES) throw new Error(`term longer than ${MAX_TERM_BYTES} bytes`);
    const order = names.map((_, i) => i).sort((a, b) => Buffer.compare(names[a]!, names[b]!));

    // Counting sort of the postings by (term, field), stable, so each list keeps its arrival (row) order.
    const keys = this.termNames.length * fields;
    const start = new Uint32Array(keys + 1);
    const key = this.postingKey.data;
    const total = this.postingKey.length;
    for (let i = 0; i < total; i++) start[key[i]! + 1]!++;
    for (let k = 0; k < keys; k++) start[k + 1]! += start[k]!;
    const next = start.slice(0, keys);
    const sorted = new Uint32Array(total);
    for (let i = 0; i < total; i++) sorted[next[key[i]!]!++] = i;

    const postings = new ByteWriter(Math.max(1 << 16, total * 8));
    const dict = new ByteWriter();
    const blockStarts: number[] = [];
    const firstTerms: Buffer[] = [];
    const row = this.postingRow.data;
    const tf = this.postingTf.data;
    const length = this.postingLength.data;
    let entries = new ByteWriter(1 << 12);
    let entryStarts: number[] = [];
    const closeBlock = () => {
      if (!entryStarts.length) return;
      blockStarts.push(dict.length);
      const head = 2 + 2 * entryStarts.length;
      dict.u16(entryStarts.length);
      for (const start of entryStarts) dict.u16(head + start);
      dict.bytes(entries.view());
      entries = new ByteWriter(1 << 12);
      entryStarts = [];
    };
    order.forEach((termId, n) => {
      if (n % TERMS_PER_BLOCK === 0) {
        closeBlock();
        firstTerms.push(names[termId]!);
      }
      const name = names[termId]!;
      entryStarts.push(entries.length);
      entries.u8(name.length);
      entries.bytes(name);
      let mask = 0;
      for (let f = 0; f < fields; f++) if (start[termId * fields + f + 1]! > start[termId * fields + f]!) mask |= 1 << f;
      entries.varint(mask);
      for (let f = 0; f < fields; f++) {
        const from = start[termId * fields + f]!;
        const to = start[termId * fields + f + 1]!;
        if (to === from) continue;
        let maxTf = 0;
        let maxLength = 0;
        let minLength = 0xffffffff;
        for (let p = from; p < to; p++) {
          const i = sorted[p]!;
          if (tf[i]! > maxTf) maxTf = tf[i]!;
          if (length[i]! > maxLength) maxLength = length[i]!;
          if (length[i]! < minLength) minLength = length[i]!;
        }
        const width = maxTf > 0xffff || maxLength > 0xffff ? 4 : 2;
        postings.align(4);
        const begin = postings.length;
        for (let p = from; p < to; p++) postings.u32(row[sorted[p]!]!);
        for (const values of [tf, length]) {
          for (let p = from; p < to; p++) {
            if (width === 4) postings.u32(values[sorted[p]!]!);
            else postings.u16(values[sorted[p]!]!);
          }
        }
        entries.varint(to - from);
        entries.varint(begin);
        entries.varint(width);
        entries.varint(maxTf);
        entries.varint(minLength);
      }
    });
    closeBlock();
    blockStarts.push(dict.length);
    postings.align(4);

    const index = new ByteWriter();
    for (const offset of blockStarts) index.u32(offset);
    let termOffset = 0;
    for (const term of firstTerms) {
      index.u32(termOffset);
      termOffset += term.length;
    }
    index.u32(termOffset);
    for (const term of firstTerms) index.bytes(term);
    index.align(4);
    dict.align(4);

    const idSection = stringTable(this.ids);
    const storedSection = stringTable(this.stored);
    const lengthSection = Buffer.from(this.lengths.data.buffer, this.lengths.data.byteOffset, this.lengths.length * 4);
    // Every section starts 4-byte aligned, so a reader holding the whole file can view postings in place.
    const sections = [index.view(), dict.view(), postings.view(), idSection, storedSection, littleEndian(lengthSection)];
    const parts: Buffer[] = [];
    const offsets: number[] = [];
    let at = HEADER_BYTES;
    for (const section of sections) {
      offsets.push(at);
      parts.push(section);
      at += section.length;
      if (at % 4) {
        parts.push(Buffer.alloc(4 - (at % 4)));
        at += 4 - (at % 4);
      }
    }
    if (at > 0xffffffff) throw new Error('search segment over 4 GiB');
    const header = Buffer.alloc(HEADER_BYTES);
    header.writeUInt32LE(SEGMENT_MAGIC, HEADER.magic);
    header.writeUInt32LE(SEGMENT_VERSION, HEADER.version);
    header.writeUInt32LE(this.rows, HEADER.rows);
    header.writeUInt32LE(fields, HEADER.fields);
    header.writeUInt32LE(order.length, HEADER.terms);
    header.writeUInt32LE(firstTerms.length, HEADER.blocks);
    [HEADER.dictIndex, HEADER.dict, HEADER.postings, HEADER.ids, HEADER.stored, HEADER.lengths].forEach((field, i) => header.writeUInt32LE(offsets[i]!, field));
    header.writeUInt32LE(at, HEADER.fileLength);
    header.writeUInt32LE(checksum(index.view(), 0, index.length, checksum(header, 0, HEADER.checksum)), HEADER.checksum);
    return Buffer.concat([header, ...parts], at);
  }
}

/** u32 start × (n + 1), then the strings as UTF-8. */
function stringTable(values: string[]): Buffer {
  const bytes = values.map(utf8);
  const table = new ByteWriter(4 * (values.length + 1) + bytes.reduce((sum, b) => sum + b.length, 0));
  let offset = 0;
  for (const b of bytes) {
    table.u32(offset);
    offset += b.length;
  }
  table.u32(offset);
  for (const b of bytes) table.bytes(b);
  table.align(4);
  return Buffer.from(table.view());
}

/** The lengths table is written little-endian whatever the machine's byte order. */
function littleEndian(bytes: Buffer): Buffer {
  const probe = new Uint8Array(new Uint32Array([1]).buffer);
  if (probe[0] === 1) return bytes;
  const out = Buffer.alloc(bytes.length);
  for (let i = 0; i < bytes.length; i += 4) out.writeUInt32LE(bytes.readUInt32BE(i), i);
  return out;
}

/** What a hit shows, as the JSON array a segment stores per row (STORED_FIELDS order). */
export function storedJson(doc: SearchDoc): string {
  return JSON.stringify(STORED_FIELDS.map((field) => doc[field] ?? ''));
}
