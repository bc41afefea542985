import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import MiniSearch from 'minisearch';
import { describe, expect, it } from 'vitest';
import { loadWholeIndex } from '../../src/index/search-export.js';
import { searchIndex } from '../../src/index/search-score.js';
import { openIndex, readSearchState, segmentName, writeSegment } from '../../src/index/search-state.js';
import { SegmentBuilder } from '../../src/index/segment-build.js';
import { applyChanges, mergePlan, writeFullIndex } from '../../src/index/search-write.js';
import { MINISEARCH_OPTIONS, SEARCH_FIELDS, SEARCH_OPTIONS, type SearchDoc } from '../../src/index/text.js';
import { docFields, docs, query, withId } from '../helpers/search-arbitraries.js';
import { corpus } from '../helpers/search-corpus.js';
import { tempDir } from '../helpers/temp-repo.js';

/** One update: new or changed documents (by id) and removed ids. */
const update = fc.record({
  upserts: fc.array(fc.tuple(fc.integer({ min: 0, max: 60 }), docFields), { maxLength: 6 }),
  removed: fc.array(fc.integer({ min: 0, max: 60 }), { maxLength: 4 }),
});

describe('writing the search index', () => {
  it('after any sequence of updates, ranks exactly like one MiniSearch holding the live notes in the same order', () => {
    fc.assert(
      fc.property(
        docs(1, 40),
        fc.array(update, { minLength: 1, maxLength: 12 }),
        fc.array(query, { minLength: 1, maxLength: 4 }),
        (initial, updates, queries) => {
          const dir = tempDir();
          writeFullIndex(dir, initial);
          // The order a fresh MiniSearch must see: a changed note leaves its place and joins the end.
          let live = [...initial];
          for (const { upserts, removed } of updates) {
            const changed = [...new Map(upserts.map(([n, fields]) => [`n${n}`, withId(fields, `n${n}`)])).values()];
            const removedIds = removed.map((n) => `n${n}`).filter((id) => !changed.some((doc) => doc.id === id));
            applyChanges(dir, changed, removedIds);
            const gone = new Set([...removedIds, ...changed.map((doc) => doc.id)]);
            live = [...live.filter((doc) => !gone.has(doc.id)), ...changed];
          }
          const whole = new MiniSearch<SearchDoc>(MINISEARCH_OPTIONS);
          whole.addAll(live);
          expect(readSearchState(dir)!.documentCount).toBe(live.length);
          for (const q of queries) {
            const expected = whole.search(q, { prefix: false }).map((hit) => [String(hit.id), hit.score]);
            expect(searchIndex(dir, q, { prefix: false, limit: 1000 })!.map((hit) => [hit.id, hit.score])).toEqual(expected);
            expect(
              searchIndex(dir, q, { limit: 1000 })!
                .map((hit) => hit.id)
                .sort(),
            ).toEqual(
              whole
                .search(q, SEARCH_OPTIONS)
                .map((hit) => String(hit.id))
                .sort(),
            );
          }
          // The whole index as one MiniSearch (what the viewer ships) ranks the same way.
          const exported = loadWholeIndex(dir)!;
          for (const q of queries)
            expect(exported.search(q, { prefix: false }).map((hit) => [String(hit.id), hit.score])).toEqual(
              whole.search(q, { prefix: false }).map((hit) => [String(hit.id), hit.score]),
            );
        },
      ),
      { numRuns: 80, seed: 20261130 },
    );
  });

  it('keeps few segments: a run of one-note updates merges like a binary counter', () => {
    const dir = tempDir();
    const list = corpus(300);
    writeFullIndex(dir, list);
    for (let i = 0; i < 64; i++) applyChanges(dir, [{ ...list[i]!, body: `${list[i]!.body} edit ${i}` }], []);
    const state = readSearchState(dir)!;
    expect(state.segments.length).toBeLessThanOrEqual(8);
    expect(state.documentCount).toBe(300);
    // Only the files the state names (and those of the state before it) are left.
    const files = fs.readdirSync(dir).filter((name) => name.endsWith('.seg'));
    expect(files.length).toBeLessThanOrEqual(2 * state.segments.length + 2);
  });

  it('mergePlan: trailing segments merge while the one before is at most twice their size; mostly deleted ones are compacted', () => {
    const s = (rows: number, live = rows) => ({ rows, live });
    expect(mergePlan([s(1000), s(1)])).toEqual([]);
    expect(mergePlan([s(1000), s(1), s(1)])).toEqual([[1, 3]]);
    expect(mergePlan([s(1000), s(3), s(1)])).toEqual([]);
    expect(mergePlan([s(1000), s(3), s(1), s(1)])).toEqual([[1, 4]]);
    expect(mergePlan([s(1000, 500), s(10)])).toEqual([[0, 1]]);
    expect(mergePlan([s(6), s(4)])).toEqual([[0, 2]]);
    expect(mergePlan([])).toEqual([]);
  });

  it('a writer killed before its state swap leaves the previous index whole, and its files are removed by the next write', () => {
    const dir = tempDir();
    const list = corpus(120);
    writeFullIndex(dir, list);
    const before = searchIndex(dir, 'redis queue retry', { limit: 50 });
    // What a killed writer leaves: a finished segment nobody names, and a temporary file half written.
    const builder = new SegmentBuilder(SEARCH_FIELDS);
    for (const doc of corpus(50, 3)) builder.addDoc({ ...doc, id: `other-${doc.id}` });
    const orphan = segmentName(99, 0);
    writeSegment(dir, orphan, builder.encode());
    const temp = path.join(dir, `.${segmentName(99, 1)}.123.0.tmp`);
    fs.writeFileSync(temp, 'half');
    fs.utimesSync(temp, new Date(Date.now() - 3_600_000), new Date(Date.now() - 3_600_000));
    expect(searchIndex(dir, 'redis queue retry', { limit: 50 })).toEqual(before);
    applyChanges(dir, [], ['note-1']);
    expect(fs.existsSync(path.join(dir, orphan))).toBe(false);
    expect(fs.existsSync(temp)).toBe(false);
  });

  it('a reader that read the previous state still finds its files after one more write', () => {
    const dir = tempDir();
    writeFullIndex(dir, corpus(100));
    const old = openIndex(dir)!;
    applyChanges(dir, [], ['note-2']);
    // The old generation's files are still there: a reader between its two reads is not left without them.
    for (const segment of old.state.segments) expect(fs.existsSync(path.join(dir, segment.file))).toBe(true);
    old.close();
  });

  it('a full build past the segment bound writes several segments, ranked exactly like one', () => {
    const list = corpus(200);
    const one = tempDir();
    const several = tempDir();
    writeFullIndex(one, list);
    writeFullIndex(several, list, { segmentPostings: 1_000 });
    expect(readSearchState(one)!.segments.length).toBe(1);
    expect(readSearchState(several)!.segments.length).toBeGreaterThan(3);
    expect(readSearchState(several)!.averageFieldLength).toEqual(readSearchState(one)!.averageFieldLength);
    for (const q of ['redis queue retry', 'verifyToken', 'cach', 'jwt token rotate']) {
      expect(searchIndex(several, q, { limit: 500 })).toEqual(searchIndex(one, q, { limit: 500 }));
    }
  });
});
