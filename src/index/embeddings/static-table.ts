import fs from 'node:fs';
import { tokenize } from '../text.js';
import { blendRankings, type ScoredId } from './fusion.js';
import { normalize } from './vectors.js';

/**
 * A static embedding table: one int8 vector per English word, derived once from the sentence model
 * (scripts/derive-static-table.mjs), so a process that cannot afford to load the model (the prompt hook) still has a
 * meaning signal. A text's vector is the weighted mean of its words' vectors; rare words weigh more.
 *
 * The layout is made to be used where it lies, with no parsing: a load is one file read plus typed-array views, and a
 * word is found by binary search over the sorted word bytes. Little-endian, every section 4-byte aligned:
 *
 *   header   "CMST" | u8 version | u8 0 | u16 dimensions | u32 words | u32 byte length of the word bytes
 *   offsets  u32 × (words + 1): start of each word in the word bytes, words in byte order
 *   weights  f32 × words: the word's weight (smooth inverse frequency, from its frequency rank)
 *   scales   f32 × words: the int8 scale of the word's vector
 *   word bytes, UTF-8, padded with zeros to a multiple of 4
 *   values   i8 × words × dimensions
 */

export const STATIC_TABLE_MAGIC = 'CMST';
export const STATIC_TABLE_VERSION = 1;
export const STATIC_TABLE_HEADER_BYTES = 16;
/** A table is a few MB; anything far larger is not one of ours. */
const MAX_TABLE_BYTES = 64 * 1024 * 1024;

export interface StaticTable {
  dimensions: number;
  words: number;
  /** Row of a lower-case word, or undefined. */
  rowOf(word: string): number | undefined;
  /** Adds the word's weight × its vector to `into`. */
  addRow(row: number, into: Float32Array): void;
}

/** Smooth inverse frequency weight of the word at frequency rank `rank` (Zipf estimate of its probability). */
export function wordWeight(rank: number, words: number): number {
  const probability = 1 / ((rank + 10) * Math.log(1.78 * Math.max(words, 2)));
  return SIF_A / (SIF_A + probability);
}
const SIF_A = 1e-3;

const pad4 = (n: number) => (n + 3) & ~3;

/** The table in `bytes`, or the reason it is not a well-formed table. */
export function parseStaticTable(bytes: Buffer): { table: StaticTable } | { error: string } {
  const H = STATIC_TABLE_HEADER_BYTES;
  if (bytes.length < H || bytes.toString('latin1', 0, 4) !== STATIC_TABLE_MAGIC) return { error: 'not a static embedding table' };
  if (bytes.readUInt8(4) !== STATIC_TABLE_VERSION) return { error: `table version ${bytes.readUInt8(4)} is not ${STATIC_TABLE_VERSION}` };
  const dimensions = bytes.readUInt16LE(6);
  const count = bytes.readUInt32LE(8);
  const wordBytes = bytes.readUInt32LE(12);
  const offsetsAt = H;
  const weightsAt = offsetsAt + 4 * (count + 1);
  const scalesAt = weightsAt + 4 * count;
  const wordsAt = scalesAt + 4 * count;
  const valuesAt = wordsAt + pad4(wordBytes);
  if (dimensions === 0 || valuesAt + count * dimensions !== bytes.length) return { error: 'table size does not match its header' };
  // Typed arrays need aligned offsets; a Buffer from the shared pool may not be, so copy then (small tables only).
  const data = bytes.byteOffset % 4 === 0 ? bytes : Buffer.from(bytes);
  const u32 = (at: number, n: number) => new Uint32Array(data.buffer, data.byteOffset + at, n);
  const f32 = (at: number, n: number) => new Float32Array(data.buffer, data.byteOffset + at, n);
  const offsets = u32(offsetsAt, count + 1);
  const weights = f32(weightsAt, count);
  const scales = f32(scalesAt, count);
  const values = new Int8Array(data.buffer, data.byteOffset + valuesAt, count * dimensions);
  const blob = data.subarray(wordsAt, wordsAt + wordBytes);
  if (offsets[count] !== wordBytes) return { error: 'table word offsets do not match its header' };
  return {
    table: {
      dimensions,
      words: count,
      rowOf(word) {
        const key = Buffer.from(word, 'utf8');
        let lo = 0;
        let hi = count - 1;
        while (lo <= hi) {
          const mid = (lo + hi) >>> 1;
          const order = blob.compare(key, 0, key.length, offsets[mid], offsets[mid + 1]);
          if (order === 0) return mid;
          if (order < 0) lo = mid + 1;
          else hi = mid - 1;
        }
        return undefined;
      },
      addRow(row, into) {
        const start = row * dimensions;
        const factor = weights[row]! * scales[row]!;
        for (let d = 0; d < dimensions; d++) into[d] = into[d]! + factor * values[start + d]!;
      },
    },
  };
}

