import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  buildStaticTable,
  loadStaticTable,
  parseStaticTable,
  rerankWithStaticTable,
  STATIC_TABLE_HEADER_BYTES,
  staticVector,
  wordWeight,
  type StaticTable,
} from '../../../src/index/embeddings/static-table.js';
import { dot, normalize } from '../../../src/index/embeddings/vectors.js';
import { mulberry32 } from '../../helpers/prng.js';
import { tempDir } from '../../helpers/temp-repo.js';

function randomWords(random: () => number, n: number): string[] {
  const letters = 'abcdefghijklmnopqrstuvwxyzéøß';
  const out = new Set<string>();
  while (out.size < n) {
    let word = '';
    const length = 1 + Math.floor(random() * 12);
    for (let i = 0; i < length; i++) word += letters[Math.floor(random() * letters.length)];
    out.add(word);
  }
  return [...out];
}

function table(bytes: Buffer): StaticTable {
  const parsed = parseStaticTable(bytes);
  if ('error' in parsed) throw new Error(parsed.error);
  return parsed.table;
}

/** Four words on two axes: vehicles along x, food along y. */
const TOY_WORDS = ['car', 'truck', 'bread', 'cheese'];
const TOY = buildStaticTable(
  TOY_WORDS,
  [
    [1, 0.1],
    [0.9, 0.2],
    [0.1, 1],
    [0.2, 0.9],
  ],
  2,
);

describe('static table layout', () => {
  it('finds every word it was built from, and no other, at the row holding its vector', () => {
    const random = mulberry32(3);
    for (const size of [1, 2, 17, 500]) {
      const words = randomWords(random, size);
      const vectors = words.map(() => Array.from({ length: 8 }, () => random() * 2 - 1));
      const t = table(buildStaticTable(words, vectors, 8));
      expect(t.words).toBe(size);
      words.forEach((word, rank) => {
        const row = t.rowOf(word);
        expect(row).toBeDefined();
        const got = new Float32Array(8);
        t.addRow(row!, got);
        const expected = vectors[rank]!.map((x) => x * wordWeight(rank, size));
        expected.forEach((x, d) => expect(got[d]).toBeCloseTo(x, 1));
      });
      for (const absent of ['', 'zzzzzzzzzzzzzzzz', `${words[0]}x`, words[0]!.toUpperCase() + 'Q'])
        if (!words.includes(absent)) expect(t.rowOf(absent)).toBeUndefined();
    }
  });

  it('weighs rare words more than common ones', () => {
    expect(wordWeight(0, 30_000)).toBeLessThan(wordWeight(1_000, 30_000));
    expect(wordWeight(1_000, 30_000)).toBeLessThan(wordWeight(29_999, 30_000));
    expect(wordWeight(29_999, 30_000)).toBeLessThan(1);
  });

  it('rejects bytes that are not a whole table, with a reason', () => {
    const good = Buffer.from(TOY);
    expect('error' in parseStaticTable(Buffer.from('not a table at all'))).toBe(true);
    expect('error' in parseStaticTable(good.subarray(0, good.length - 1))).toBe(true);
    const version = Buffer.from(good);
    version.writeUInt8(9, 4);
    expect(parseStaticTable(version)).toEqual({ error: 'table version 9 is not 1' });
    const count = Buffer.from(good);
    count.writeUInt32LE(5, 8);
    expect('error' in parseStaticTable(count)).toBe(true);
    const offsets = Buffer.from(good);
    offsets.writeUInt32LE(999, STATIC_TABLE_HEADER_BYTES + 4 * TOY_WORDS.length);
    expect('error' in parseStaticTable(offsets)).toBe(true);
  });

  it('parses a table from an unaligned buffer', () => {
    const shifted = Buffer.alloc(TOY.length + 1);
    TOY.copy(shifted, 1);
    expect(table(shifted.subarray(1)).rowOf('cheese')).toBeDefined();
  });

  it('loads from a file, and says why it cannot', () => {
    const dir = tempDir();
    const file = path.join(dir, 'table.bin');
    fs.writeFileSync(file, TOY);
    expect('table' in loadStaticTable(file)).toBe(true);
    expect('error' in loadStaticTable(path.join(dir, 'missing.bin'))).toBe(true);
  });
});

describe('staticVector and re-ranking', () => {
  const t = table(TOY);

  it('embeds a text from the words the table knows, ignoring case and the rest', () => {
    const v = staticVector(t, 'The TRUCK and the car-park')!;
    expect(dot(v, v)).toBeCloseTo(1, 5);
    expect(v[0]!).toBeGreaterThan(v[1]!);
    expect(staticVector(t, 'nothing known here')).toBeUndefined();
    expect(staticVector(t, '')).toBeUndefined();
  });

  it('moves the note that means what the query means up the lexical list', () => {
    const vectors = new Map([
      ['bakery', normalize([0.1, 1])],
      ['garage', normalize([1, 0.1])],
    ]);
    const hits = [
      { id: 'garage', score: 5 },
      { id: 'bakery', score: 4.5 },
      { id: 'unknown', score: 1 },
    ];
    const query = staticVector(t, 'cheese')!;
    expect(rerankWithStaticTable(hits, query, (id) => vectors.get(id)).map((hit) => hit.id)).toEqual(['bakery', 'garage', 'unknown']);
    expect(rerankWithStaticTable(hits, query, (id) => vectors.get(id), 0).map((hit) => hit.id)).toEqual(['garage', 'bakery', 'unknown']);
  });

  it('leaves the list alone without a query vector', () => {
    const hits = [
      { id: 'a', score: 2 },
      { id: 'b', score: 1 },
    ];
    expect(rerankWithStaticTable(hits, undefined, () => [1, 0])).toEqual(hits);
  });
});
