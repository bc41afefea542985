/**
 * The one selection of what the overview shows: the session-start context and INDEX.md both come from it (INDEX.md
 * without the tiers that depend on the branch and the clone). Pure: lines in, lines out, counted in characters
 * (the token estimate is characters / 4, core/tokens.ts), so "within budget" is exact.
 *
 * Tiers go in a fixed priority order, each with a share of the budget. A tier that needs less than its share passes
 * the rest to the next (rolled over, never lost); a second pass then offers whatever is still free to every tier in
 * the same order, first as full lines, then as short ones (no date, no summary). A note appears once, in the first
 * tier that shows it; a note a tier could not fit in its share waits for the next share that rolls over, or for the
 * second pass, and is never taken by a later tier first (a note about a changed file stays in that section). Before
 * any note, room is set aside for the largest topics, so the topic list is never dropped for notes; topics then take
 * what the notes left. The result: a note is left out only when not even its short line fits in what is left.
 */

import { inlineText, joinLines, type Candidates, type LineOptions } from './overview-lines.js';

/** Claude Code replaces hook output over 10,000 characters with a preview and a file path; stay well under. */
export const MAX_OVERVIEW_CHARS = 9_000;

/** Pure: the characters the overview may use for a configured budget (tokens are estimated as characters / 4). */
export const budgetChars = (budgetTokens: number) => Math.max(0, Math.min(Math.floor(budgetTokens) * 4, MAX_OVERVIEW_CHARS));

export type TierKey = 'pinned' | 'changed' | 'new' | 'conventions' | 'decisions' | 'gotchas' | 'threads' | 'recent';

export interface Tier {
  key: TierKey;
  heading: string;
  /** Share of the budget for notes this tier may use in the first pass (plus what earlier tiers left). */
  share: number;
}

/** The priority order. `changed` and `new` exist only at session start (they depend on the branch and the clone). */
export const TIERS: readonly Tier[] = [
  { key: 'pinned', heading: 'Pinned', share: 0.15 },
  { key: 'changed', heading: 'Notes about files changed on this branch', share: 0.2 },
  { key: 'new', heading: 'New since the last session in this clone', share: 0.1 },
  { key: 'conventions', heading: 'Conventions', share: 0.15 },
  { key: 'decisions', heading: 'Recent decisions', share: 0.15 },
  { key: 'gotchas', heading: 'Gotchas', share: 0.1 },
  { key: 'threads', heading: 'Open threads', share: 0.05 },
  { key: 'recent', heading: 'Other recent notes', share: 0.1 },
];

/** Tiers whose every note should reach the session, shortened when room is short. */
const MUST_SHOW: ReadonlySet<TierKey> = new Set(['changed']);
const MUST_SHOW_SHARE = 0.4;

/** The largest topics always listed (room is set aside for them before any note). */
export const MIN_TOPICS = 5;
/** The most of the budget the topic reserve may take, so a small budget still goes mostly to notes. */
const MAX_TOPIC_RESERVE = 0.3;
const TOPICS_HEADING = 'Topics';

export interface SelectItem {
  id: string;
  full: string;
  /** The same note in fewer characters, used when the full line does not fit. */
  short: string;
}

export interface SelectInput {
  /** Candidates per tier, best first; a note may be a candidate of several tiers. */
  tiers: Partial<Record<TierKey, SelectItem[]>>;
  /** Headings that say more than the default (the branch compared against). */
  headings?: Partial<Record<TierKey, string>>;
  /** One line per topic, largest first. */
  topics: string[];
  /** Characters for the sections and the topic list together. */
  budgetChars: number;
}

export interface SelectedSection {
  key: TierKey;
  heading: string;
  lines: string[];
  ids: string[];
}

export interface Selection {
  sections: SelectedSection[];
  topics: string[];
  /** Every note shown, once. */
  ids: string[];
  /** Characters of `renderSelection(selection)`, at most. */
  chars: number;
}

/** A block's heading line, its line break and the blank line that separates it from the previous block. */
const headingCost = (heading: string) => heading.length + 3 + 2;

interface Picked {
  index: number;
  id: string;
  line: string;
}

