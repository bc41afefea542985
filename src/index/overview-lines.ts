import { dateOf } from '../core/time.js';
import { slugify } from '../store/id.js';

/**
 * One line per note or topic, as the overview (INDEX.md) and the session-start context list them. Pure, and cheap
 * enough for the session-start hook: string work only, no markdown library. Note text arrives from other people by
 * `git pull`, so each piece is made one line and its markdown characters are escaped: a title cannot end its link,
 * start a heading or spill into the next entry.
 */

/** Titles longer than this are cut: one line of the overview stays short whatever a note's author wrote. */
const MAX_TITLE_CHARS = 100;
const MAX_META_CHARS = 160;

/** Pure: text as one line of plain markdown text: no line breaks or control characters, markup escaped. */
export function inlineText(text: string, max = Infinity): string {
  // eslint-disable-next-line no-control-regex -- control characters are exactly what must go
  let flat = text.replace(/[\u0000-\u001f\u007f\u0085\u2028\u2029]+/g, ' ').replace(/\s+/g, ' ').trim();
  if (flat.length > max) flat = `${flat.slice(0, max - 1).trimEnd()}…`;
  // Enough for one line of text: no emphasis, code span or link can start or end inside it. `<` becomes an entity,
  // so no HTML tag can open, nor the tag the session context is fenced in (retrieve/session-context.ts).
  return flat.replace(/[\\`*[\]]/g, '\\$&').replace(/</g, '&lt;');
}

/** Pure: a repository path as a link target: safe characters kept, anything else percent-encoded. */
export function linkTarget(path: string): string {
  return path.replace(/[^A-Za-z0-9._~/-]/gu, (ch) => {
    if (ch === '(' || ch === ')') return ch === '(' ? '%28' : '%29';
    try {
      return encodeURIComponent(ch);
    } catch {
      return '%EF%BF%BD'; // a lone surrogate: the replacement character
    }
  });
}

export interface LineNote {
  id: string;
  title: string;
  type: string;
  /** Repository-relative path of the note file. */
  path: string;
  updated: string;
  summary: string;
}

export interface LineOptions {
  /** Where links start from: '' for the repository root, '.claude-memory/' for INDEX.md (which lives there). */
  from: 'root' | 'memory';
  /** More facts for the parentheses after the type and date: "by Ann", "about src/a.ts". */
  facts?: string[];
  /** Appended after everything, already one line (a stale tag). */
  tag?: string;
}

const relativePath = (path: string, from: LineOptions['from']) => (from === 'memory' ? path.replace(/^\.claude-memory\//, '') : path);

/**
 * Pure: a note as one list line, full (`- [Title](path) (type, date; facts) — summary tag`) and short (no date, no
 * summary) for when the full line does not fit.
 */
export function noteLines(note: LineNote, options: LineOptions): { full: string; short: string } {
  const link = `[${inlineText(note.title, MAX_TITLE_CHARS) || inlineText(note.id)}](${linkTarget(relativePath(note.path, options.from))})`;
  const type = inlineText(note.type, 20);
  const meta = [type, dateOf(note.updated)].filter(Boolean).join(', ');
  const facts = (options.facts ?? []).map((fact) => inlineText(fact, MAX_META_CHARS)).filter(Boolean);
  const parens = facts.length ? `${meta}; ${facts.join('; ')}` : meta;
  const summary = note.summary && note.summary !== note.title ? ` — ${inlineText(note.summary)}` : '';
  const tag = options.tag ? ` ${options.tag}` : '';
  return { full: `- ${link} (${parens})${summary}${tag}`, short: `- ${link} (${type})${tag}` };
}

/** Path of a topic's layer-1 file, relative to `.claude-memory/`. */
export const topicFile = (topic: string) => `index/${slugify(topic)}.md`;

/** Pure: a topic as one list line with its number of active notes. */
export function topicLine(topic: string, count: number, from: LineOptions['from']): string {
  const file = from === 'memory' ? topicFile(topic) : `.claude-memory/${topicFile(topic)}`;
  return `- [${inlineText(topic, 60)}](${linkTarget(file)}) — ${count} note${count === 1 ? '' : 's'}`;
}
