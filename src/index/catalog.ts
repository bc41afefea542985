import { cutAtBoundary, splitSentences } from '../core/text-cut.js';
import { timeKey } from '../core/time.js';
import type { Note } from '../core/types.js';
import type { CatalogEntry } from '../cache/schemas.js';
import type { SearchDoc } from './text.js';
import { noteDateField } from './embeddings/date-words.js';
import { contentKey, embeddingText } from './embeddings/note-text.js';

/** What the generated indexes need to know of a note, without re-reading it: one entry of the catalog file. */
export type { CatalogEntry };

const SUMMARY_CHARS = 140;

/**
 * First sentence of the body, markdown markers removed, cut to a line between words. `#123` references, file paths
 * and snake_case names are kept as written, and a cut never lands inside a code span, a path or a reference.
 */
export function summarize(body: string): string {
  // Most bodies say their first sentence in the first paragraphs: look there first (a long note's whole body took
  // a tenth of a millisecond to clean and split, a second of a 10,000-note rebuild), and in the whole body only
  // when the first sentence does not end there.
  // Two lengths: most first paragraphs fit the short one, and a miss there costs little.
  for (const max of SUMMARY_SCAN_CHARS) {
    const head = leadingParagraphs(body, max);
    if (head === undefined) continue;
    const fromHead = firstSentence(head);
    if (fromHead.ended || fromHead.sentence.length > SUMMARY_CHARS) return summaryLine(fromHead.sentence);
  }
  return summarizeWhole(body);
}

/** summarize over the whole body: what it answers whenever the leading paragraphs do not settle it. */
export function summarizeWhole(body: string): string {
  return summaryLine(firstSentence(body).sentence);
}

function summaryLine(sentence: string): string {
  // Backticks go after the cut, so the cut can see the spans; the index would only escape them.
  const line = sentence.length > SUMMARY_CHARS ? cutAtBoundary(sentence, SUMMARY_CHARS) : sentence;
  return line.replace(/`/g, '').replace(/\*/g, '').trim();
}

const SUMMARY_SCAN_CHARS = [400, 1_200];

/**
 * Pure: the body up to its last paragraph break before `max` characters, where no code fence or code span is open;
 * undefined when the body is shorter or has no such break.
 */
export function leadingParagraphs(body: string, max: number): string | undefined {
  if (body.length <= max) return undefined;
  for (let cut = body.lastIndexOf('\n\n', max); cut > 0; cut = body.lastIndexOf('\n\n', cut - 1)) {
    const head = body.slice(0, cut);
    if ((head.split('```').length - 1) % 2 === 0 && (head.split('`').length - 1) % 2 === 0) return head;
  }
  return undefined;
}

/** The first sentence of a body with its markdown markers removed, and whether it ended before the text did. */
function firstSentence(body: string): { sentence: string; ended: boolean } {
  const text = body
    .replace(/```[\s\S]*?```/g, ' ')
    .replace(/^#+\s.*$/gm, ' ')
    .replace(/^\s*(?:[-*+>]|\d+\.)\s+/gm, '')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/(^|[^\w`])(\*\*|__|\*|_)(?=\S)([^`\n]+?)(?<=\S)\2(?!\w)/g, '$1$3')
    .replace(/\s+/g, ' ')
    .trim();
  const sentences = splitSentences(text);
  return { sentence: sentences[0] ?? '', ended: sentences.length > 1 };
}

export function catalogEntry(note: Note): CatalogEntry {
  return {
    id: note.id,
    title: note.title,
    type: note.type,
    topic: note.topic,
    status: note.status,
    updated: note.updated ?? note.created ?? '',
    path: note.path,
    summary: summarize(note.body),
    tags: note.tags,
    files: note.files,
    pinned: note.data.pinned === true,
    tokens: Math.ceil((note.title.length + note.body.length + 120) / 4),
    // Where the note's vector is in the vector cache, so a search hit finds it without reading the note.
    embeddingKey: contentKey(embeddingText(note)),
  };
}

export function searchDoc(note: Note): SearchDoc {
  return {
    id: note.id,
    title: note.title,
    body: note.body,
    tags: note.tags.join(' '),
    topic: note.topic,
    files: note.files.join(' '),
    dates: noteDateField(note),
    type: note.type,
    path: note.path,
    status: note.status,
    updated: note.updated ?? note.created ?? '',
  };
}

export interface ListFilter {
  type?: string;
  topic?: string;
  status?: string;
}

/** Pure: the catalog entries a filter keeps, in a stable order (topic, then newest first). */
export function filterCatalog(entries: CatalogEntry[], filter: ListFilter = {}): CatalogEntry[] {
  return entries
    .filter(
      (entry) =>
        (!filter.type || entry.type === filter.type) && (!filter.topic || entry.topic === filter.topic) && (!filter.status || entry.status === filter.status),
    )
    .map((entry) => ({ entry, time: timeKey(entry.updated) }))
    .sort((a, b) =>
      a.entry.topic !== b.entry.topic
        ? a.entry.topic < b.entry.topic
          ? -1
          : 1
        : a.time !== b.time
          ? a.time < b.time
            ? 1
            : -1
          : a.entry.id < b.entry.id
            ? -1
            : 1,
    )
    .map(({ entry }) => entry);
}
