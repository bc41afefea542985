import { describe, expect, it } from 'vitest';
import { loadSentenceEmbedder, SENTENCE_MODEL, sentenceModelInstalled } from '../../../src/index/embeddings/embedder.js';
import { dot } from '../../../src/index/embeddings/vectors.js';

describe('sentence embedder', () => {
  it('reports the model as absent when a package cannot be resolved', () => {
    expect(
      sentenceModelInstalled(() => {
        throw new Error('Cannot find module');
      }),
    ).toBe(false);
    expect(sentenceModelInstalled((name) => name)).toBe(true);
  });

  it('resolves to undefined, with the reason, when the packages are missing or not what it expects', async () => {
    const reasons: string[] = [];
    const missing = await loadSentenceEmbedder({
      load: (name) => Promise.reject(new Error(`Cannot find module '${name}'`)),
      onUnavailable: (reason) => reasons.push(reason),
    });
    expect(missing).toBeUndefined();
    const odd = await loadSentenceEmbedder({ load: () => Promise.resolve({}), onUnavailable: (reason) => reasons.push(reason) });
    expect(odd).toBeUndefined();
    expect(reasons).toEqual([`Cannot find module '${SENTENCE_MODEL.packages[0]}'`, 'the sentence model packages do not have the expected exports']);
  });

  it.skipIf(!sentenceModelInstalled())('embeds with the installed model: unit vectors, paraphrases closer than unrelated text', async () => {
    const embedder = (await loadSentenceEmbedder())!;
    expect(embedder.id).toBe(SENTENCE_MODEL.id);
    const [session, paraphrase, unrelated, empty] = await embedder.embed([
      'Redis session store TTL is 24 hours',
      'how long do login sessions stay alive',
      'the PDF worker renders invoices with Chromium',
      '',
    ]);
    for (const v of [session, paraphrase, unrelated, empty]) expect(v).toHaveLength(SENTENCE_MODEL.dimensions);
    expect(dot(session!, session!)).toBeCloseTo(1, 4);
    expect(dot(session!, paraphrase!)).toBeGreaterThan(dot(session!, unrelated!));
    const many = await embedder.embed(Array.from({ length: 70 }, (_, i) => `text number ${i}`));
    expect(many).toHaveLength(70);
  });
});
