import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { contentKey, EMBEDDING_TEXT_MAX_CHARS, embeddingText } from '../../../src/index/embeddings/note-text.js';

describe('embeddingText', () => {
  it('joins title, tags and the body with its whitespace collapsed', () => {
    expect(embeddingText({ title: 'Redis session store TTL is 24 h', tags: ['redis', 'auth'], body: 'Sessions live\n\nin Redis.' })).toBe(
      'Redis session store TTL is 24 h. redis, auth. Sessions live in Redis.',
    );
    expect(embeddingText({ title: 'Only a title', tags: [], body: '  ' })).toBe('Only a title');
  });

  it('caps the text so one huge note cannot cost unbounded model time', () => {
    const text = embeddingText({ title: 't', tags: [], body: 'word '.repeat(10_000) });
    expect(text.length).toBe(EMBEDDING_TEXT_MAX_CHARS);
  });

  it('reads a long body from its prefix exactly as from the whole body (property)', () => {
    // What the text was before long bodies were read from a prefix: every cached vector key depends on it.
    const whole = (note: { title: string; tags: string[]; body: string }) => {
      const text = [note.title.trim(), note.tags.join(', ').trim(), note.body.replace(/\s+/g, ' ').trim()].filter(Boolean).join('. ');
      return text.slice(0, EMBEDDING_TEXT_MAX_CHARS);
    };
    const piece = fc.oneof(
      fc.constantFrom(' ', '\n', '\n\n', '\t  ', ' '.repeat(3000)),
      fc.string({ minLength: 1, maxLength: 40 }),
      fc.integer({ min: 1990, max: 2010 }).map((n) => 'x'.repeat(n)),
    );
    const body = fc.array(piece, { maxLength: 12 }).map((pieces) => pieces.join(''));
    // The edge a prefix could get wrong: the cap reached only by a trailing space the whole body would trim.
    const edge = { title: '', tags: [], body: 'x'.repeat(EMBEDDING_TEXT_MAX_CHARS - 1) + ' '.repeat(3000) };
    expect(embeddingText(edge)).toBe(whole(edge));
    fc.assert(
      fc.property(
        fc.oneof(fc.constant(''), fc.string({ maxLength: 30 })),
        fc.array(fc.string({ maxLength: 10 }), { maxLength: 2 }),
        body,
        (title, tags, text) => {
          expect(embeddingText({ title, tags, body: text })).toBe(whole({ title, tags, body: text }));
        },
      ),
      { numRuns: 1000, seed: 13 },
    );
  });
});

describe('contentKey', () => {
  it('is stable for a text and differs between texts', () => {
    expect(contentKey('a note')).toBe(contentKey('a note'));
    expect(contentKey('a note')).not.toBe(contentKey('a note.'));
    expect(contentKey('x')).toMatch(/^[A-Za-z0-9_-]{22}$/);
  });
});
