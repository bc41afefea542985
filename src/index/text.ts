import type { Options, SearchOptions } from 'minisearch';
import { stemmer } from 'stemmer';

/**
 * Text processing shared by indexing and querying. Every option here is part of the index format:
 * change one and bump SEARCH_FORMAT so old caches are rebuilt.
 */
export const SEARCH_FORMAT = 3;

export const SEARCH_FIELDS = ['title', 'body', 'tags', 'topic', 'files'] as const;
export const STORED_FIELDS = ['title', 'type', 'path', 'status', 'topic', 'updated'] as const;

export interface SearchDoc {
  id: string;
  title: string;
  body: string;
  tags: string;
  topic: string;
  files: string;
  type: string;
  path: string;
  status: string;
  updated: string;
}

const STOPWORDS = new Set(
  ('a about above after again against all am an and any are as at be because been before being below between both ' +
    'but by can could did do does doing down during each few for from further had has have having he her here hers ' +
    'him his how i if in into is it its itself just me more most my no nor not now of off on once only or other our ' +
    'ours out over own same she should so some such than that the their theirs them then there these they this those ' +
    'through to too under until up very was we were what when where which while who whom why will with would you your ' +
    'yours also use used using via per should would shall may might must let lets get gets got')
    .split(' '),
);

/** Splits on anything that is not a letter or digit, and also on case changes inside identifiers. */
export function tokenize(text: string): string[] {
  const out: string[] = [];
  for (const raw of text.split(/[^\p{L}\p{N}]+/u)) {
    if (!raw) continue;
    out.push(raw);
    // camelCase and PascalCase identifiers also match their parts: "verifyToken" → verify, token.
    const parts = raw.split(/(?<=\p{Ll})(?=\p{Lu})|(?<=\p{L})(?=\p{N})|(?<=\p{N})(?=\p{L})/u);
    if (parts.length > 1) out.push(...parts);
  }
  return out;
}

/** Lowercase, drop stopwords and one-letter terms, and stem to a light common root. */
export function processTerm(term: string): string | null {
  const lower = term.toLowerCase();
  if (lower.length < 2 || lower.length > 40 || STOPWORDS.has(lower)) return null;
  if (/^\d+$/.test(lower)) return lower;
  return stemmer(lower);
}

/** Field boosts chosen with the retrieval benchmark (bench/quality.mjs). */
export const FIELD_BOOSTS: Record<string, number> = { title: 4, tags: 3, topic: 1.5, files: 3, body: 1 };

export const SEARCH_OPTIONS: SearchOptions = {
  boost: FIELD_BOOSTS,
  prefix: (term: string) => term.length >= 4,
  fuzzy: false,
  combineWith: 'OR',
};

export const MINISEARCH_OPTIONS: Options<SearchDoc> = {
  fields: [...SEARCH_FIELDS],
  storeFields: [...STORED_FIELDS],
  tokenize,
  processTerm,
  searchOptions: SEARCH_OPTIONS,
  autoVacuum: false,
};

/** The key of the shard a processed term lives in: its first two characters, so a prefix stays in one shard. */
export function shardKey(term: string): string {
  return Buffer.from(term.slice(0, 2), 'utf8').toString('hex');
}
