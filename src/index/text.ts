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

const ASCII_ONLY = /^[\x00-\x7f]*$/;

export function tokenize(text: string): string[] {
  const out: string[] = [];
  forEachToken(text, (token) => out.push(token));
  return out;
}

/** tokenize without the array: indexing counts tokens as they come (a long note has thousands). */
export function forEachToken(text: string, visit: (token: string) => void): void {
  if (ASCII_ONLY.test(text)) {
    forEachAsciiToken(text, visit);
    return;
  }
  for (const raw of text.split(/[^\p{L}\p{N}]+/u)) {
    if (!raw) continue;
    visit(raw);
    // camelCase and PascalCase identifiers also match their parts: "verifyToken" → verify, token.
    if (MAYBE_COMPOUND.test(raw)) {
      const parts = raw.split(IDENTIFIER_BOUNDARY);
      if (parts.length > 1) for (const part of parts) visit(part);
    }
  }
}

const OTHER = 0;
const LOWER = 1;
const UPPER = 2;
const DIGIT = 3;

function asciiClass(code: number): number {
  if (code >= 97 && code <= 122) return LOWER;
  if (code >= 65 && code <= 90) return UPPER;
  if (code >= 48 && code <= 57) return DIGIT;
  return OTHER;
}

/**
 * The same split for text that is all ASCII, in one scan of character codes instead of three regular expressions
 * (it was half the time of indexing a long note): a token is a run of letters and digits, cut into parts where a
 * lower-case letter meets a capital or a letter meets a digit. test/index/text.test.ts holds it to the rules above.
 */
function forEachAsciiToken(text: string, visit: (token: string) => void): void {
  const cuts: number[] = [];
  let start = -1;
  let previous = OTHER;
  const emit = (end: number) => {
    visit(text.slice(start, end));
    if (!cuts.length) return;
    let from = start;
    for (const cut of cuts) {
      visit(text.slice(from, cut));
      from = cut;
    }
    visit(text.slice(from, end));
    cuts.length = 0;
  };
  for (let i = 0; i < text.length; i++) {
    const kind = asciiClass(text.charCodeAt(i));
    if (kind === OTHER) {
      if (start >= 0) emit(i);
      start = -1;
    } else if (start < 0) {
      start = i;
    } else if ((previous === LOWER && kind === UPPER) || (previous !== DIGIT) !== (kind !== DIGIT)) {
      cuts.push(i);
    }
    previous = kind;
  }
  if (start >= 0) emit(text.length);
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
