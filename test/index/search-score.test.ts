import fc from 'fast-check';
import MiniSearch, { type SearchResult } from 'minisearch';
import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { searchIndex } from '../../src/index/search-score.js';
import { CorruptIndexError, HEADER } from '../../src/index/segment-codec.js';
import { SegmentReader } from '../../src/index/segment-read.js';
import { writeFullIndex } from '../../src/index/search-write.js';
import { MINISEARCH_OPTIONS, SEARCH_OPTIONS, processTerm, tokenizeWords, type SearchDoc } from '../../src/index/text.js';
import { docs, query } from '../helpers/search-arbitraries.js';
import { corpus } from '../helpers/search-corpus.js';
import { tempDir } from '../helpers/temp-repo.js';

function miniSearchOf(list: SearchDoc[]): MiniSearch<SearchDoc> {
  const whole = new MiniSearch<SearchDoc>(MINISEARCH_OPTIONS);
  whole.addAll(list);
  return whole;
}

const indexOf = (list: SearchDoc[]) => {
  const dir = tempDir();
  writeFullIndex(dir, list);
  return dir;
};

/** Same ids in the same order, with scores equal to the last bit, and the same matched query terms. */
function expectIdentical(got: Array<{ id: string; score: number; queryTerms: string[] }>, expected: SearchResult[]): void {
  expect(got.map((hit) => [hit.id, hit.score])).toEqual(expected.map((hit) => [String(hit.id), hit.score]));
  expect(got.map((hit) => hit.queryTerms)).toEqual(expected.map((hit) => hit.queryTerms));
}

/**
 * Same notes with scores equal but for the last bits. MiniSearch adds prefix expansions in its tree's order, so two
 * notes whose scores differ only in the last bits may swap; anything further apart must be in the same place.
 */
function expectClose(got: Array<{ id: string; score: number }>, expected: SearchResult[]): void {
  expect(got.length).toBe(expected.length);
  got.forEach((hit, i) => {
    expect(Math.abs(hit.score - expected[i]!.score)).toBeLessThanOrEqual(1e-12 * expected[i]!.score);
    if (String(expected[i]!.id) !== hit.id)
      expect(Math.abs(hit.score - got.find((h) => h.id === String(expected[i]!.id))!.score)).toBeLessThanOrEqual(1e-12 * hit.score);
  });
}

