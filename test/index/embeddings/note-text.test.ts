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
});

describe('contentKey', () => {
  it('is stable for a text and differs between texts', () => {
    expect(contentKey('a note')).toBe(contentKey('a note'));
    expect(contentKey('a note')).not.toBe(contentKey('a note.'));
    expect(contentKey('x')).toMatch(/^[A-Za-z0-9_-]{22}$/);
  });
});
