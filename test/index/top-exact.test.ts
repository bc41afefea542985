import MiniSearch from 'minisearch';
import { describe, expect, it } from 'vitest';
import { writeFullIndex } from '../../src/index/search-shards.js';
import { MINISEARCH_OPTIONS, tokenizeWords, type SearchDoc } from '../../src/index/text.js';
import { searchTopExact } from '../../src/index/top-exact.js';
import { corpus } from '../helpers/search-corpus.js';
import { tempDir } from '../helpers/temp-repo.js';

const PROMPTS = [
  'Can you check how the jwt token rotate works before I change it?',
  'redis queue worker retry backoff retry',
  'Why does the verifyToken helper fail in services/auth?',
  'flaky vitest timeout on the CDN cache invalidation',
  'nothing here matches at all',
];

describe('searchTopExact', () => {
  it.each(PROMPTS)('scores %j exactly as MiniSearch does, best first', (prompt) => {
    const docs = corpus(500);
    const dir = tempDir();
    writeFullIndex(dir, docs);
    const whole = new MiniSearch<SearchDoc>(MINISEARCH_OPTIONS);
    whole.addAll(docs);
    const expected = whole.search(prompt, { prefix: false, tokenize: tokenizeWords }).slice(0, 20);
    const got = searchTopExact(dir, prompt, { split: tokenizeWords, limit: 20 })!;
    expect(got.map((hit) => hit.score)).toHaveLength(expected.length);
    got.forEach((hit, i) => {
      expect(hit.score).toBeCloseTo(expected[i]!.score, 9);
      expect(new Set(hit.queryTerms)).toEqual(new Set(expected[i]!.queryTerms));
    });
    // Same notes at each distinct score (ties may come in either order).
    const byScore = (hits: Array<{ id: unknown; score: number }>) => hits.map((h) => `${h.score.toFixed(9)} ${String(h.id)}`).sort();
    const cut = expected.at(-1)?.score ?? 0;
    expect(byScore(got.filter((h) => h.score > cut + 1e-9))).toEqual(byScore(expected.filter((h) => h.score > cut + 1e-9)));
  });

  it('applies the filter before the limit and returns the stored fields', () => {
    const dir = tempDir();
    writeFullIndex(dir, corpus(300));
    const hits = searchTopExact(dir, 'redis queue retry', { limit: 5, filter: (hit) => hit.status === 'archived' })!;
    for (const hit of hits) expect(hit).toMatchObject({ status: 'archived', path: expect.stringContaining('.claude-memory/notes/') });
    // The five best archived notes of the whole ranking: a filter applied after the limit would find fewer or worse.
    const archived = searchTopExact(dir, 'redis queue retry', { limit: 300 })!.filter((hit) => hit.status === 'archived');
    expect(archived.length).toBeGreaterThan(5);
    expect(hits.map((hit) => hit.score.toFixed(9))).toEqual(archived.slice(0, 5).map((hit) => hit.score.toFixed(9)));
  });
});
