import type { List, ListItem, PhrasingContent, Root, RootContent } from 'mdast';
import { unified } from 'unified';
import remarkStringify from 'remark-stringify';
import { estimateTokens } from '../core/tokens.js';
import { slugify } from '../store/id.js';
import type { CatalogEntry } from './catalog.js';

/**
 * Layer 0 (INDEX.md) and layer 1 (index/<topic>.md), built as markdown syntax trees and rendered with remark.
 * Pure: catalog entries in, markdown text out.
 */

// One frozen processor for every render: a refresh renders a line per changed note.
const processor = unified().use(remarkStringify, { bullet: '-', emphasis: '_', rule: '-', listItemIndent: 'one' }).freeze();
const render = (tree: Root): string => processor.stringify(tree);

const text = (value: string): PhrasingContent => ({ type: 'text', value });
const code = (value: string): PhrasingContent => ({ type: 'inlineCode', value });
const link = (label: string, url: string): PhrasingContent => ({ type: 'link', url, children: [text(label)] });
const heading = (depth: 1 | 2, value: string): RootContent => ({ type: 'heading', depth, children: [text(value)] });
const paragraph = (...children: PhrasingContent[]): RootContent => ({ type: 'paragraph', children });
const item = (...children: PhrasingContent[]): ListItem => ({ type: 'listItem', spread: false, children: [{ type: 'paragraph', children }] });
const list = (children: ListItem[]): List => ({ type: 'list', ordered: false, spread: false, children });

export const isActive = (entry: CatalogEntry) => entry.status === 'active';
const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;
const byRecent = (a: CatalogEntry, b: CatalogEntry) => (a.updated < b.updated ? 1 : a.updated > b.updated ? -1 : a.id < b.id ? -1 : 1);

