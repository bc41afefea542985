import { topicLine, type Candidates } from './overview-lines.js';
import { budgetChars, fitWithin, leftOut, leftOutSentence, noteTierItems, renderSelection, selectOverview, type Selection } from './overview-select.js';

/**
 * The overview without what depends on the branch or the clone: INDEX.md (layer 0) and what an export writes into
 * AGENTS.md (overview-candidates.ts overviewMarkdown). Pure and deterministic: the same notes and budget give the
 * same text. The session-start context (retrieve/session-context.ts) is the same selection with the branch's and the
 * clone's tiers added.
 */

const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;
const DEEPER = 'Deeper: one line per note in `.claude-memory/index/<topic>.md`; search with `claude-memory search "<words>"`.';

/** Pure: INDEX.md from the candidates, within `budgetTokens` (estimated as characters / 4). */
export function renderOverview(candidates: Candidates, budgetTokens: number): string {
  const inactive = candidates.inactive ? ` (${candidates.inactive} superseded or archived, kept for history)` : '';
  const head = [
    '# Project memory',
    '',
    `${plural(candidates.active, 'active note')} in ${plural(candidates.topicCount, 'topic')}${inactive}. Generated from \`.claude-memory/notes/\` by claude-memory; edit the notes, not this file.`,
  ].join('\n');
  const tiers = noteTierItems(candidates, () => ({ from: 'memory' }));
  const topics = candidates.topics.map(([topic, count, file]) => topicLine(topic, count, file, 'memory'));
  const topicOf = new Map(candidates.notes.map((note) => [note.id, note.topic]));
  const render = (selection: Selection) => {
    const footer = [leftOutSentence(leftOut(candidates, selection, (id) => topicOf.get(id))), DEEPER].filter(Boolean).join(' ');
    return { text: `${[head, renderSelection(selection), footer].filter(Boolean).join('\n\n')}\n` };
  };
  const budget = budgetChars(budgetTokens);
  const frame = render({ sections: [], topics: [], ids: [], chars: 0 }).text.length;
  return fitWithin(budget, budget - frame - 40, (chars) => render(selectOverview({ tiers, topics, budgetChars: chars }))).text;
}
