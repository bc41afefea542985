/**
 * Note times. The tool writes `created` and `updated` as UTC timestamps to the second (`2026-11-23T10:15:30Z`), so
 * notes of one day keep the order they were written in; notes written by hand may carry a bare date
 * (`2026-11-23`), another ISO 8601 form (an offset, milliseconds) or nothing. Every comparison goes through
 * `timeKey`, which turns any of these into a string that sorts by real time.
 */

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const SECONDS_Z = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;
const MILLIS_Z = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const DATED = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}/;

/** What the tool writes into a note: the time to the second, in UTC. Pure. */
export function noteTimestamp(now = new Date()): string {
  return now.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** True for the timestamps `noteTimestamp` writes (serialize.ts writes them as plain YAML). */
export function isNoteTimestamp(value: string): boolean {
  return SECONDS_Z.test(value);
}

/**
 * Pure: a key that sorts by real time: `YYYY-MM-DDTHH:MM:SS.sssZ` for a time, the bare `YYYY-MM-DD` for a date (it
 * sorts before every time of its own day), '' for anything else (oldest of all).
 */
export function timeKey(value: string | undefined): string {
  if (!value) return '';
  if (DATE.test(value) || MILLIS_Z.test(value)) return value;
  if (SECONDS_Z.test(value)) return `${value.slice(0, 19)}.000Z`;
  if (!DATED.test(value)) return '';
  const ms = Date.parse(value);
  return Number.isFinite(ms) ? new Date(ms).toISOString() : '';
}

/** True when the value carries no time of day (a bare date, or nothing usable). */
export function isDateOnly(value: string | undefined): boolean {
  return timeKey(value).length <= 10;
}

/**
 * Pure: the time to order a note by: its own when it has one; for a bare date (or none), the time of the commit
 * that last changed it, when that commit is of the same day (or the note has no date at all).
 */
export function orderingTime(value: string | undefined, committed?: string): string {
  const own = timeKey(value);
  if (own.length > 10) return own;
  const commit = timeKey(committed);
  if (commit.length > 10 && (!own || commit.startsWith(own))) return commit;
  return own;
}

/** The day of a note time, for display (`2026-11-23`); anything unreadable is shown as it is. */
export function dateOf(value: string | undefined): string {
  const key = timeKey(value);
  return key ? key.slice(0, 10) : (value ?? '');
}

/** Comparator for lists shown newest first, ties broken by id so the order is stable. */
export function newestFirst<T extends { updated?: string; id: string }>(a: T, b: T): number {
  const ka = timeKey(a.updated);
  const kb = timeKey(b.updated);
  if (ka !== kb) return ka < kb ? 1 : -1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}
