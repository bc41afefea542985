import { cacheLayout } from '../cache/layout.js';
import { readCacheFile } from '../cache/read.js';
import type { Arrivals, CatalogEntry } from '../cache/schemas.js';
import { isDateOnly } from '../core/time.js';
import { writeDerivedFile } from '../store/atomic.js';

/**
 * When each note first appeared in this clone, so session start can say what is new since the last session: a note
 * pulled, merged, checked out or written by a session here arrives when a refresh first sees it (the git hooks
 * refresh right after a pull; without them, the next command or session start does). The first index of a clone
 * sees everything at once and calls none of it new. The background half of the git hooks adds, for the notes that
 * need it, the author and time of the note's last commit (git is too slow for session start).
 *
 * `.cache/arrivals.json` is state, not derived: deleting it only means nothing counts as new until the next arrival.
 */

export type { Arrivals };

/** Ids of notes that left the work tree are kept (a branch switched back is not news), up to this many extra. */
const KEEP_ABSENT = 1_000;

export function readArrivals(root: string): Arrivals | undefined {
  return readCacheFile(cacheLayout(root).arrivals, 'arrivals');
}

export function writeArrivals(root: string, arrivals: Arrivals): void {
  writeDerivedFile(cacheLayout(root).arrivals, JSON.stringify(arrivals));
}

/**
 * Pure: arrivals after a refresh saw `ids` at `now` (ms). Without earlier arrivals this is the clone's first index:
 * every note is recorded as already there. Returns `changed: false` when nothing needs writing.
 */
export function noteArrivals(previous: Arrivals | undefined, ids: Iterable<string>, now: number): { arrivals: Arrivals; changed: boolean } {
  const present = new Set(ids);
  if (!previous) {
    const seen: Record<string, number> = {};
    for (const id of present) seen[id] = 0;
    return { arrivals: { since: now, seen, authors: {}, committed: {} }, changed: true };
  }
  let changed = false;
  const seen = { ...previous.seen };
  for (const id of present) {
    if (!Object.prototype.hasOwnProperty.call(seen, id)) {
      seen[id] = now;
      changed = true;
    }
  }
  const known = Object.keys(seen);
  if (known.length > present.size * 2 + KEEP_ABSENT) {
    for (const id of known) if (!present.has(id)) delete seen[id];
    changed = true;
  }
  if (!changed) return { arrivals: previous, changed };
  const keep = (map: Record<string, string>) => Object.fromEntries(Object.entries(map).filter(([id]) => Object.prototype.hasOwnProperty.call(seen, id)));
  return { arrivals: { since: previous.since, seen, authors: keep(previous.authors), committed: keep(previous.committed) }, changed };
}

export interface NoteCommit {
  author: string;
  /** ISO 8601 time of the commit. */
  date: string;
}

/** Pure: arrivals with what git said about some notes (id → their last commit). */
export function withCommits(arrivals: Arrivals, commits: Map<string, NoteCommit>): Arrivals {
  const authors = { ...arrivals.authors };
  const committed = { ...arrivals.committed };
  for (const [id, commit] of commits) {
    if (commit.author) authors[id] = commit.author;
    if (commit.date) committed[id] = commit.date;
  }
  return { ...arrivals, authors, committed };
}

/**
 * Pure: the notes git should be asked about, at most `limit`: notes that arrived here and have no author yet
 * (newest arrival first), then active notes with a bare date and no commit time (so they can be ordered by it).
 */
export function notesNeedingCommits(arrivals: Arrivals, entries: CatalogEntry[], limit = 500): CatalogEntry[] {
  const active = entries.filter((entry) => entry.status === 'active');
  const arrived = active
    .filter((entry) => (arrivals.seen[entry.id] ?? 0) > 0 && !arrivals.authors[entry.id])
    .sort((a, b) => arrivals.seen[b.id]! - arrivals.seen[a.id]!);
  const undated = active.filter((entry) => isDateOnly(entry.updated) && !arrivals.committed[entry.id] && !arrived.includes(entry));
  return [...arrived, ...undated].slice(0, limit);
}
