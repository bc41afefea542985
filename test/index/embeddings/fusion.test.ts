import { describe, expect, it } from 'vitest';
import {
  blendRankings,
  denseWeightFor,
  DEFAULT_DENSE_WEIGHT,
  hybridRanking,
  reciprocalRankFusion,
  type ScoredId,
} from '../../../src/index/embeddings/fusion.js';
import { mulberry32 } from '../../helpers/prng.js';

const ids = (hits: ScoredId[]) => hits.map((hit) => hit.id);
const lexical: ScoredId[] = [
  { id: 'a', score: 10 },
  { id: 'b', score: 6 },
  { id: 'c', score: 2 },
];
const dense: ScoredId[] = [
  { id: 'c', score: 0.9 },
  { id: 'd', score: 0.7 },
  { id: 'b', score: 0.3 },
  { id: 'a', score: 0.1 },
];

function randomRanking(random: () => number, pool: number, size: number, scale: number): ScoredId[] {
  const chosen = new Set<number>();
  while (chosen.size < Math.min(size, pool)) chosen.add(Math.floor(random() * pool));
  return [...chosen].map((n) => ({ id: `n${n}`, score: random() * scale })).sort((x, y) => y.score - x.score);
}

describe('blendRankings', () => {
  it('is the lexical order at weight 0 and the dense order at weight 1 for notes in both lists', () => {
    expect(ids(blendRankings(lexical, dense, { denseWeight: 0 }))).toEqual(['a', 'b', 'c', 'd']);
    expect(ids(blendRankings(lexical, dense, { denseWeight: 1 }))).toEqual(['c', 'd', 'b', 'a']);
  });

  it('lets the dense signal lift a weaker lexical hit past a stronger one', () => {
    // c: lexical 0.2, dense 1; b: lexical 0.6, dense 0.25 → at 0.5 c (0.6) passes b (0.425).
    expect(ids(blendRankings(lexical, dense, { denseWeight: 0.5 })).indexOf('c')).toBeLessThan(
      ids(blendRankings(lexical, dense, { denseWeight: 0.5 })).indexOf('b'),
    );
  });

  it('scores a note without a vector on its lexical part alone', () => {
    const blended = blendRankings([{ id: 'new', score: 5 }, ...lexical], dense, { denseWeight: 0.4 });
    expect(blended.find((hit) => hit.id === 'new')!.score).toBeCloseTo(0.5, 9);
  });

  it('falls back to the lexical order when there is no dense list, and to the dense one without lexical hits', () => {
    expect(ids(blendRankings(lexical, []))).toEqual(['a', 'b', 'c']);
    expect(ids(blendRankings([], dense))).toEqual(['c', 'd', 'b', 'a']);
    expect(blendRankings([], [])).toEqual([]);
  });

  it('cuts to the limit and treats a nonsense weight as the default', () => {
    expect(blendRankings(lexical, dense, { limit: 2 })).toHaveLength(2);
    expect(blendRankings(lexical, dense, { denseWeight: Number.NaN })).toEqual(blendRankings(lexical, dense, { denseWeight: DEFAULT_DENSE_WEIGHT }));
  });

  it('on random rankings returns each candidate once, scored in 0..1, best first', () => {
    const random = mulberry32(7);
    for (let run = 0; run < 300; run++) {
      const l = randomRanking(random, 60, Math.floor(random() * 40), 30);
      const d = randomRanking(random, 60, Math.floor(random() * 60), 2);
      const weight = random();
      const out = blendRankings(l, d, { denseWeight: weight });
      expect(new Set(ids(out))).toEqual(new Set([...ids(l), ...ids(d)]));
      expect(out.length).toBe(new Set([...ids(l), ...ids(d)]).size);
      for (const hit of out) {
        expect(hit.score).toBeGreaterThanOrEqual(0);
        expect(hit.score).toBeLessThanOrEqual(1 + 1e-12);
      }
      for (let i = 1; i < out.length; i++) expect(out[i - 1]!.score).toBeGreaterThanOrEqual(out[i]!.score);
    }
  });
});

describe('reciprocalRankFusion', () => {
  it('sums weight / (k + rank) over the rankings', () => {
    const fused = reciprocalRankFusion([lexical, dense], [1, 0.5], 60);
    const c = fused.find((hit) => hit.id === 'c')!;
    expect(c.score).toBeCloseTo(1 / 63 + 0.5 / 61, 12);
    expect(ids(fused)[0]).toBe('a');
  });
});

describe('hybridRanking', () => {
  it('scores every note vector against the query and blends with the lexical hits', () => {
    const out = hybridRanking(
      [
        { id: 'x', score: 1 },
        { id: 'y', score: 0.9 },
      ],
      [0, 1],
      [
        ['x', [1, 0]],
        ['y', [0, 1]],
        ['z', [0.6, 0.8]],
      ],
      { denseWeight: 0.5 },
    );
    expect(ids(out)).toEqual(['y', 'x', 'z']);
  });

  it('takes the dense weight from the query when given one: halved when it names a month, an explicit weight wins', () => {
    // x: lexical 1, dense 0; y: lexical 0.7, dense 1. y passes x once the dense weight exceeds 0.3 / 1.3 ≈ 0.23.
    const hits = [
      { id: 'x', score: 10 },
      { id: 'y', score: 7 },
    ];
    const vectors: Array<[string, number[]]> = [
      ['x', [1, 0]],
      ['y', [0, 1]],
    ];
    expect(ids(hybridRanking(hits, [0, 1], vectors, { query: 'how do we keep sessions alive' }))).toEqual(['y', 'x']);
    expect(ids(hybridRanking(hits, [0, 1], vectors, { query: 'what we decided in June' }))).toEqual(['x', 'y']);
    expect(ids(hybridRanking(hits, [0, 1], vectors, { query: 'what we decided in June', denseWeight: 0.4 }))).toEqual(['y', 'x']);
    expect(hybridRanking(hits, [0, 1], vectors)).toEqual(hybridRanking(hits, [0, 1], vectors, { denseWeight: DEFAULT_DENSE_WEIGHT }));
  });
});

describe('denseWeightFor', () => {
  it('halves the dense weight when the query names a month', () => {
    expect(denseWeightFor('payment bugs fixed in August')).toBe(DEFAULT_DENSE_WEIGHT / 2);
    expect(denseWeightFor('how do we keep sessions alive')).toBe(DEFAULT_DENSE_WEIGHT);
  });
});

describe('the floor for notes only the dense list holds', () => {
  it('keeps a dense-only note at or above it, drops one below it, and never drops a note the words found', () => {
    const words: ScoredId[] = [{ id: 'w', score: 3 }];
    const meaning: ScoredId[] = [
      { id: 'close', score: 0.55 },
      { id: 'edge', score: 0.4 },
      { id: 'far', score: 0.1 },
      { id: 'w', score: 0.05 },
    ];
    expect(ids(blendRankings(words, meaning, { denseOnlyFloor: 0.4 }))).toEqual(['w', 'close', 'edge']);
    expect(ids(blendRankings(words, meaning))).toEqual(['w', 'close', 'edge', 'far']);
    expect(
      ids(
        hybridRanking(
          [],
          [1, 0],
          [
            ['x', [0.3, Math.sqrt(0.91)]],
            ['y', [0.9, Math.sqrt(0.19)]],
          ],
          { denseOnlyFloor: 0.5 },
        ),
      ),
    ).toEqual(['y']);
  });
});
