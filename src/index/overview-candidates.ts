import type { Arrivals, CatalogEntry } from '../cache/schemas.js';
import { orderingTime } from '../core/time.js';
import type { ContextCandidates } from '../cache/schemas.js';
import { joinLines, lineParts, type CandidateNote, type Candidates } from './overview-lines.js';
import { budgetChars, type TierKey } from './overview-select.js';
import { renderOverview } from './overview.js';
import { topicFile } from './topic-file.js';

/**
 * What the session-start selection chooses from, computed whenever the catalog changes (refresh) or the background git
 * work learns authors and commit times. Session start cannot afford to read the catalog (about 50 ms at 10,000 notes,
 * more than its whole budget), so each tier's list is cut here to the notes it could ever show: the first ones in
 * its order, until their lines add up to twice the budget. That is enough: a note is skipped in a tier only when
 * another tier shows it, and all the notes shown fit in one budget (as full lines, but for the last few; a property
 * test checks the budget is used over random corpora). Each note is stored once, as one record. Session start reads
 * this file on its hot path, so it is kept small. Pure.
 */

const LIST_FACTOR = 2;
const MIN_LIST = 10;
const MAX_TOPICS = 200;
const MAX_ARRIVAL_TIMES = 2_000;

/** The tiers that come from the notes alone, and which notes each takes. */
export const NOTE_TIERS: ReadonlyArray<[TierKey, (entry: CatalogEntry) => boolean]> = [
  ['pinned', (e) => e.pinned],
  ['conventions', (e) => e.type === 'convention'],
  ['decisions', (e) => e.type === 'decision'],
  ['gotchas', (e) => e.type === 'gotcha' || e.type === 'bugfix'],
  ['threads', (e) => e.type === 'todo'],
  ['recent', () => true],
];

export interface CandidateOptions {
  /** The configured session-start budget; the lists are cut for it (at most overview-select.ts MAX_OVERVIEW_CHARS / 4). */
  budgetTokens: number;
  /** Time and size of the catalog file, so a reader can tell these are current. */
  catalogStamp: string;
  format: number;
  /** Notes left out because they hold conflict markers. */
  conflicts?: string[];
}

/** Pure: the candidates file from the catalog and this clone's arrivals (absent: nothing is new, bare dates as they are). */
export function buildCandidates(entries: CatalogEntry[], arrivals: Arrivals | undefined, options: CandidateOptions): Candidates {
  const active = entries.filter((entry) => entry.status === 'active');
  const time = new Map(active.map((entry) => [entry.id, orderingTime(entry.updated, arrivals?.committed[entry.id])]));
  const byTime = (a: CatalogEntry, b: CatalogEntry) => {
    const ta = time.get(a.id)!;
    const tb = time.get(b.id)!;
    return ta !== tb ? (ta < tb ? 1 : -1) : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
  };
  const sorted = [...active].sort(byTime);
  const limit = budgetChars(options.budgetTokens) * LIST_FACTOR;

  const notes: CandidateNote[] = [];
  const indexOf = new Map<string, number>();
  const add = (entry: CatalogEntry): number => {
    let index = indexOf.get(entry.id);
    if (index === undefined) {
      index = notes.length;
      indexOf.set(entry.id, index);
      const seen = arrivals?.seen[entry.id];
      const author = arrivals?.authors[entry.id];
      notes.push({
        id: entry.id,
        topic: entry.topic,
        ...lineParts(entry),
        ...(seen ? { seen } : {}),
        ...(seen && author ? { author } : {}),
      });
    }
    return index;
  };
  /** The first entries of an ordered list, until their lines pass the limit. */
  const cut = (list: CatalogEntry[]): number[] => {
    const out: number[] = [];
    let chars = 0;
    for (const entry of list) {
      if (chars >= limit && out.length >= MIN_LIST) break;
      const index = add(entry);
      out.push(index);
      chars += joinLines(notes[index]!, { from: 'root' }).full.length + 1;
    }
    return out;
  };

  const tiers: Record<string, number[]> = {};
  for (const [key, pick] of NOTE_TIERS) {
    const list = cut(sorted.filter(pick));
    if (list.length) tiers[key] = list;
  }

  const arrived = active.filter((entry) => (arrivals?.seen[entry.id] ?? 0) > 0).sort((a, b) => arrivals!.seen[b.id]! - arrivals!.seen[a.id]! || byTime(a, b));
  const arrivalList = cut(arrived);

  const topicCounts = new Map<string, number>();
  for (const entry of active) topicCounts.set(entry.topic, (topicCounts.get(entry.topic) ?? 0) + 1);
  const topics = [...topicCounts]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .map(([topic, count]): [string, number, string] => [topic, count, topicFile(topic)]);

  return {
    format: options.format,
    catalog: options.catalogStamp,
    budgetTokens: options.budgetTokens,
    notes,
    tiers,
    arrivals: arrivalList,
    arrivalTimes: arrived.slice(0, MAX_ARRIVAL_TIMES).map((entry) => arrivals!.seen[entry.id]!),
    arrivalsSince: arrivals?.since ?? 0,
    topics: topics.slice(0, MAX_TOPICS),
    topicCount: topics.length,
    active: active.length,
    inactive: entries.length - active.length,
    conflicts: [...(options.conflicts ?? [])].sort(),
  };
}

/**
 * Pure: the overview of a set of notes (catalog entries) within a budget, for an export: no clone-local facts
 * (arrivals, commit times, stale flags), so the same notes always give the same text.
 */
export function overviewMarkdown(entries: CatalogEntry[], budgetTokens: number): string {
  return renderOverview(portableCandidates(entries, budgetTokens), budgetTokens);
}

/** Pure: the candidates of a set of notes without this clone's facts (arrivals, commit times), so any clone gets the same. */
export function portableCandidates(entries: CatalogEntry[], budgetTokens: number): Candidates {
  return buildCandidates(entries, undefined, { budgetTokens, catalogStamp: '', format: 0 });
}

const FIELD = /[\t\r\n]/g;

/** Pure: a candidate as one tab-separated record (the parts are escaped already; the rest loses its tabs). */
function encodeCandidate(note: CandidateNote): string {
  const plain = (text: string) => text.replace(FIELD, ' ');
  return [plain(note.id), plain(note.topic), note.link, note.type, note.meta, note.summary, note.seen ? String(note.seen) : '', plain(note.author ?? '')].join(
    '\t',
  );
}

export const encodeCandidates = (candidates: Candidates): ContextCandidates => ({ ...candidates, notes: candidates.notes.map(encodeCandidate) });
