import type { Options, SearchOptions } from 'minisearch';
import { stemmer } from 'stemmer';

/**
 * Text processing shared by indexing and querying. Every option here is part of the index format:
 * change one and bump CACHE_FORMAT (cache/layout.ts) so old caches are rebuilt.
 */

/** `dates` holds the month name and year of the note's creation (index/embeddings/date-words.ts), so "in June" can match. */
export const SEARCH_FIELDS = ['title', 'body', 'tags', 'topic', 'files', 'dates'] as const;
export const STORED_FIELDS = ['title', 'type', 'path', 'status', 'topic', 'updated'] as const;

export interface SearchDoc {
  id: string;
  title: string;
  body: string;
  tags: string;
  topic: string;
  files: string;
  dates: string;
  type: string;
  path: string;
  status: string;
  updated: string;
}

const STOPWORDS = new Set(
  (
    'a about above after again against all am an and any are as at be because been before being below between both ' +
    'but by can could did do does doing down during each few for from further had has have having he her here hers ' +
    'him his how i if in into is it its itself just me more most my no nor not now of off on once only or other our ' +
    'ours out over own same she should so some such than that the their theirs them then there these they this those ' +
    'through to too under until up very was we were what when where which while who whom why will with would you your ' +
    'yours also use used using via per should would shall might must let lets get gets got'
  ).split(' '),
);
// "may" is not a stopword: it is also a month, and keeping it took time-word recall@5 from 0.78 to 0.81 (docs/search.md).

/** Splits on anything that is not a letter or digit, and also on case changes inside identifiers. */
const IDENTIFIER_BOUNDARY = /(?<=\p{Ll})(?=\p{Lu})|(?<=\p{L})(?=\p{N})|(?<=\p{N})(?=\p{L})/u;
/** Cheap test first: only tokens with an inner capital or a digit can have identifier parts. */
const MAYBE_COMPOUND = /.\p{Lu}|\p{N}/u;

/** Words as written, identifiers kept whole: for queries that want the precise signal (prompt-time recall). */
export function tokenizeWords(text: string): string[] {
  return text.split(/[^\p{L}\p{N}]+/u).filter(Boolean);
}

/** The same three for text that is all ASCII, where they split alike and run several times faster. */
const ASCII_ONLY = /^[\x00-\x7f]*$/;
const ASCII_SEPARATOR = /[^A-Za-z0-9]+/;
const ASCII_BOUNDARY = /(?<=[a-z])(?=[A-Z])|(?<=[A-Za-z])(?=[0-9])|(?<=[0-9])(?=[A-Za-z])/;
const ASCII_MAYBE_COMPOUND = /.[A-Z]|[0-9]/;

export function tokenize(text: string): string[] {
  const ascii = ASCII_ONLY.test(text);
  const boundary = ascii ? ASCII_BOUNDARY : IDENTIFIER_BOUNDARY;
  const maybeCompound = ascii ? ASCII_MAYBE_COMPOUND : MAYBE_COMPOUND;
  const out: string[] = [];
  for (const raw of text.split(ascii ? ASCII_SEPARATOR : /[^\p{L}\p{N}]+/u)) {
    if (!raw) continue;
    out.push(raw);
    // camelCase and PascalCase identifiers also match their parts: "verifyToken" → verify, token.
    if (maybeCompound.test(raw)) {
      const parts = raw.split(boundary);
      if (parts.length > 1) out.push(...parts);
    }
  }
  return out;
}

/**
 * A corpus repeats a few thousand distinct words hundreds of thousands of times, so stemming is memoised.
 * Bounded, so a hostile note full of unique words cannot grow it without limit.
 */
const termCache = new Map<string, string | null>();
const TERM_CACHE_MAX = 200_000;

/** Lowercase, drop stopwords and one-letter terms, and stem to a light common root. */
export function processTerm(term: string): string | null {
  const cached = termCache.get(term);
  if (cached !== undefined) return cached;
  const lower = term.toLowerCase();
  const result = lower.length < 2 || lower.length > 40 || STOPWORDS.has(lower) ? null : /^\d+$/.test(lower) ? lower : stemmer(lower);
  if (termCache.size >= TERM_CACHE_MAX) termCache.clear();
  termCache.set(term, result);
  return result;
}

/** Field boosts chosen with the retrieval benchmark (bench/quality.mjs). */
export const FIELD_BOOSTS: Record<string, number> = { title: 2, tags: 2, topic: 1.5, files: 2, body: 1, dates: 1 };

/** Shortest query term matched as a prefix: shorter ones would expand to a large share of the dictionary. */
export const PREFIX_MIN_LENGTH = 4;

export const SEARCH_OPTIONS: SearchOptions = {
  boost: FIELD_BOOSTS,
  prefix: (term: string) => term.length >= PREFIX_MIN_LENGTH,
  fuzzy: false,
  combineWith: 'OR',
};

export const MINISEARCH_OPTIONS: Options<SearchDoc> = {
  fields: [...SEARCH_FIELDS],
  // Stored fields live in the segments, read per hit (search-score.ts), so MiniSearch stores none.
  storeFields: [],
  tokenize,
  processTerm,
  searchOptions: SEARCH_OPTIONS,
  autoVacuum: false,
};