/** Pure: which notes and topics the overview shows, within `budgetChars`. */
export function selectOverview(input: SelectInput): Selection {
  const budget = Math.max(0, Math.floor(input.budgetChars));
  const headings = (tier: Tier) => input.headings?.[tier.key] ?? tier.heading;
  const shown = new Set<string>();
  const picked = new Map<TierKey, Picked[]>();
  /** First pass: notes a tier could not fit in its share, in priority order, kept for it (never taken by a later tier). */
  const waiting: Array<{ tier: Tier; index: number; item: SelectItem }> = [];
  const waitingIds = new Set<string>();

  let reserve = 0;
  for (const line of input.topics.slice(0, MIN_TOPICS)) reserve += line.length + 1;
  if (reserve) reserve += headingCost(TOPICS_HEADING);
  reserve = Math.min(reserve, Math.floor(budget * MAX_TOPIC_RESERVE));
  const forNotes = budget - reserve;
  let left = forNotes;

  /** Show one note in a tier if one of its forms fits in `room`; returns the characters used (0: it did not fit). */
  const place = (tier: Tier, index: number, item: SelectItem, forms: Array<'full' | 'short'>, room: number): number => {
    const taken = picked.get(tier.key) ?? [];
    const head = taken.length ? 0 : headingCost(headings(tier));
    for (const form of forms) {
      const cost = head + item[form].length + 1;
      if (cost > room) continue;
      taken.push({ index, id: item.id, line: item[form] });
      picked.set(tier.key, taken);
      shown.add(item.id);
      return cost;
    }
    return 0;
  };

  // The shortest line of any candidate: with less room than that, nothing can be placed (saves the hot path the
  // attempts; the outcome is the same).
  let shortest = Infinity;
  for (const items of Object.values(input.tiers)) for (const item of items ?? []) shortest = Math.min(shortest, item.short.length + 1, item.full.length + 1);

  /** Take notes of one tier into at most `room` characters; returns the characters used. */
  const fill = (tier: Tier, room: number, forms: Array<'full' | 'short'>, firstPass: boolean): number => {
    let used = 0;
    const items = input.tiers[tier.key] ?? [];
    for (let index = 0; index < items.length; index++) {
      const item = items[index]!;
      if (shown.has(item.id) || (firstPass && waitingIds.has(item.id))) continue;
      const cost = room - used >= shortest ? place(tier, index, item, forms, room - used) : 0;
      used += cost;
      if (!cost && firstPass) {
        waiting.push({ tier, index, item });
        waitingIds.add(item.id);
      }
      if (!firstPass && room - used < shortest) break;
    }
    return used;
  };

  // First pass: each tier its share, full lines only. What a tier leaves of its share rolls over: first to the notes
  // earlier tiers had to leave waiting (priority order), then to the next tier.
  let carry = 0;
  for (const tier of TIERS) {
    let room = Math.min(carry, left);
    for (const wait of waiting) {
      if (room < shortest) break;
      if (shown.has(wait.item.id)) continue;
      const cost = place(wait.tier, wait.index, wait.item, ['full'], room);
      room -= cost;
      left -= cost;
      carry -= cost;
    }
    const cap = Math.floor(tier.share * forNotes) + carry;
    let used = fill(tier, Math.min(cap, left), MUST_SHOW.has(tier.key) ? ['full', 'short'] : ['full'], true);
    // The branch's notes are the tier a session must see whole: what did not fit in its share is shown by its short
    // line, past the share (up to MUST_SHOW_SHARE of the budget), before any later tier takes its own.
    if (MUST_SHOW.has(tier.key)) {
      for (const wait of waiting) {
        if (wait.tier.key !== tier.key || shown.has(wait.item.id)) continue;
        const room = Math.min(left - used, Math.floor(MUST_SHOW_SHARE * forNotes) - used);
        if (room < shortest) break;
        used += place(tier, wait.index, wait.item, ['short'], room);
      }
    }
    left -= used;
    // What the branch's notes took past their share comes out of what is left overall, not out of the next tier's
    // share: the notes new since the last session must still get theirs.
    carry = Math.max(0, cap - used);
  }
  // Second pass: whatever is left, to every tier in priority order, full lines first, then short ones.
  for (const tier of TIERS) if (left >= shortest) left -= fill(tier, left, ['full', 'short'], false);

  let topicRoom = left + reserve;
  const topics: string[] = [];
  for (const line of input.topics) {
    const cost = line.length + 1 + (topics.length ? 0 : headingCost(TOPICS_HEADING));
    if (cost > topicRoom) break;
    topics.push(line);
    topicRoom -= cost;
  }

  const sections: SelectedSection[] = [];
  for (const tier of TIERS) {
    const taken = picked.get(tier.key);
    if (!taken) continue;
    taken.sort((a, b) => a.index - b.index);
    sections.push({ key: tier.key, heading: headings(tier), lines: taken.map((p) => p.line), ids: taken.map((p) => p.id) });
  }
  return { sections, topics, ids: sections.flatMap((section) => section.ids), chars: budget - topicRoom };
}

