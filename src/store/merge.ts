/**
 * Folding one note's content into another that holds the same memory: what compression does instead of writing a
 * near-duplicate, and what `consolidate --apply` does to the notes it merges. Pure.
 */
import type { Note } from '../core/types.js';
import { bodyWords } from './similar.js';

export interface IncomingNote {
  body?: string;
  tags?: readonly string[];
  files?: readonly string[];
}

/** Most of a line's words already in the body: the line says nothing new. */
const COVERED = 0.8;
export const MAX_MERGED_BODY_CHARS = 2000;

function covered(line: string, words: ReadonlySet<string>): boolean {
  const own = [...bodyWords(line)];
  if (own.length === 0) return true;
  return own.filter((word) => words.has(word)).length / own.length >= COVERED;
}

/** Pure: the lines of `incoming` that add something to `body`, appended while the body stays within `maxChars`. */
export function mergeBodies(body: string, incoming: string, maxChars = MAX_MERGED_BODY_CHARS): string {
  const words = new Set(bodyWords(body));
  let out = body.trim();
  for (const line of incoming
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)) {
    if (covered(line, words)) continue;
    const next = out ? `${out}\n${line}` : line;
    if (next.length > maxChars) break;
    out = next;
    for (const word of bodyWords(line)) words.add(word);
  }
  return out;
}

const union = (a: readonly string[], b: readonly string[] | undefined) => [...new Set([...a, ...(b ?? [])])];

/** Pure: `existing` with what `incoming` adds: tags and files merged, new lines appended, `updated` bumped. */
export function mergeNote(existing: Note, incoming: IncomingNote, date: string): Note {
  return {
    ...existing,
    tags: union(existing.tags, incoming.tags),
    files: union(existing.files, incoming.files),
    body: mergeBodies(existing.body, incoming.body ?? ''),
    updated: date,
  };
}
