import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import MiniSearch from 'minisearch';
import { describe, expect, it } from 'vitest';
import { SegmentBuilder } from '../../src/index/segment-build.js';
import { CorruptIndexError } from '../../src/index/segment-codec.js';
import { SegmentReader } from '../../src/index/segment-read.js';
import { MINISEARCH_OPTIONS, SEARCH_FIELDS, type SearchDoc } from '../../src/index/text.js';
import { docs } from '../helpers/search-arbitraries.js';
import { corpus } from '../helpers/search-corpus.js';
import { mulberry32 } from '../helpers/prng.js';
import { tempDir } from '../helpers/temp-repo.js';

function writeSegment(list: SearchDoc[]): string {
  const builder = new SegmentBuilder(SEARCH_FIELDS);
  for (const doc of list) builder.addDoc(doc);
  const file = path.join(tempDir(), 'g1-0-0.seg');
  fs.writeFileSync(file, builder.encode());
  return file;
}

/** Everything a reader can return, as plain data: reading it all touches every byte of the file. */
function readAll(reader: SegmentReader) {
  const terms: Record<string, Record<number, Record<number, number>>> = {};
  for (const entry of reader.allTerms()) {
    terms[entry.term] = {};
    for (const list of entry.fields) {
      const p = reader.postings(list);
      terms[entry.term]![list.field] = Object.fromEntries(Array.from(p.rows, (row, i) => [row, p.tf[i]!]));
    }
  }
  const rows = Array.from({ length: reader.rows }, (_, row) => ({ id: reader.id(row), stored: reader.stored(row) }));
  return { terms, rows, lengths: Array.from(reader.lengths()), ids: reader.ids() };
}

describe('search segments', () => {
  it('round trip: a segment holds exactly what MiniSearch indexes (terms, frequencies, field lengths) and the stored fields', () => {
    fc.assert(
      fc.property(docs(0, 30), (list) => {
        const reader = SegmentReader.open(writeSegment(list));
        const whole = new MiniSearch<SearchDoc>(MINISEARCH_OPTIONS);
        whole.addAll(list);
        const plain = whole.toJSON();
        const read = readAll(reader);
        const expected = Object.fromEntries(
          plain.index.map(([term, fields]) => [
            term,
            Object.fromEntries(Object.entries(fields).map(([f, p]) => [f, Object.fromEntries(Object.entries(p).map(([row, tf]) => [row, tf]))])),
          ]),
        );
        expect(read.terms).toEqual(expected);
        expect(read.lengths).toEqual(list.flatMap((_, row) => plain.fieldLength[row]));
        expect(read.ids).toEqual(list.map((doc) => doc.id));
        read.rows.forEach(({ stored }, row) =>
          expect(stored).toEqual({
            title: list[row]!.title,
            type: list[row]!.type,
            path: list[row]!.path,
            status: list[row]!.status,
            topic: list[row]!.topic,
            updated: list[row]!.updated,
          }),
        );
        // Every term is found by exact lookup and by each of its prefixes.
        for (const term of Object.keys(expected)) {
          expect(reader.lookup(term)?.term).toBe(term);
          expect(reader.withPrefix(term.slice(0, 2)).map((e) => e.term)).toContain(term);
        }
        expect(reader.lookup('zzzz-not-there')).toBeUndefined();
        reader.close();
      }),
      { numRuns: 60, seed: 20261130 },
    );
  });

  it('finds every term of a segment with many dictionary blocks, by lookup and by prefix, in byte order', () => {
    const list = corpus(400).map((doc, i) => ({ ...doc, body: `${doc.body} uniq${i.toString(36)}word` }));
    const reader = SegmentReader.open(writeSegment(list));
    const all = [...reader.allTerms()].map((e) => e.term);
    expect(all.length).toBeGreaterThan(400);
    expect([...all].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)))).toEqual(all);
    for (const term of all) expect(reader.lookup(term)?.term).toBe(term);
    expect(reader.withPrefix('uniq').map((e) => e.term)).toEqual(all.filter((term) => term.startsWith('uniq')));
    reader.close();
  });

  it('a damaged segment raises CorruptIndexError (or reads as some valid index), never another error or a hang', () => {
    const original = fs.readFileSync(writeSegment(corpus(60)));
    const random = mulberry32(31);
    const dir = tempDir();
    let corrupt = 0;
    for (let round = 0; round < 400; round++) {
      const bytes = Buffer.from(original);
      const kind = round % 4;
      if (kind === 0) {
        const at = Math.floor(random() * bytes.length);
        bytes[at] = bytes[at]! ^ (1 + Math.floor(random() * 255));
      }
      if (kind === 1) for (let i = 0; i < 8; i++) bytes[Math.floor(random() * bytes.length)] = Math.floor(random() * 256);
      const damaged = kind === 2 ? bytes.subarray(0, Math.floor(random() * bytes.length)) : kind === 3 ? Buffer.concat([bytes, Buffer.from('junk')]) : bytes;
      const file = path.join(dir, `g1-${round}-0.seg`);
      fs.writeFileSync(file, damaged);
      try {
        const reader = SegmentReader.open(file);
        readAll(reader);
        reader.close();
      } catch (err) {
        expect(err, String(err)).toBeInstanceOf(CorruptIndexError);
        corrupt++;
      }
    }
    // Truncations and appended bytes are always caught; most random damage is too.
    expect(corrupt).toBeGreaterThan(250);
  });
});
