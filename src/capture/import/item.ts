import type { NoteType } from '../../core/types.js';

/**
 * One thing another memory tool recorded, mapped to what a note needs. The mappers that produce these are pure;
 * the import flow writes them through the store (which redacts) and records `source: { import, ref }` so that a
 * second run recognises what it already brought in.
 */
export interface ImportItem {
  /** Stable key of the item in its source: a file path, a database row. Unique within one source. */
  ref: string;
  title: string;
  type: NoteType;
  body: string;
  topic?: string;
  tags: string[];
  files: string[];
  /** When the source says the item was made (YYYY-MM-DD or an ISO time); the note keeps it as `created`. */
  created?: string;
  /** Names other items may use to link here (`[[name]]` in Obsidian vaults and Claude Code's auto memory). */
  aliases?: string[];
  /** The item's file in its source folder (`guide/intro.md`), so its relative links can be followed. */
  sourceFile?: string;
}

/** Something the mapper left out, and why: reported, never silent. */
export interface ImportSkip {
  ref: string;
  reason: string;
}

export interface ImportBatch {
  /** The source's name, written as `source.import` in each note. */
  source: 'auto-memory' | 'claude-mem' | 'markdown';
  items: ImportItem[];
  skipped: ImportSkip[];
}

const MAX_TITLE_CHARS = 120;

/** A one-line title of bounded length from whatever the source had. */
export function cleanTitle(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > MAX_TITLE_CHARS ? `${line.slice(0, MAX_TITLE_CHARS - 1).trimEnd()}…` : line;
}

/** `my-note_name` → `my note name`, for titles taken from file names. */
export function titleFromName(name: string): string {
  return cleanTitle(name.replace(/\.md$/i, '').replace(/[-_]+/g, ' '));
}

/** Distinct, non-empty, trimmed strings, in first-seen order, at most `limit`. */
export function distinct(values: Iterable<unknown>, limit = 50): string[] {
  const out = new Set<string>();
  for (const value of values) {
    if (out.size >= limit) break;
    if (typeof value === 'string' && value.trim()) out.add(value.trim());
  }
  return [...out];
}

/** The date part of an ISO time or date, when it is one. */
export function isoDate(value: unknown): string | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return new Date(value).toISOString().slice(0, 10);
  if (typeof value !== 'string') return undefined;
  const match = /^(\d{4}-\d{2}-\d{2})/.exec(value.trim());
  return match && !Number.isNaN(Date.parse(match[1]!)) ? match[1] : undefined;
}
