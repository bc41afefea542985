/**
 * Notes that hold the same memory, across the whole set: pairs with the same or nearly the same title (lint warns;
 * a teammate's duplicate often arrives by `git pull`), and groups of duplicates to merge (`consolidate`). Pure; the
 * pairs are found through the title words' prefix filter, not by comparing every two notes.
 */
import type { Note } from '../core/types.js';
import { compareNotes, duplicatePairs, similarTitlePairsOf, type Similarity } from './similar.js';

type Comparable = Pick<Note, 'id' | 'title' | 'type' | 'files' | 'body' | 'status' | 'path'>;

const active = <T extends Comparable>(notes: readonly T[]) => notes.filter((note) => note.status === 'active');

/** Pure: active notes whose titles a reader would take for the same one, each pair once, in path order. */
export function similarTitlePairs<T extends Comparable>(notes: readonly T[]): Array<[T, T]> {
  const list = active(notes);
  return similarTitlePairsOf(list.map((note) => note.title))
    .map(([i, j]): [T, T] => (list[i]!.path <= list[j]!.path ? [list[i]!, list[j]!] : [list[j]!, list[i]!]))
    .sort((x, y) => (x[0].path < y[0].path ? -1 : x[0].path > y[0].path ? 1 : x[1].path < y[1].path ? -1 : 1));
}

export interface DuplicateGroup<T> {
  /** The note the others fold into. */
  keep: T;
  /** The notes that duplicate it, each with why. */
  fold: Array<{ note: T; similarity: Similarity }>;
}

/**
 * Pure: groups of active notes that hold the same memory. The note kept is the pinned one, else the oldest (its id is
 * the one other notes and links already use), else the first by path.
 */
export function duplicateGroups<T extends Comparable & Pick<Note, 'created' | 'data'>>(notes: readonly T[]): Array<DuplicateGroup<T>> {
  const list = active(notes);
  const parent = list.map((_, i) => i);
  const find = (i: number): number => {
    let root = i;
    while (parent[root] !== root) root = parent[root]!;
    while (parent[i] !== root) [parent[i], i] = [root, parent[i]!];
    return root;
  };
  const similarity = new Map<string, Similarity>();
  for (const { i, j, similarity: result } of duplicatePairs(list)) {
    similarity.set(`${i},${j}`, result);
    parent[find(j)] = find(i);
  }
  const groups = new Map<number, number[]>();
  list.forEach((_, i) => groups.set(find(i), [...(groups.get(find(i)) ?? []), i]));
  const rank = (note: T) => [note.data?.pinned === true ? 0 : 1, note.created ?? '9999', note.path] as const;
  const out: Array<DuplicateGroup<T>> = [];
  for (const members of groups.values()) {
    if (members.length < 2) continue;
    const sorted = [...members].sort((a, b) => {
      const [ra, rb] = [rank(list[a]!), rank(list[b]!)];
      return ra[0] - rb[0] || (ra[1] < rb[1] ? -1 : ra[1] > rb[1] ? 1 : ra[2] < rb[2] ? -1 : 1);
    });
    const keep = sorted[0]!;
    const fold = sorted
      .slice(1)
      .map((i) => ({ note: list[i]!, similarity: similarity.get(`${Math.min(i, keep)},${Math.max(i, keep)}`) ?? compareNotes(list[keep]!, list[i]!) }));
    out.push({ keep: list[keep]!, fold });
  }
  return out.sort((a, b) => (a.keep.path < b.keep.path ? -1 : 1));
}
