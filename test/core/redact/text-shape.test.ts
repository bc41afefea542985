import { describe, expect, it } from 'vitest';
import { hasAlphabetRun, looksLikeIdentifier, looksLikeNoteId, looksLikePath, looksLikeSlug, shannonEntropy } from '../../../src/core/redact/text-shape.js';

describe('text shapes that are never secrets', () => {
  it.each([
    ['', 0],
    ['aaaa', 0],
    ['ab', 1],
    ['abcd', 2],
    ['0123456789abcdef', 4],
  ])('shannonEntropy(%j) is %d bits per character', (text, bits) => {
    expect(shannonEntropy(text)).toBeCloseTo(bits, 9);
  });

  it.each([
    ['redis-session-store-ttl-k3f9x2qa', true],
    ['redis-session-store-ttl-k3f9x2qa.md', true],
    ['jwt-k3f9x2qa', true],
    ['12345-k3f9x2qa', false],
    ['Redis-k3f9x2qa', false],
    ['redis-k3f9x2q', false],
    ['-k3f9x2qa', false],
    ['redis_store-k3f9x2qa', false],
  ])('looksLikeNoteId(%j) is %s', (token, expected) => {
    expect(looksLikeNoteId(token)).toBe(expected);
  });

  it.each([
    ['my-package-name', true],
    ['release-notes-2024-01-05', true],
    ['add_user_table', true],
    ['two-parts', false],
    ['xq7-zr9k-pw3m', false],
    ['Mixed-Case-Name', false],
  ])('looksLikeSlug(%j) is %s', (token, expected) => {
    expect(looksLikeSlug(token)).toBe(expected);
  });

  it.each([
    ['src/auth/jwt', true],
    ['node_modules/foo', true],
    ['no-slash-here', false],
    ['aG9sYQ/Zm9vYmFyYmF6cXV4/WGtQcVJ6TG1O', false],
  ])('looksLikePath(%j) is %s', (token, expected) => {
    expect(looksLikePath(token)).toBe(expected);
  });

  it.each([
    ['getUserName', true],
    ['MAX_RETRY_COUNT', true],
    ['claude_memory_index', true],
    ['xQ7zR9kPw3mB', false],
  ])('looksLikeIdentifier(%j) is %s', (token, expected) => {
    expect(looksLikeIdentifier(token)).toBe(expected);
  });

  it.each([
    ['xxABCDEFGHxx', 8, true],
    ['0123456789', 8, true],
    ['0123456', 8, false],
    ['abc', 3, true],
    ['aXbYcZ', 2, false],
  ])('hasAlphabetRun(%j, %d) is %s', (token, run, expected) => {
    expect(hasAlphabetRun(token, run)).toBe(expected);
  });
});
