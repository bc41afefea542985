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
  'a an and are as at be been being by can do does for from get gets got has have how in into is it its of on or our so that the their then there this to use used uses using was we were what when where which while why will with session'.split(
    ' ',
  ),
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
  return new Set(
    normalizeTitle(title)
      .split(' ')
      .filter((w) => w && !STOP.has(w))
      .map(fold),
  );
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
/** Body similarity at which a similar title (≥ 0.5) is enough. */
export const NEAR_BODY = 0.6;

/** What a comparison reads of a note, computed once per note. */
export interface Features {
  norm: string;
  title: ReadonlySet<string>;
  body: ReadonlySet<string>;
  files: readonly string[];
  type?: string;
}

const cache = new WeakMap<object, Features>();

/** Pure (memoised per object): the features of a note. */
export function features(note: Comparable): Features {
  const cached = cache.get(note);
  if (cached) return cached;
  const value = { norm: normalizeTitle(note.title), title: titleWords(note.title), body: bodyWords(note.body ?? ''), files: note.files ?? [], type: note.type };
  cache.set(note, value);
  return value;
}

/** Pure: whether and how much two notes are the same memory, from their features. Symmetric. */
export function compareFeatures(a: Features, b: Features): Similarity {
  const sameTitle = a.norm !== '' && a.norm === b.norm;
  const title = sameTitle ? 1 : jaccard(a.title, b.title);
  const body = jaccard(a.body, b.body);
  const files = fileOverlap(a.files, b.files);
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
  } else if (title >= 0.5 && body >= NEAR_BODY) {
    duplicate = true;
    reason = `similar title and ${Math.round(body * 100)} % of the body words`;
  }
  return { title, body, files, sameTitle, duplicate, reason };
}

/** Pure: whether and how much two notes are the same memory. Symmetric. */
export function compareNotes(a: Comparable, b: Comparable): Similarity {
  return compareFeatures(features(a), features(b));
}

/** Pure: two titles a reader would take for the same one (lint's warning). */
export function similarTitles(a: string, b: string): boolean {
  const fa = features({ title: a });
  const fb = features({ title: b });
  return fa.norm !== '' && (fa.norm === fb.norm || jaccard(fa.title, fb.title) >= SIMILAR_TITLE);
}

/** Pure: the existing note `candidate` duplicates most closely, if any. */
export function findDuplicate<T extends Comparable>(candidate: Comparable, existing: readonly T[]): { note: T; similarity: Similarity } | undefined {
  const mine = features(candidate);
  let best: { note: T; similarity: Similarity } | undefined;
  for (const note of existing) {
    const similarity = compareFeatures(mine, features(note));
    if (!similarity.duplicate) continue;
    const score = similarity.title + similarity.body + similarity.files;
    if (!best || score > best.similarity.title + best.similarity.body + best.similarity.files) best = { note, similarity };
  }
  return best;
}

/**
 * Pure: calls `visit(i, j)` (i < j) for every two sets that may reach Jaccard similarity ≥ `threshold`, without
 * comparing every pair. Length filter: |A| ≥ t·|B|. Prefix filter: with words ordered rarest first, two sets that
 * reach the threshold share a word among the first |A| − ⌈t·|A|⌉ + 1 of either. Each pair is visited at most once;
 * empty sets are never paired.
 */
export function forEachCandidate(sets: ReadonlyArray<ReadonlySet<string>>, threshold: number, visit: (i: number, j: number) => void): void {
  const frequency = new Map<string, number>();
  for (const set of sets) for (const word of set) frequency.set(word, (frequency.get(word) ?? 0) + 1);
  const index = new Map<string, number[]>();
  const seenBy = new Int32Array(sets.length).fill(-1);
  sets.forEach((set, j) => {
    const ordered = [...set].sort((a, b) => frequency.get(a)! - frequency.get(b)! || (a < b ? -1 : 1));
    const prefix = ordered.slice(0, ordered.length - Math.ceil(threshold * ordered.length) + 1);
    for (const word of prefix) {
      const earlier = index.get(word);
      if (earlier) {
        for (const i of earlier) {
          if (seenBy[i] === j) continue;
          seenBy[i] = j;
          const [small, large] = sets[i]!.size < set.size ? [sets[i]!.size, set.size] : [set.size, sets[i]!.size];
          if (small >= threshold * large) visit(i, j);
        }
        earlier.push(j);
      } else index.set(word, [j]);
    }
  });
}

/** Pure: groups of indexes whose normalised titles are equal (and not empty). */
function equalTitles(all: readonly Features[], visit: (i: number, j: number) => void): void {
  const byTitle = new Map<string, number[]>();
  all.forEach((f, j) => {
    if (!f.norm) return;
    const earlier = byTitle.get(f.norm) ?? [];
    for (const i of earlier) visit(i, j);
    earlier.push(j);
    byTitle.set(f.norm, earlier);
  });
}

/**
 * Pure: pairs [i, j] (i < j) of titles that may have word similarity ≥ `threshold`, plus every pair with equal
 * normalised titles; what lint and consolidate compare instead of every two notes.
 */
export function candidatePairs(titles: readonly string[], threshold = SIMILAR_TITLE): Array<[number, number]> {
  const all = titles.map((title) => features({ title }));
  const keys = new Set<string>();
  const out: Array<[number, number]> = [];
  const add = (i: number, j: number) => {
    const key = `${i},${j}`;
    if (keys.has(key)) return;
    keys.add(key);
    out.push([i, j]);
  };
  equalTitles(all, add);
  forEachCandidate(
    all.map((f) => f.title),
    threshold,
    add,
  );
  return out.sort((x, y) => x[0] - y[0] || x[1] - y[1]);
}

/** Lowest title similarity at which `compareFeatures` can call two notes with different titles duplicates. */
const LOWEST_DUPLICATE_TITLE = 0.5;

/** Pure: pairs of notes, by index, that hold the same memory (verified, not just candidates), each once. */
export function duplicatePairs(notes: readonly Comparable[]): Array<{ i: number; j: number; similarity: Similarity }> {
  const all = notes.map(features);
  const out: Array<{ i: number; j: number; similarity: Similarity }> = [];
  const check = (i: number, j: number) => {
    const similarity = compareFeatures(all[i]!, all[j]!);
    if (similarity.duplicate) out.push({ i, j, similarity });
  };
  // Every duplicate has an equal title or a title similarity of at least 0.5; the cheap title test goes first.
  equalTitles(all, check);
  forEachCandidate(
    all.map((f) => f.title),
    LOWEST_DUPLICATE_TITLE,
    (i, j) => {
      if (all[i]!.norm !== all[j]!.norm && jaccard(all[i]!.title, all[j]!.title) >= LOWEST_DUPLICATE_TITLE) check(i, j);
    },
  );
  return out;
}

/** Pure: pairs of titles, by index, that a reader would take for the same one, each once. */
export function similarTitlePairsOf(titles: readonly string[]): Array<[number, number]> {
  const all = titles.map((title) => features({ title }));
  const out: Array<[number, number]> = [];
  equalTitles(all, (i, j) => out.push([i, j]));
  forEachCandidate(
    all.map((f) => f.title),
    SIMILAR_TITLE,
    (i, j) => {
      if (all[i]!.norm !== all[j]!.norm && jaccard(all[i]!.title, all[j]!.title) >= SIMILAR_TITLE) out.push([i, j]);
    },
  );
  return out;
}
