import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { SentenceEmbedder } from '../../../src/index/embeddings/embedder.js';
import { fillVectorCache } from '../../../src/index/embeddings/fill.js';
import { VectorCache } from '../../../src/index/embeddings/vector-cache.js';
import { normalize } from '../../../src/index/embeddings/vectors.js';
import { tempDir } from '../../helpers/temp-repo.js';

/** A stand-in model for the batching logic: a text's vector counts its vowels and consonants. */
function countingEmbedder(): SentenceEmbedder & { calls: string[][] } {
  const calls: string[][] = [];
  return {
    id: 'counting@1',
    dimensions: 2,
    calls,
    embed(texts) {
      calls.push([...texts]);
      return Promise.resolve(texts.map((t) => normalize([(t.match(/[aeiou]/g) ?? []).length + 1, (t.match(/[^aeiou]/g) ?? []).length + 1])));
    },
  };
}

const jobs = Array.from({ length: 23 }, (_, i) => ({ key: `k${i}`, text: `note number ${i}` }));

describe('fillVectorCache', () => {
  it('embeds only what is missing, each key once, in batches, and saves', async () => {
    const embedder = countingEmbedder();
    const file = path.join(tempDir(), 'v.json');
    const cache = VectorCache.load(file, embedder.id, 2);
    cache.set('k0', [1, 0]);
    const result = await fillVectorCache([...jobs, { key: 'k5', text: 'duplicate' }], embedder, cache, { batch: 5 });
    expect(result).toEqual({ embedded: 22, remaining: 0 });
    expect(embedder.calls.map((c) => c.length)).toEqual([5, 5, 5, 5, 2]);
    expect(VectorCache.load(file, embedder.id, 2).size).toBe(23);
    expect((await fillVectorCache(jobs, embedder, cache)).embedded).toBe(0);
  });

  it('stops at the deadline and keeps what it did', async () => {
    const embedder = countingEmbedder();
    const file = path.join(tempDir(), 'v.json');
    let clock = 0;
    const result = await fillVectorCache(jobs, embedder, VectorCache.load(file, embedder.id, 2), {
      batch: 4,
      deadline: 2,
      now: () => clock++,
    });
    expect(result).toEqual({ embedded: 8, remaining: 15 });
    expect(VectorCache.load(file, embedder.id, 2).size).toBe(8);
  });
});
