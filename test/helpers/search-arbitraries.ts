import fc from 'fast-check';
import type { SearchDoc } from '../../src/index/text.js';

/**
 * Random search documents and queries for property tests of the index against MiniSearch. The vocabulary is small
 * and full of traps: words that are prefixes of others (so prefix search expands), stems that collide (caching,
 * cached), camelCase identifiers and digits (split into parts), stopwords, one-letter words, non-ASCII words (UTF-8
 * order differs from UTF-16 order past the BMP), and repeats within a field (term frequency above one).
 */
export const VOCABULARY = [
  'config',
  'configure',
  'configuration',
  'conf',
  'confirm',
  'cache',
  'caching',
  'cached',
  'cacheKey',
  'api',
  'apis',
  'test',
  'tests',
  'testing',
  'retry',
  'retries',
  'backoff',
  'verifyToken',
  'AddQuota',
  'token',
  'tokens',
  'v2',
  'http2',
  '2024',
  '404',
  'the',
  'and',
  'a',
  'x',
  'is',
  'café',
  'naïve',
  'über',
  '東京',
  'дом',
  '𝒳ray',
  'ﬁle',
  'queue',
  'queueing',
  'worker',
  'workers',
  'june',
  'may',
  '2026',
  'deploy',
  'deployment',
  'rollback',
  'roll',
  'jwt',
  'auth',
  'authz',
  'authentication',
] as const;

const word = fc.constantFrom(...VOCABULARY);
const sentence = (max: number) =>
  fc
    .tuple(fc.array(word, { maxLength: max }), fc.array(fc.constantFrom(' ', ', ', '. ', '/', '-', '_', '\n'), { minLength: max, maxLength: max }))
    .map(([words, seps]) => words.map((w, i) => `${w}${seps[i]}`).join(''));

export type DocFields = Omit<SearchDoc, 'id' | 'path'>;

/** One document without its id (ids are assigned by the caller so they are unique). */
export const docFields: fc.Arbitrary<DocFields> = fc.record({
  title: sentence(6),
  body: sentence(40),
  tags: sentence(4),
  topic: fc.constantFrom('api', 'auth', 'cache', 'deploy', ''),
  files: sentence(3),
  dates: fc.constantFrom('june 2026', 'may 2025', 'january 2026', ''),
  type: fc.constantFrom('fact', 'decision', 'gotcha'),
  status: fc.constantFrom('active', 'active', 'active', 'superseded', 'archived'),
  updated: fc.constantFrom('2026-01-01', '2026-02-03', ''),
});

export const docs = (min: number, max: number) =>
  fc.array(docFields, { minLength: min, maxLength: max }).map((list) => list.map((fields, i) => withId(fields, `n${i}`)));

export function withId(fields: DocFields, id: string): SearchDoc {
  return { id, path: `.claude-memory/notes/t/${id}.md`, ...fields };
}

/** A query: a few vocabulary words, sometimes repeated, sometimes cut short (a prefix). */
export const query = fc
  .array(fc.tuple(word, fc.integer({ min: 0, max: 3 })), { minLength: 1, maxLength: 8 })
  .map((parts) => parts.map(([w, cut]) => (cut === 3 && w.length > 4 ? w.slice(0, w.length - 1) : w)).join(' '));
