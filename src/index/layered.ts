import type { List, ListItem, PhrasingContent, Root, RootContent } from 'mdast';
import { unified } from 'unified';
import remarkStringify from 'remark-stringify';
import { dateOf, timeKey } from '../core/time.js';
import type { CatalogEntry } from './catalog.js';
import { topicFile } from './topic-file.js';

/**
 * Layer 1 (index/<topic>.md), built as markdown syntax trees and rendered with remark. Pure: catalog entries in,
 * markdown text out. Layer 0 (INDEX.md) is the overview: index/overview.ts.
 */

// One frozen processor for every render: a refresh renders a line per changed note.
const processor = unified().use(remarkStringify, { bullet: '-', emphasis: '_', rule: '-', listItemIndent: 'one' }).freeze();
const render = (tree: Root): string => processor.stringify(tree);

const text = (value: string): PhrasingContent => ({ type: 'text', value });
const link = (label: string, url: string): PhrasingContent => ({ type: 'link', url, children: [text(label)] });
const heading = (depth: 1 | 2, value: string): RootContent => ({ type: 'heading', depth, children: [text(value)] });
const paragraph = (...children: PhrasingContent[]): RootContent => ({ type: 'paragraph', children });
const item = (...children: PhrasingContent[]): ListItem => ({ type: 'listItem', spread: false, children: [{ type: 'paragraph', children }] });
const list = (children: ListItem[]): List => ({ type: 'list', ordered: false, spread: false, children });

export const isActive = (entry: CatalogEntry) => entry.status === 'active';
const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;

/** Path of a note relative to `.claude-memory/` (where INDEX.md lives). */
const fromMemoryDir = (entry: CatalogEntry) => entry.path.replace(/^\.claude-memory\//, '');
export { topicFile };

function noteItem(entry: CatalogEntry, base: string): ListItem {
  const meta = [entry.type, dateOf(entry.updated)].filter(Boolean).join(', ');
  const summary = entry.summary && entry.summary !== entry.title ? ` — ${entry.summary}` : '';
  // One text node after the link: remark escapes node by node, and that escaping dominates large topic files.
  return item(link(entry.title, base + fromMemoryDir(entry)), text(` (${meta})${summary}`));
}

/** Newest first, then by id. Keys computed once: a topic of thousands of notes would otherwise parse each per comparison. */
function newestFirst(entries: CatalogEntry[]): CatalogEntry[] {
  return entries
    .map((entry) => ({ entry, time: timeKey(entry.updated) }))
    .sort((a, b) => (a.time !== b.time ? (a.time < b.time ? 1 : -1) : a.entry.id < b.entry.id ? -1 : 1))
    .map(({ entry }) => entry);
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
  const sorted = newestFirst(entries);
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
    paragraph(
      text(`${plural(activeCount, 'active note')}. Generated by claude-memory; edit the notes, not this file. `),
      link('Back to the overview', '../INDEX.md'),
      text('.'),
    ),
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
  const sorted = newestFirst(entries);
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