/**
 * The bytes of a table for `words` (most frequent first) and their vectors, in the layout above. Used by the
 * derivation script and by tests, so writer and reader cannot drift apart.
 */
export function buildStaticTable(words: readonly string[], vectors: ReadonlyArray<ArrayLike<number>>, dimensions: number): Buffer {
  if (words.length !== vectors.length) throw new Error('one vector per word');
  const entries = words.map((word, rank) => ({ word, bytes: Buffer.from(word, 'utf8'), rank, vector: vectors[rank]! }));
  const seen = new Set<string>();
  const unique = entries.filter((e) => !seen.has(e.word) && seen.add(e.word));
  unique.sort((a, b) => Buffer.compare(a.bytes, b.bytes));
  const count = unique.length;
  const blob = Buffer.concat(unique.map((e) => e.bytes));
  const header = Buffer.alloc(STATIC_TABLE_HEADER_BYTES);
  header.write(STATIC_TABLE_MAGIC, 0, 'latin1');
  header.writeUInt8(STATIC_TABLE_VERSION, 4);
  header.writeUInt16LE(dimensions, 6);
  header.writeUInt32LE(count, 8);
  header.writeUInt32LE(blob.length, 12);
  const offsets = Buffer.alloc(4 * (count + 1));
  const weights = Buffer.alloc(4 * count);
  const scales = Buffer.alloc(4 * count);
  const values = Buffer.alloc(count * dimensions);
  let at = 0;
  unique.forEach((e, row) => {
    offsets.writeUInt32LE(at, 4 * row);
    at += e.bytes.length;
    weights.writeFloatLE(wordWeight(e.rank, words.length), 4 * row);
    if (e.vector.length !== dimensions) throw new Error(`vector of ${e.word} has ${e.vector.length} dimensions`);
    let max = 0;
    for (let d = 0; d < dimensions; d++) max = Math.max(max, Math.abs(e.vector[d]!));
    const scale = max > 0 ? max / 127 : 0;
    scales.writeFloatLE(scale, 4 * row);
    for (let d = 0; d < dimensions; d++) values.writeInt8(scale ? Math.round(e.vector[d]! / scale) : 0, row * dimensions + d);
  });
  offsets.writeUInt32LE(at, 4 * count);
  const padding = Buffer.alloc(pad4(blob.length) - blob.length);
  return Buffer.concat([header, offsets, weights, scales, blob, padding, values]);
}

export function loadStaticTable(file: string): { table: StaticTable } | { error: string } {
  try {
    if (fs.statSync(file).size > MAX_TABLE_BYTES) return { error: `${file} is too large for a static table` };
    return parseStaticTable(fs.readFileSync(file));
  } catch (err) {
    return { error: err instanceof Error ? err.message : String(err) };
  }
}

/** Words longer than this are identifiers or noise; the table has no row for them anyway. */
const MAX_WORD_CHARS = 40;
/** Work per text is bounded: a text is embedded from its first words only. */
const MAX_WORDS = 2_000;

/** Unit vector of a text, or undefined when none of its words is in the table. */
export function staticVector(table: StaticTable, text: string): Float32Array | undefined {
  const sum = new Float32Array(table.dimensions);
  let found = 0;
  let seen = 0;
  for (const token of tokenize(text)) {
    if (++seen > MAX_WORDS) break;
    if (token.length > MAX_WORD_CHARS) continue;
    const row = table.rowOf(token.toLowerCase());
    if (row === undefined) continue;
    table.addRow(row, sum);
    found++;
  }
  return found ? normalize(sum) : undefined;
}

/** Share of the static-table similarity when re-ranking; 0.2–0.3 tied on the literal queries (docs/search.md). */
export const STATIC_RERANK_WEIGHT = 0.3;

/**
 * Re-orders a lexical top list (the prompt hook uses BM25's top 30) by blending in each note's static-table
 * similarity to the query. Notes without a stored vector keep their lexical score (fusion.ts); a query with no word
 * in the table leaves the list as it was.
 */
export function rerankWithStaticTable(
  hits: readonly ScoredId[],
  queryVector: Float32Array | undefined,
  noteVector: (id: string) => ArrayLike<number> | undefined,
  weight = STATIC_RERANK_WEIGHT,
): ScoredId[] {
  if (!queryVector || hits.length < 2) return [...hits];
  const dense: ScoredId[] = [];
  for (const hit of hits) {
    const vector = noteVector(hit.id);
    if (!vector || vector.length !== queryVector.length) continue;
    let score = 0;
    for (let d = 0; d < queryVector.length; d++) score += queryVector[d]! * vector[d]!;
    dense.push({ id: hit.id, score });
  }
  return blendRankings(hits, dense, { denseWeight: weight });
}
