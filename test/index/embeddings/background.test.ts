import { describe, expect, it } from 'vitest';
import { embeddingsMode, lexicalReason } from '../../../src/index/embeddings/availability.js';
import { RETRY_AFTER_ERROR_MS, embeddingBehind, type EmbedState } from '../../../src/index/embeddings/background.js';

const MODEL = 'use-lite-512@energetic-ai-0.2.0';
const state = (fields: Partial<EmbedState> = {}): EmbedState => ({
  model: MODEL,
  catalog: '1:2',
  notes: 10,
  embedded: 10,
  finishedAt: '2026-06-01T10:00:00.000Z',
  ...fields,
});
const at = Date.parse('2026-06-01T10:00:00.000Z');

describe('whether the background embedding run has work', () => {
  const cases: Array<[string, EmbedState | undefined, boolean, number?]> = [
    ['never ran', undefined, true],
    ['covered this very catalog', state(), false],
    ['the catalog changed since (notes added, edited, pulled)', state({ catalog: '3:4' }), true],
    ['stopped at its deadline with notes left', state({ embedded: 7 }), true],
    ['made with another model', state({ model: 'other@1' }), true],
    ['the model would not load, a minute ago', state({ error: 'damaged', catalog: '0:0', model: 'x' }), false, at + 60_000],
    ['the model would not load, over an hour ago', state({ error: 'damaged' }), true, at + RETRY_AFTER_ERROR_MS],
    ['the model would not load, at a time in the future (clock changed)', state({ error: 'damaged' }), true, at - 1],
    ['the model would not load, at no readable time', state({ error: 'damaged', finishedAt: 'yesterday' }), true],
  ];
  it.each(cases)('%s', (_what, last, behind, now = at) => {
    expect(embeddingBehind({ state: last, catalog: '1:2', model: MODEL, now })).toBe(behind);
  });
});

describe('which search is active', () => {
  it('is hybrid when the packages resolve, lexical when switched off or not installed', () => {
    expect(embeddingsMode({}, () => true)).toBe('hybrid');
    for (const off of ['off', 'OFF', ' 0 ', 'false', 'no', 'lexical']) expect(embeddingsMode({ CLAUDE_MEMORY_EMBEDDINGS: off }, () => true)).toBe('off');
    expect(embeddingsMode({ CLAUDE_MEMORY_EMBEDDINGS: 'on' }, () => false)).toBe('not-installed');
    expect(lexicalReason('off')).toBe('CLAUDE_MEMORY_EMBEDDINGS=off');
  });
});