/** Pure: the selection as markdown blocks (`## Heading` and its list), separated by blank lines. */
export function renderSelection(selection: Selection): string {
  const blocks = selection.sections.map((section) => [`## ${section.heading}`, ...section.lines].join('\n'));
  if (selection.topics.length) blocks.push([`## ${TOPICS_HEADING}`, ...selection.topics].join('\n'));
  return blocks.join('\n\n');
}

/**
 * Pure: the fullest text within `budget` characters that `compose` makes from a selection budget. The parts around
 * the selection (a footer that counts what was left out) are known only after selecting, so the first attempt sets
 * their worst case aside (`start`), and later attempts give the selection what the last one left unused, or take
 * back what it overran, until less than `enough` is left. Only a text that fits is ever returned (a budget too small
 * for the frame alone gives the frame with nothing selected).
 */
export function fitWithin<T extends { text: string }>(budget: number, start: number, compose: (selectionChars: number) => T, enough = 48): T {
  let chars = Math.max(0, start);
  let best: T | undefined;
  for (let attempt = 0; attempt < 4; attempt++) {
    const result = compose(chars);
    const slack = budget - result.text.length;
    if (slack >= 0 && (!best || result.text.length > best.text.length)) best = result;
    // Done when less than `enough` is left over (no line is that short: another selection would show the same), or
    // when growing overran after a fit (the fit stands: shrinking back would find it again).
    if ((slack >= 0 && slack < enough) || (slack < 0 && best) || chars + slack < 0) break;
    chars += slack;
  }
  return best ?? compose(0);
}

// What the overview says around a selection: its items from the candidates, and what it left out.

const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;
const MAX_FOOTER_TOPICS = 3;
const FOOTER_TOPIC_CHARS = 24;

/** Pure: the selection's items for the tiers that come from the notes alone, each line decorated by `options`. */
export function noteTierItems(candidates: Candidates, options: (id: string) => LineOptions): Partial<Record<TierKey, SelectItem[]>> {
  const out: Partial<Record<TierKey, SelectItem[]>> = {};
  for (const [key, indexes] of Object.entries(candidates.tiers)) {
    out[key as TierKey] = indexes
      .map((index) => candidates.notes[index])
      .filter((note) => note !== undefined)
      .map((note) => ({ id: note.id, ...joinLines(note, options(note.id)) }));
  }
  return out;
}

export interface LeftOut {
  notes: number;
  topics: number;
  /** Topics with the most notes left out, most first. */
  byTopic: Array<[string, number]>;
}

/** Pure: how many notes and topics the selection left out, and in which topics most of those notes are. */
export function leftOut(candidates: Candidates, selection: Selection, topicOf: (id: string) => string | undefined): LeftOut {
  const shownPerTopic = new Map<string, number>();
  for (const id of selection.ids) {
    const topic = topicOf(id);
    if (topic !== undefined) shownPerTopic.set(topic, (shownPerTopic.get(topic) ?? 0) + 1);
  }
  const byTopic = candidates.topics
    .map(([topic, count]): [string, number] => [topic, Math.max(0, count - (shownPerTopic.get(topic) ?? 0))])
    .filter(([, count]) => count > 0)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, MAX_FOOTER_TOPICS);
  return { notes: Math.max(0, candidates.active - selection.ids.length), topics: Math.max(0, candidates.topicCount - selection.topics.length), byTopic };
}

/** Pure: the sentence that says what was left out and where it is; '' when nothing was. */
export function leftOutSentence(left: LeftOut): string {
  if (!left.notes && !left.topics) return '';
  const parts: string[] = [];
  if (left.notes) {
    const where = left.byTopic.length
      ? ` (${left.byTopic.map(([topic, count]) => `${inlineText(topic, FOOTER_TOPIC_CHARS)} ${count}`).join(', ')}${left.notes > left.byTopic.reduce((sum, [, n]) => sum + n, 0) ? ', …' : ''})`
      : '';
    parts.push(`${plural(left.notes, 'more note')}${where}, each listed in .claude-memory/index/<topic>.md`);
  }
  if (left.topics) parts.push(`${plural(left.topics, 'more topic')} in .claude-memory/index/`);
  return `Left out here for room: ${parts.join('; ')}.`;
}
