import fc from 'fast-check';
import type { Arrivals, CatalogEntry } from '../../src/cache/schemas.js';
import { mulberry32 } from './prng.js';

/**
 * Catalog entries of many shapes for the overview tests: a fast-check arbitrary (property tests) and a seeded
 * generator (table tests). Titles, summaries, topics and paths vary in length the way real notes do, types follow a
 * mix, some notes are pinned, superseded or archived, dates come in every form a note may carry.
 */

const TYPES = ['decision', 'convention', 'fact', 'gotcha', 'bugfix', 'howto', 'todo', 'session'] as const;
const WORDS =
  'auth token retry queue deploy build cache schema migration billing invoice webhook gateway worker flaky timeout lockfile pnpm jwt rs256 postgres redis index shard search budget'.split(
    ' ',
  );

export interface CorpusShape {
  notes: number;
  topics: number;
  /** Share of pinned notes. */
  pinned: number;
  /** Share of inactive (superseded or archived) notes. */
  inactive: number;
  /** Types weighted toward one kind, or spread out. */
  typeBias: (typeof TYPES)[number] | 'mixed';
  titleWords: [number, number];
  summaryChars: [number, number];
  seed: number;
}

/** Pure: a corpus of the given shape (the same shape and seed give the same entries). */
export function corpus(shape: CorpusShape): CatalogEntry[] {
  const random = mulberry32(shape.seed);
  const int = (lo: number, hi: number) => lo + Math.floor(random() * (hi - lo + 1));
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)]!;
  const words = (n: number) => Array.from({ length: n }, () => pick(WORDS)).join(' ');
  return Array.from({ length: shape.notes }, (_, i) => {
    const topic = `topic-${Math.floor(Math.pow(random(), 2) * shape.topics)}`;
    const id = `note-${i}-${words(1)}`;
    const title = `${words(int(...shape.titleWords))} ${i}`;
    const day = `2026-${String(int(1, 11)).padStart(2, '0')}-${String(int(1, 28)).padStart(2, '0')}`;
    const form = random();
    const updated =
      form < 0.6
        ? `${day}T${String(int(0, 23)).padStart(2, '0')}:${String(int(0, 59)).padStart(2, '0')}:00Z`
        : form < 0.9
          ? day
          : form < 0.95
            ? `${day}T10:00:00+02:00`
            : '';
    const summaryLength = int(...shape.summaryChars);
    const summary = summaryLength ? `${words(Math.ceil(summaryLength / 7))}`.slice(0, summaryLength) : '';
    const roll = random();
    return {
      id,
      title,
      type: shape.typeBias === 'mixed' || random() < 0.4 ? pick(TYPES) : shape.typeBias,
      topic,
      status: roll < shape.inactive / 2 ? 'superseded' : roll < shape.inactive ? 'archived' : 'active',
      updated,
      path: `.claude-memory/notes/${topic}/${id}.md`,
      summary,
      tags: [],
      files: random() < 0.5 ? [`src/${pick(WORDS)}/${pick(WORDS)}.ts`] : [],
      pinned: random() < shape.pinned,
      tokens: 60,
    };
  });
}

export const shapeArbitrary: fc.Arbitrary<CorpusShape> = fc.record({
  notes: fc.oneof(fc.integer({ min: 0, max: 30 }), fc.integer({ min: 30, max: 600 }), fc.integer({ min: 600, max: 3000 })),
  topics: fc.integer({ min: 1, max: 120 }),
  pinned: fc.constantFrom(0, 0.01, 0.2, 1),
  inactive: fc.constantFrom(0, 0.1, 0.6),
  typeBias: fc.constantFrom(...TYPES, 'mixed' as const),
  titleWords: fc.constantFrom<[number, number]>([1, 3], [3, 10], [10, 25]),
  summaryChars: fc.constantFrom<[number, number]>([0, 0], [20, 140], [120, 140]),
  seed: fc.integer(),
});

/** Pure: arrivals where a share of the notes came after the first index, at times after `since`. */
export function arrivalsFor(entries: CatalogEntry[], share: number, seed: number, since = 1_000_000): Arrivals {
  const random = mulberry32(seed);
  const seen: Record<string, number> = {};
  const authors: Record<string, string> = {};
  for (const entry of entries) {
    const arrived = random() < share;
    seen[entry.id] = arrived ? since + Math.floor(random() * 1_000_000) : 0;
    if (arrived && random() < 0.7) authors[entry.id] = random() < 0.5 ? 'Ann Author' : 'Bob Builder with a rather long name';
  }
  return { since, seen, authors, committed: {} };
}