/** Path of a note relative to `.claude-memory/` (where INDEX.md lives). */
const fromMemoryDir = (entry: CatalogEntry) => entry.path.replace(/^\.claude-memory\//, '');
export const topicFile = (topic: string) => `index/${slugify(topic)}.md`;

function noteItem(entry: CatalogEntry, base: string): ListItem {
  const meta = [entry.type, entry.updated].filter(Boolean).join(', ');
  const summary = entry.summary && entry.summary !== entry.title ? ` — ${entry.summary}` : '';
  // One text node after the link: remark escapes node by node, and that escaping dominates large topic files.
  return item(link(entry.title, base + fromMemoryDir(entry)), text(` (${meta})${summary}`));
}

interface Tier {
  title: string;
  pick: (entry: CatalogEntry) => boolean;
  /** Share of the budget this tier may use before later tiers get their turn. */
  share: number;
}

const TIERS: Tier[] = [
  { title: 'Pinned', pick: (e) => e.pinned, share: 0.2 },
  { title: 'Conventions', pick: (e) => !e.pinned && e.type === 'convention', share: 0.25 },
  { title: 'Recent decisions', pick: (e) => !e.pinned && e.type === 'decision', share: 0.2 },
  { title: 'Gotchas', pick: (e) => !e.pinned && (e.type === 'gotcha' || e.type === 'bugfix'), share: 0.15 },
  { title: 'Open threads', pick: (e) => !e.pinned && e.type === 'todo', share: 0.05 },
  { title: 'Other recent notes', pick: () => true, share: 0.15 },
];

export interface Layer0Options {
  budgetTokens: number;
  /** Shown in the header so a reader knows what the file is generated from. */
  generated?: string;
}

/**
 * INDEX.md: the most useful notes by priority (pinned and conventions, then recent decisions and gotchas, then
 * the topic list), within the token budget whatever the corpus size, saying what it left out and where it is.
 */
export function buildLayer0(entries: CatalogEntry[], options: Layer0Options): string {
  const active = entries.filter(isActive).sort(byRecent);
  const topics = new Map<string, CatalogEntry[]>();
  for (const entry of active) {
    const list = topics.get(entry.topic) ?? [];
    list.push(entry);
    topics.set(entry.topic, list);
  }
  const inactive = entries.length - active.length;
  const head: RootContent[] = [
    heading(1, 'Project memory'),
    paragraph(
      text(`${plural(active.length, 'active note')} in ${plural(topics.size, 'topic')}`),
      text(inactive ? ` (${inactive} superseded or archived, kept for history). ` : '. '),
      text('Generated from '),
      code('.claude-memory/notes/'),
      text(' by claude-memory; edit the notes, not this file.'),
    ),
  ];
  // Reserve room for the topic list and the footer before spending the budget on notes.
  const budget = options.budgetTokens;
  let used = estimateTokens(render({ type: 'root', children: head })) + 90;
  const sections: RootContent[] = [];
  const shown = new Set<string>();
  const notesBudget = budget * 0.8;
  for (const tier of TIERS) {
    const cap = used + budget * tier.share;
    const items: ListItem[] = [];
    for (const entry of active) {
      if (shown.has(entry.id) || !tier.pick(entry)) continue;
      const node = noteItem(entry, '');
      const cost = estimateTokens(render({ type: 'root', children: [list([node])] }));
      if (used + cost > Math.min(cap, notesBudget)) break;
      items.push(node);
      shown.add(entry.id);
      used += cost;
    }
    if (items.length) {
      sections.push(heading(2, tier.title), list(items));
      used += 4;
    }
  }
  const topicItems: ListItem[] = [];
  const sortedTopics = [...topics.entries()].sort((a, b) => b[1].length - a[1].length || (a[0] < b[0] ? -1 : 1));
  let topicsShown = 0;
  for (const [topic, notes] of sortedTopics) {
    const node = item(link(topic, topicFile(topic)), text(` — ${notes.length} note${notes.length === 1 ? '' : 's'}`));
    const cost = estimateTokens(render({ type: 'root', children: [list([node])] }));
    if (used + cost > budget - 70) break;
    topicItems.push(node);
    used += cost;
    topicsShown++;
  }
  if (topicItems.length) sections.push(heading(2, 'Topics'), list(topicItems));

  const leftOut = active.length - shown.size;
  const footer: PhrasingContent[] = [];
  if (leftOut > 0 || topicsShown < topics.size) {
    footer.push(text(`Left out here: ${plural(leftOut, 'more note')}`));
    if (topicsShown < topics.size) footer.push(text(` and ${plural(topics.size - topicsShown, 'more topic')}`));
    footer.push(text('. '));
  }
  footer.push(text('Deeper: one line per note in '), code('.claude-memory/index/<topic>.md'), text('; search with '), code('claude-memory search "<words>"'), text('.'));
  const tree: Root = { type: 'root', children: [...head, ...sections, paragraph(...footer)] };
  let out = render(tree);
  // The per-line estimates are close but not exact; drop trailing topic lines until the whole fits.
  while (estimateTokens(out) > budget && topicItems.length > 0) {
    topicItems.pop();
    out = render(tree);
  }
  return out;
}

/** index/<topic>.md: one line per note, active first, then history. Links are relative to the index folder. */
/**
 * Rendered list lines of a topic file, keyed by everything a line is made of (see lineKey): a refresh after one
 * changed note renders that note's line and reuses the rest, instead of running remark over thousands of items.
 */
export type TopicLines = Map<string, string>;

const lineKey = (entry: CatalogEntry, base: string) => JSON.stringify([base, entry.path, entry.title, entry.type, entry.updated, entry.summary]);

/** One list item as remark writes it inside a tight list of such items (it depends only on its own content). */
function itemLine(entry: CatalogEntry, base: string): string {
  return render({ type: 'root', children: [list([noteItem(entry, base)])] }).replace(/\n$/, '');
}

/** Past this many lines to render, one remark pass over the whole file is cheaper than one per line. */
const MAX_LINES_ONE_BY_ONE = 32;

/**
 * Layer 1 for one topic. `lines` holds the lines of an earlier render to reuse, so a refresh after one changed note
 * renders one line, not thousands; `used` (when given) receives this render's lines, what to keep for the next.
 * Either way the text is what remark writes for the whole file (a property test compares them).
 */
export function buildTopicIndex(topic: string, entries: CatalogEntry[], lines?: TopicLines, used?: TopicLines): string {
  const sorted = [...entries].sort(byRecent);
  const active = sorted.filter(isActive);
  const history = sorted.filter((entry) => !isActive(entry)).map((entry) => ({ ...entry, type: `${entry.type}, ${entry.status}` }));
  const keys = [...active, ...history].map((entry) => lineKey(entry, '../'));
  const misses = lines ? keys.filter((key) => !lines.has(key)).length : keys.length;
  if (!lines || misses > MAX_LINES_ONE_BY_ONE) {
    const whole = renderTopicIndexWhole(topic, entries);
    if (used) splitLines(whole, topic, active.length, keys, used);
    return whole;
  }
  const lineOf = (entry: CatalogEntry, key: string) => {
    const line = lines.get(key) ?? itemLine(entry, '../');
    used?.set(key, line);
    return line;
  };
  const blocks = [topicHead(topic, active.length)];
  if (active.length) blocks.push(active.map((entry, i) => lineOf(entry, keys[i]!)).join('\n'));
  if (history.length) blocks.push(HISTORY_HEADING, history.map((entry, i) => lineOf(entry, keys[active.length + i]!)).join('\n'));
  return `${blocks.join('\n\n')}\n`;
}

const HISTORY_HEADING = '## Superseded and archived';

function topicHead(topic: string, activeCount: number): string {
  return render({ type: 'root', children: topicHeadNodes(topic, activeCount) }).replace(/\n$/, '');
}

function topicHeadNodes(topic: string, activeCount: number): RootContent[] {
  return [
    heading(1, `Memory: ${topic}`),
    paragraph(text(`${plural(activeCount, 'active note')}. Generated by claude-memory; edit the notes, not this file. `), link('Back to the overview', '../INDEX.md'), text('.')),
  ];
}

/**
 * The lines of a whole render, by item: an item starts with "- " at the start of a line (its own later lines are
 * indented). Fills nothing when the pieces do not line up with the entries.
 */
function splitLines(whole: string, topic: string, activeCount: number, keys: string[], used: TopicLines): void {
  const head = `${topicHead(topic, activeCount)}\n\n`;
  if (!whole.startsWith(head) || !keys.length) return;
  const body = whole.slice(head.length, -1);
  const at = body.indexOf(`\n\n${HISTORY_HEADING}\n\n`);
  const activeBlock = activeCount ? (at < 0 ? body : body.slice(0, at)) : '';
  const historyBlock = at < 0 ? (activeCount ? '' : body.slice(`${HISTORY_HEADING}\n\n`.length)) : body.slice(at + HISTORY_HEADING.length + 4);
  const pieces = [activeBlock, historyBlock].filter(Boolean).flatMap((block) => block.split(/\n(?=- )/));
  if (pieces.length !== keys.length) return;
  keys.forEach((key, i) => used.set(key, pieces[i]!));
}

/** Pure: the whole topic file through remark in one pass. */
export function renderTopicIndexWhole(topic: string, entries: CatalogEntry[]): string {
  const sorted = [...entries].sort(byRecent);
  const active = sorted.filter(isActive);
  const history = sorted.filter((entry) => !isActive(entry));
  const children = topicHeadNodes(topic, active.length);
  if (active.length) children.push(list(active.map((entry) => noteItem(entry, '../'))));
  if (history.length) {
    children.push(heading(2, 'Superseded and archived'));
    children.push(list(history.map((entry) => noteItem({ ...entry, type: `${entry.type}, ${entry.status}` }, '../'))));
  }
  return render({ type: 'root', children });
}
