import type { CatalogEntry, ContextCandidates } from '../cache/schemas.js';
import { buildCandidates, budgetChars } from './overview-candidates.js';
import { inlineText, noteLines, topicLine, type LineOptions } from './overview-lines.js';
import { fitWithin, renderSelection, selectOverview, type SelectItem, type Selection, type TierKey } from './overview-select.js';

/**
 * The overview without what depends on the branch or the clone: INDEX.md (layer 0) and what an export writes into
 * AGENTS.md. Pure and deterministic: the same notes and budget give the same text. The session-start context
 * (retrieve/session-context.ts) is the same selection with the branch's and the clone's tiers added.
 */

const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;
const MAX_FOOTER_TOPICS = 3;
const FOOTER_TOPIC_CHARS = 24;

/** Pure: the selection's items for the tiers that come from the notes alone, each line decorated by `options`. */
export function noteTierItems(candidates: ContextCandidates, options: (id: string) => LineOptions): Partial<Record<TierKey, SelectItem[]>> {
  const out: Partial<Record<TierKey, SelectItem[]>> = {};
  for (const [key, indexes] of Object.entries(candidates.tiers)) {
    out[key as TierKey] = indexes
      .map((index) => candidates.notes[index])
      .filter((note) => note !== undefined)
      .map((note) => ({ id: note.id, ...noteLines(note, options(note.id)) }));
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
export function leftOut(candidates: ContextCandidates, selection: Selection, topicOf: (id: string) => string | undefined): LeftOut {
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
    const where = left.byTopic.length ? ` (${left.byTopic.map(([topic, count]) => `${inlineText(topic, FOOTER_TOPIC_CHARS)} ${count}`).join(', ')}${left.notes > left.byTopic.reduce((sum, [, n]) => sum + n, 0) ? ', …' : ''})` : '';
    parts.push(`${plural(left.notes, 'more note')}${where}, each listed in .claude-memory/index/<topic>.md`);
  }
  if (left.topics) parts.push(`${plural(left.topics, 'more topic')} in .claude-memory/index/`);
  return `Left out here for room: ${parts.join('; ')}.`;
}

const DEEPER = 'Deeper: one line per note in `.claude-memory/index/<topic>.md`; search with `claude-memory search "<words>"`.';

/** Pure: INDEX.md from the candidates, within `budgetTokens` (estimated as characters / 4). */
export function renderOverview(candidates: ContextCandidates, budgetTokens: number): string {
  const inactive = candidates.inactive ? ` (${candidates.inactive} superseded or archived, kept for history)` : '';
  const head = [
    '# Project memory',
    '',
    `${plural(candidates.active, 'active note')} in ${plural(candidates.topicCount, 'topic')}${inactive}. Generated from \`.claude-memory/notes/\` by claude-memory; edit the notes, not this file.`,
  ].join('\n');
  const tiers = noteTierItems(candidates, () => ({ from: 'memory' }));
  const topics = candidates.topics.map(([topic, count]) => topicLine(topic, count, 'memory'));
  const topicOf = new Map(candidates.notes.map((note) => [note.id, note.topic]));
  const compose = (selectionChars: number) => {
    const selection = selectOverview({ tiers, topics, budgetChars: selectionChars });
    const footer = [leftOutSentence(leftOut(candidates, selection, (id) => topicOf.get(id))), DEEPER].filter(Boolean).join(' ');
    return { text: `${[head, renderSelection(selection), footer].filter(Boolean).join('\n\n')}\n` };
  };
  const budget = budgetChars(budgetTokens);
  return fitWithin(budget, budget - compose(0).text.length - 40, compose).text;
}

/**
 * Pure: the overview of a set of notes (catalog entries) within a budget, for an export: no clone-local facts
 * (arrivals, commit times, stale flags), so the same notes always give the same text.
 */
export function overviewMarkdown(entries: CatalogEntry[], budgetTokens: number): string {
  return renderOverview(buildCandidates(entries, undefined, { budgetTokens, catalogStamp: '', format: 0 }), budgetTokens);
}
