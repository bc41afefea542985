import { describe, expect, it } from 'vitest';
import { isValidId, makeId, randomSuffix, slugify } from '../../src/store/id.js';

describe('slugify', () => {
  it.each([
    ['Auth service signs JWTs with RS256', 'auth-service-signs-jwts-with-rs256'],
    ['  Café crème: déjà vu!  ', 'cafe-creme-deja-vu'],
    ['../../etc/passwd', 'etc-passwd'],
    ['日本語だけ', 'note'],
    ['', 'note'],
    ['a'.repeat(100), 'a'.repeat(48)],
  ])('%j → %j', (title, slug) => expect(slugify(title)).toBe(slug));

  it('cuts long titles at a word boundary', () => {
    const slug = slugify('use the transactional outbox pattern for every billing event we publish to the queue');
    expect(slug.length).toBeLessThanOrEqual(48);
    expect(slug.endsWith('-')).toBe(false);
    expect('use-the-transactional-outbox-pattern-for-every-billing'.startsWith(slug)).toBe(true);
  });
});

describe('ids', () => {
  it('are a slug plus a eight-character base36 suffix', () => {
    expect(makeId('Use pnpm')).toMatch(/^use-pnpm-[0-9a-z]{8}$/);
    expect(randomSuffix(6, Buffer.from([0, 1, 35, 36, 71, 251]))).toBe('01z0zz');
  });

  it('do not repeat across many draws', () => {
    const ids = new Set(Array.from({ length: 5_000 }, () => makeId('same title')));
    expect(ids.size).toBe(5_000);
  });

  it.each([
    ['jwt-rs256-k3f9', true],
    ['Hand_Written.Note', true],
    ['../secrets', false],
    ['a/b', false],
    ['/etc/passwd', false],
    ['', false],
    ['x'.repeat(200), false],
  ])('isValidId(%j) is %s', (id, valid) => expect(isValidId(id)).toBe(valid));
});
