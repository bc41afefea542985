/** The note types a memory can have; anything else is a lint finding, not a crash. */
export const NOTE_TYPES = ['decision', 'convention', 'fact', 'gotcha', 'bugfix', 'howto', 'todo', 'session'] as const;
export type NoteType = (typeof NOTE_TYPES)[number];

export const NOTE_STATUSES = ['active', 'superseded', 'archived'] as const;
export type NoteStatus = (typeof NOTE_STATUSES)[number];

/** Any other string: a note may carry a type or status this version does not know (lint reports it). */
type OtherString = string & NonNullable<unknown>;

export interface NoteSource {
  session?: string;
  commit?: string;
  [key: string]: unknown;
}

/**
 * A note as the rest of the program sees it: defaults filled in, body separated.
 * `data` keeps the front matter exactly as read (unknown keys included) so a rewrite preserves it.
 */
export interface Note {
  id: string;
  title: string;
  type: NoteType | OtherString;
  topic: string;
  tags: string[];
  files: string[];
  created?: string;
  updated?: string;
  status: NoteStatus | OtherString;
  supersedes: string[];
  source?: NoteSource;
  body: string;
  /** Path relative to the repository root, with forward slashes. */
  path: string;
  /** The raw front matter as parsed (after safe YAML load), for round-tripping unknown keys. */
  data: Record<string, unknown>;
}

/** What a caller gives to create a note; the store fills in id, dates and defaults. */
export interface NewNote {
  title: string;
  type: NoteType | OtherString;
  body?: string;
  topic?: string;
  tags?: string[];
  files?: string[];
  status?: NoteStatus;
  supersedes?: string[];
  source?: NoteSource;
  /** Extra front matter keys to keep as written. */
  extra?: Record<string, unknown>;
}

/** A problem found in one file: always names the file and the reason. */
export interface Problem {
  path: string;
  reason: string;
  severity: 'error' | 'warning';
  /** Short machine-readable code, e.g. `invalid-yaml`, `missing-title`. */
  code: string;
}

export interface SearchHit {
  id: string;
  title: string;
  type: string;
  path: string;
  score: number;
  topic?: string;
  status?: string;
  updated?: string;
}