describe('searchIndex', () => {
  it('ranks whole-word queries exactly as MiniSearch: same notes, same order (ties included), same scores to the bit', () => {
    fc.assert(
      fc.property(docs(1, 40), fc.array(query, { minLength: 1, maxLength: 6 }), fc.boolean(), (list, queries, words) => {
        const dir = indexOf(list);
        const whole = miniSearchOf(list);
        const split = words ? tokenizeWords : undefined;
        for (const q of queries) {
          const expected = whole.search(q, { prefix: false, ...(split ? { tokenize: split } : {}) });
          expectIdentical(searchIndex(dir, q, { split, prefix: false, limit: 1000 })!, expected);
        }
      }),
      { numRuns: 150, seed: 20261130 },
    );
  });

  it('ranks prefix queries as MiniSearch does: same notes in the same order, scores equal but for the last bits', () => {
    fc.assert(
      fc.property(docs(1, 40), fc.array(query, { minLength: 1, maxLength: 6 }), (list, queries) => {
        const dir = indexOf(list);
        const whole = miniSearchOf(list);
        for (const q of queries) expectClose(searchIndex(dir, q, { limit: 1000 })!, whole.search(q, SEARCH_OPTIONS));
      }),
      { numRuns: 150, seed: 20261130 },
    );
  });

  it('ranks as MiniSearch when one term is prefix-expanded at one place in the query and not at another', () => {
    const everyOther = (_term: string, i: number) => i % 2 === 0;
    fc.assert(
      fc.property(docs(1, 40), fc.array(query, { minLength: 1, maxLength: 4 }), (list, queries) => {
        const dir = indexOf(list);
        const whole = miniSearchOf(list);
        for (const once of queries) {
          const q = `${once} ${once}`;
          expectClose(searchIndex(dir, q, { prefix: everyOther, limit: 1000 })!, whole.search(q, { ...SEARCH_OPTIONS, prefix: everyOther }));
        }
      }),
      { numRuns: 100, seed: 20261201 },
    );
  });

  it('is exact when a term frequency needs four bytes', () => {
    const list: SearchDoc[] = [
      { ...corpus(3)[0]!, id: 'flood', body: `${'torrent '.repeat(70_000)}rain` },
      ...corpus(20).slice(1),
      { ...corpus(3)[2]!, id: 'drizzle', body: 'torrent rain, once' },
    ];
    const dir = indexOf(list);
    for (const q of ['torrent', 'torrent rain', 'rain torrent torrent'])
      expectIdentical(searchIndex(dir, q, { prefix: false, limit: 1000 })!, miniSearchOf(list).search(q, { prefix: false }));
    const term = processTerm('torrent')!;
    const segment = fs.readdirSync(dir).find((name) => name.endsWith('.seg'))!;
    const reader = SegmentReader.open(path.join(dir, segment));
    expect(reader.lookup(term)!.fields.some((list) => list.width === 4)).toBe(true);
    reader.close();
  });

  it('a posting naming a row past its segment raises CorruptIndexError naming the file', () => {
    const list = corpus(12);
    const dir = indexOf(list);
    const segment = fs.readdirSync(dir).find((name) => name.endsWith('.seg'))!;
    const file = path.join(dir, segment);
    const reader = SegmentReader.open(file);
    const [term, list0] = [...reader.allTerms()]
      .map((entry) => [entry.term, entry.fields[0]!] as const)
      .find(([name, first]) => first.count > 0 && processTerm(name) === name)!;
    reader.close();
    const bytes = fs.readFileSync(file);
    bytes.writeUInt32LE(5000, bytes.readUInt32LE(HEADER.postings) + list0.start);
    fs.writeFileSync(file, bytes);
    expect(() => searchIndex(dir, term, { split: (text) => [text], prefix: false, limit: 10 })).toThrow(CorruptIndexError);
    expect(() => searchIndex(dir, term, { split: (text) => [text], prefix: false, limit: 10 })).toThrow(segment);
  });

  it('is exact on a corpus of 600 notes with long posting lists', () => {
    const list = corpus(600);
    const dir = indexOf(list);
    const whole = miniSearchOf(list);
    for (const q of [
      'Can you check how the jwt token rotate works before I change it?',
      'redis queue worker retry backoff retry',
      'Why does the verifyToken helper fail in services/auth?',
      'nothing here matches at all',
    ]) {
      expectIdentical(
        searchIndex(dir, q, { split: tokenizeWords, prefix: false, limit: 10_000 })!,
        whole.search(q, { prefix: false, tokenize: tokenizeWords }),
      );
    }
  });

  it('applies the filter before the limit, in rank order, and returns the stored fields', () => {
    const list = corpus(300);
    const dir = indexOf(list);
    const all = searchIndex(dir, 'redis queue retry', { limit: 10_000 })!;
    const archived = searchIndex(dir, 'redis queue retry', { limit: 5, filter: (hit) => hit.status === 'archived' })!;
    expect(archived).toEqual(all.filter((hit) => hit.status === 'archived').slice(0, 5));
    for (const hit of archived) {
      const doc = list.find((d) => d.id === hit.id)!;
      expect(hit).toMatchObject({ title: doc.title, type: doc.type, path: doc.path, status: doc.status, topic: doc.topic, updated: doc.updated });
    }
  });

  it('answers undefined without an index and nothing for a query with no terms', () => {
    expect(searchIndex(tempDir(), 'jwt', { limit: 5 })).toBeUndefined();
    const dir = indexOf(corpus(20));
    expect(searchIndex(dir, 'the and a', { limit: 5 })).toEqual([]);
  });
});
