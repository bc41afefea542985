import type { ContextCandidates } from '../cache/schemas.js';
import { fenceField } from '../core/fence.js';
import { dateOf } from '../core/time.js';

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
  // core/fence.ts makes it one line, drops invisible characters and escapes tag-like openings (look-alike brackets
  // too) and entities that could read back as one; then no emphasis, code span or link can start or end inside it,
  // and any `<` left becomes an entity, so nothing can open or close the fence the session context sits in.
  const flat = fenceField(text, Number.isFinite(max) ? max : undefined);
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

/**
 * A note's line, escaped and ready to join: computed when the candidates are written, so session start only joins
 * strings (escaping a few hundred lines there cost more than the rest of the selection).
 */
export interface LineParts {
  /** `[Title](.claude-memory/notes/…)`: the link from the repository root. */
  link: string;
  type: string;
  /** `type, 2026-11-23` (the type alone without a date). */
  meta: string;
  /** ` — First sentence.`, or '' when there is none (or it only repeats the title). */
  summary: string;
}

/** Pure: the escaped parts of a note's line. */
export function lineParts(note: LineNote): LineParts {
  const type = inlineText(note.type, 20);
  const date = dateOf(note.updated);
  return {
    link: `[${inlineText(note.title, MAX_TITLE_CHARS) || inlineText(note.id)}](${linkTarget(note.path)})`,
    type,
    meta: date ? `${type}, ${inlineText(date, 20)}` : type,
    summary: note.summary && note.summary !== note.title ? ` — ${inlineText(note.summary)}` : '',
  };
}

const ROOT_LINK = '](.claude-memory/';

/**
 * Pure: a note as one list line, full (`- [Title](path) (type, date; facts) — summary tag`) and short (no date, no
 * summary) for when the full line does not fit.
 */
export function joinLines(parts: LineParts, options: LineOptions): { full: string; short: string } {
  // INDEX.md lives in .claude-memory/: its links start there.
  const link = options.from === 'memory' && parts.link.includes(ROOT_LINK) ? parts.link.replace(ROOT_LINK, '](') : parts.link;
  const facts = options.facts?.length ? options.facts.map((fact) => inlineText(fact, MAX_META_CHARS)).filter(Boolean) : [];
  const parens = facts.length ? `${parts.meta}; ${facts.join('; ')}` : parts.meta;
  const tag = options.tag ? ` ${options.tag}` : '';
  return { full: `- ${link} (${parens})${parts.summary}${tag}`, short: `- ${link} (${parts.type})${tag}` };
}

/** Pure: `joinLines(lineParts(note), options)`, for notes that come without their parts (the changed-file lookup). */
export function noteLines(note: LineNote, options: LineOptions): { full: string; short: string } {
  return joinLines(lineParts(note), options);
}

/**
 * Pure: a topic as one list line with its number of active notes; `file` is its layer-1 file relative to
 * `.claude-memory/` (index/topic-file.ts, computed when the candidates are written: slugging loads node:crypto's
 * module, too slow for session start).
 */
export function topicLine(topic: string, count: number, file: string, from: LineOptions['from']): string {
  const target = from === 'memory' ? file : `.claude-memory/${file}`;
  return `- [${inlineText(topic, 60)}](${linkTarget(target)}) — ${count} note${count === 1 ? '' : 's'}`;
}

/** One note as the session-start selection takes it: its line's parts, and where it came from. */
export interface CandidateNote extends LineParts {
  id: string;
  topic: string;
  /** When it arrived in this clone (ms since the epoch), for a note that came after the clone's first index. */
  seen?: number;
  author?: string;
}

/**
 * Pure: a record back into a candidate (index/overview-candidates.ts encodeCandidate writes it); undefined when it
 * is not one (the cache is writable by anything).
 */
export function decodeCandidate(record: string): CandidateNote | undefined {
  const [id, topic, link, type, meta, summary, seen, author, ...rest] = record.split('\t');
  if (rest.length || author === undefined || !id || !link) return undefined;
  const note: CandidateNote = { id, topic: topic!, link, type: type!, meta: meta!, summary: summary! };
  const at = Number(seen);
  if (seen && Number.isFinite(at)) note.seen = at;
  if (author) note.author = author;
  return note;
}

/** The candidates file (`.cache/context.json`) with its notes decoded. */
export type Candidates = Omit<ContextCandidates, 'notes'> & { notes: CandidateNote[] };

/** Pure: the file's notes decoded; undefined when a record is not one (the file is then rebuilt). */
export function decodeCandidates(file: ContextCandidates): Candidates | undefined {
  const notes: CandidateNote[] = [];
  for (const record of file.notes) {
    const note = decodeCandidate(record);
    if (!note) return undefined;
    notes.push(note);
  }
  return { ...file, notes };
}
