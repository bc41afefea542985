/**
 * When two notes hold the same memory: normalised titles, shared files and body words. Pure; used before
 * compression creates a note (a duplicate updates the existing one), by `lint` (same or nearly the same titles) and
 * by `consolidate` (proposed merges).
 */

export interface Comparable {
  title: string;
  type?: string;
  files?: readonly string[];
  body?: string;
}

export interface Similarity {
  /** Jaccard similarity of the title words (stop words out, simple plurals folded), 0–1. */
  title: number;
  /** Jaccard similarity of the body words, 0–1. */
  body: number;
  /** Share of the smaller file list found in the other, 0–1 (0 when either has none). */
  files: number;
  /** The titles are equal once case, punctuation and spacing are set aside. */
  sameTitle: boolean;
  /** The two notes hold the same memory: the second should update the first rather than sit beside it. */
  duplicate: boolean;
  /** Why, in a few words, for logs and `consolidate`. */
  reason: string;
}

const STOP = new Set(
  'a an and are as at be been being by can do does for from get gets got has have how in into is it its of on or our so that the their then there this to use used uses using was we were what when where which while why will with session'.split(' '),
);

/** Pure: a title as compared: lowercase words and numbers, markdown and punctuation out, one space between. */
export function normalizeTitle(title: string): string {
  return title
    .toLowerCase()
    .replace(/[`*_~>[\](){}"'“”‘’]/g, ' ')
    .replace(/[^\p{L}\p{N}#./-]+/gu, ' ')
    .replace(/(^|\s)[./-]+|[./-]+(?=\s|$)/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Simple plurals folded to the singular, so "branches" and "branch" match. */
function fold(word: string): string {
  if (word.length > 4 && word.endsWith('ies')) return `${word.slice(0, -3)}y`;
  if (word.length > 4 && /(ch|sh|ss|x|z)es$/.test(word)) return word.slice(0, -2);
  if (word.length > 3 && word.endsWith('s') && !/(ss|us|is)$/.test(word)) return word.slice(0, -1);
  return word;
}

/** Pure: the words of a title that carry meaning. */
export function titleWords(title: string): Set<string> {
  return new Set(normalizeTitle(title).split(' ').filter((w) => w && !STOP.has(w)).map(fold));
}

/** Pure: the words of a body that carry meaning (three letters or more). */
export function bodyWords(body: string): Set<string> {
  const words = normalizeTitle(body.replace(/```[\s\S]*?```/g, ' ')).split(' ');
  return new Set(words.filter((w) => w.length >= 3 && !STOP.has(w)).map(fold));
}

export function jaccard(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (a.size === 0 && b.size === 0) return 0;
  let shared = 0;
  for (const item of a) if (b.has(item)) shared += 1;
  return shared / (a.size + b.size - shared);
}

function fileOverlap(a: readonly string[], b: readonly string[]): number {
  if (!a.length || !b.length) return 0;
  const set = new Set(a);
  const shared = new Set(b.filter((file) => set.has(file))).size;
  return shared / Math.min(new Set(a).size, new Set(b).size);
}

/** Thresholds, chosen so that a rephrased title with the same point merges and a changed decision does not. */
export const NEAR_TITLE = 0.7;
export const SIMILAR_TITLE = 0.8;

/** Pure: whether and how much two notes are the same memory. Symmetric. */
export function compareNotes(a: Comparable, b: Comparable): Similarity {
  const sameTitle = normalizeTitle(a.title) !== '' && normalizeTitle(a.title) === normalizeTitle(b.title);
  const title = sameTitle ? 1 : jaccard(titleWords(a.title), titleWords(b.title));
  const body = jaccard(bodyWords(a.body ?? ''), bodyWords(b.body ?? ''));
  const files = fileOverlap(a.files ?? [], b.files ?? []);
  const sessions = [a.type, b.type].filter((type) => type === 'session').length;
  let duplicate = false;
  let reason = 'different';
  if (sessions === 1) {
    reason = 'a session note and a note of another type';
  } else if (sessions === 2) {
    // Sessions are named after their first prompt: the same words can start different work.
    duplicate = title >= NEAR_TITLE && (body >= 0.5 || (files >= 0.5 && body >= 0.3));
    if (duplicate) reason = `same session title and ${Math.round(body * 100)} % of the body words`;
  } else if (sameTitle) {
    duplicate = true;
    reason = 'same title';
  } else if (title >= NEAR_TITLE && (body >= 0.3 || files >= 0.5)) {
    duplicate = true;
    reason = `nearly the same title (${Math.round(title * 100)} %) and ${body >= 0.3 ? `${Math.round(body * 100)} % of the body words` : 'the same files'}`;
  } else if (title >= 0.5 && body >= 0.6) {
    duplicate = true;
    reason = `similar title and ${Math.round(body * 100)} % of the body words`;
  }
  return { title, body, files, sameTitle, duplicate, reason };
}

/** Pure: two titles a reader would take for the same one (lint's warning). */
export function similarTitles(a: string, b: string): boolean {
  const na = normalizeTitle(a);
  if (!na) return false;
  return na === normalizeTitle(b) || jaccard(titleWords(a), titleWords(b)) >= SIMILAR_TITLE;
}

/** Pure: the existing note `candidate` duplicates most closely, if any. */
export function findDuplicate<T extends Comparable>(candidate: Comparable, existing: readonly T[]): { note: T; similarity: Similarity } | undefined {
  let best: { note: T; similarity: Similarity } | undefined;
  for (const note of existing) {
    const similarity = compareNotes(candidate, note);
    if (!similarity.duplicate) continue;
    const score = similarity.title + similarity.body + similarity.files;
    if (!best || score > best.similarity.title + best.similarity.body + best.similarity.files) best = { note, similarity };
  }
  return best;
}

/**
 * Pure: pairs of items whose title words may have Jaccard similarity ≥ `threshold`, without comparing every pair.
 * Prefix filtering: with words ordered rarest first, two sets that reach the threshold share a word among the first
 * |A| − ⌈t·|A|⌉ + 1 of either, so only items sharing such a word are paired. Items with equal normalised titles are
 * always paired. Pairs are [i, j] with i < j.
 */
export function candidatePairs(titles: readonly string[], threshold = SIMILAR_TITLE): Array<[number, number]> {
  const sets = titles.map((title) => [...titleWords(title)]);
  const frequency = new Map<string, number>();
  for (const words of sets) for (const word of words) frequency.set(word, (frequency.get(word) ?? 0) + 1);
  const index = new Map<string, number[]>();
  const pairs = new Set<string>();
  const out: Array<[number, number]> = [];
  const add = (i: number, j: number) => {
    const key = `${Math.min(i, j)},${Math.max(i, j)}`;
    if (i === j || pairs.has(key)) return;
    pairs.add(key);
    out.push([Math.min(i, j), Math.max(i, j)]);
  };
  const byTitle = new Map<string, number[]>();
  titles.forEach((title, i) => {
    const norm = normalizeTitle(title);
    if (!norm) return;
    for (const j of byTitle.get(norm) ?? []) add(j, i);
    byTitle.set(norm, [...(byTitle.get(norm) ?? []), i]);
  });
  sets.forEach((words, i) => {
    const ordered = [...words].sort((a, b) => frequency.get(a)! - frequency.get(b)! || (a < b ? -1 : 1));
    const prefix = ordered.slice(0, ordered.length - Math.ceil(threshold * ordered.length) + 1);
    for (const word of prefix) {
      const seen = index.get(word) ?? [];
      for (const j of seen) add(j, i);
      seen.push(i);
      index.set(word, seen);
    }
  });
  return out.sort((x, y) => x[0] - y[0] || x[1] - y[1]);
}
