import { rankBySimilarity } from './vectors.js';
import { namesAMonth } from './date-words.js';

/**
 * Fusing the lexical (BM25) ranking with a dense (embedding) one. Pure: rankings in, ranking out.
 *
 * Score blending won over reciprocal-rank fusion on the labelled set (docs/search.md): RRF gives the dense rank the
 * same say as the lexical one, and the dense ranking of a small model is much worse on literal queries (identifiers,
 * error messages, paths), so RRF cost 0.08–0.11 of literal MRR (dense weight 0.5–1) while blending lost none.
 */

export interface ScoredId {
  id: string;
  score: number;
}

/**
 * Share of the dense signal in the blend, chosen on the literal queries only (the paraphrased ones were kept for
 * reporting): 0.3–0.5 tie on literal MRR; 0.4 is the middle of that plateau.
 */
export const DEFAULT_DENSE_WEIGHT = 0.4;

export interface BlendOptions {
  /** Share of the dense score, 0..1. */
  denseWeight?: number;
  /** How many results to return (all candidates when absent). */
  limit?: number;
  /**
   * A note that only the dense list holds (no query word in it) is kept only when its raw dense score reaches this:
   * the rescaling gives the best note of any query full marks, even a query about nothing in the store.
   */
  denseOnlyFloor?: number;
}

/**
 * Blend of the two rankings. The lexical score is divided by the best lexical score, the dense similarity rescaled to
 * 0..1 between the worst and best dense score in the list, and the two are mixed by `denseWeight`. A note the dense
 * list does not contain (no vector yet: it is embedded in the background) is scored on its lexical part alone, as
 * lexical search would score it, rather than as if its meaning matched nothing; a note only the dense list contains
 * has a lexical part of 0.
 */
export function blendRankings(lexical: readonly ScoredId[], dense: readonly ScoredId[], options: BlendOptions = {}): ScoredId[] {
  const weight = clamp01(options.denseWeight ?? DEFAULT_DENSE_WEIGHT);
  const lexicalMax = Math.max(0, ...lexical.map((hit) => hit.score));
  const denseScores = dense.map((hit) => hit.score);
  const denseMax = Math.max(...denseScores);
  const denseMin = Math.min(...denseScores);
  const denseSpan = denseMax - denseMin;
  const lexicalPart = new Map(lexical.map((hit) => [hit.id, lexicalMax > 0 ? hit.score / lexicalMax : 0]));
  const densePart = new Map(dense.map((hit) => [hit.id, denseSpan > 0 ? (hit.score - denseMin) / denseSpan : 1]));
  const out: ScoredId[] = [];
  const floor = options.denseOnlyFloor ?? -Infinity;
  const raw = new Map(dense.map((hit) => [hit.id, hit.score]));
  for (const id of new Set([...lexicalPart.keys(), ...densePart.keys()])) {
    const l = lexicalPart.get(id);
    const d = densePart.get(id);
    if (l === undefined && raw.get(id)! < floor) continue;
    out.push({ id, score: d === undefined ? (l ?? 0) : (1 - weight) * (l ?? 0) + weight * d });
  }
  return sortAndCut(out, options.limit);
}

/**
 * Reciprocal-rank fusion (sum of weight / (k + rank)), kept for comparison in the benchmark and for callers that only
 * have ranks.
 */
export function reciprocalRankFusion(rankings: ReadonlyArray<readonly ScoredId[]>, weights: readonly number[] = [], k = 60): ScoredId[] {
  const scores = new Map<string, number>();
  rankings.forEach((ranking, which) => {
    const weight = weights[which] ?? 1;
    ranking.forEach((hit, rank) => scores.set(hit.id, (scores.get(hit.id) ?? 0) + weight / (k + rank + 1)));
  });
  return sortAndCut([...scores].map(([id, score]) => ({ id, score })));
}

/** Highest score first; ties keep the order ids were first seen in, so the lexical order breaks them. */
function sortAndCut(hits: ScoredId[], limit?: number): ScoredId[] {
  const sorted = hits
    .map((hit, order) => ({ hit, order }))
    .sort((a, b) => b.hit.score - a.hit.score || a.order - b.order)
    .map((x) => x.hit);
  return limit === undefined ? sorted : sorted.slice(0, Math.max(0, limit));
}

const clamp01 = (x: number) => (Number.isFinite(x) ? Math.min(1, Math.max(0, x)) : DEFAULT_DENSE_WEIGHT);

export interface HybridOptions extends BlendOptions {
  /**
   * The query text. When given and `denseWeight` is not, the weight is `denseWeightFor(query)`: callers pass the query
   * and get the measured configuration without having to remember the month rule.
   */
  query?: string;
}

/**
 * Hybrid ranking for one query: the lexical hits blended with the similarity of every note that has a vector.
 * Scoring 10,000 vectors of 512 dimensions is about 5 million multiply-adds, a few milliseconds.
 *
 * This plain blend is what the labelled set supports (docs/search.md, "Trying to close the gap"): notes embedded as
 * pieces, centred vectors, query prefixes, vocabulary expansion and pseudo-relevance feedback each moved paraphrase
 * recall@5 by about a point either way, and none chosen on one half of the paraphrases beat it on the other half.
 */
export function hybridRanking(
  lexical: readonly ScoredId[],
  queryVector: ArrayLike<number>,
  noteVectors: Iterable<readonly [string, ArrayLike<number>]>,
  options: HybridOptions = {},
): ScoredId[] {
  const { query, ...blend } = options;
  const denseWeight = blend.denseWeight ?? (query === undefined ? undefined : denseWeightFor(query));
  return blendRankings(lexical, rankBySimilarity(queryVector, noteVectors), { ...blend, ...(denseWeight === undefined ? {} : { denseWeight }) });
}

/** The dense weight for one query: halved when the query names a month, which only the lexical date field can match. */
export function denseWeightFor(query: string, base = DEFAULT_DENSE_WEIGHT): number {
  return namesAMonth(query) ? base / 2 : base;
}
