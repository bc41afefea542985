import fs from 'node:fs';
import path from 'node:path';
import type { Note, Problem } from '../core/types.js';
import { isInside } from '../core/paths.js';
import { findSecrets } from '../core/redact.js';
import { loadNotes, saveNote } from './notes.js';
import { noteTimestamp } from '../core/time.js';

const LINK = /\[[^\]\n]*\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g;

/** Pure: problems in the links of one note (relative links that lead nowhere or out of the repository). */
export function linkProblems(note: Note, root: string, exists: (absolute: string) => boolean): Problem[] {
  const problems: Problem[] = [];
  for (const match of note.body.matchAll(LINK)) {
    const target = match[1]!;
    if (/^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith('#') || target.startsWith('/')) continue;
    const file = decodeURIComponentSafe(target.split('#')[0]!);
    if (!file) continue;
    const absolute = path.resolve(root, path.dirname(note.path), file);
    if (!isInside(root, absolute)) {
      problems.push({ path: note.path, code: 'link-outside', reason: `link "${target}" leads outside the repository`, severity: 'error' });
    } else if (file.endsWith('.md') && !exists(absolute)) {
      problems.push({ path: note.path, code: 'broken-link', reason: `link "${target}" points to a note that does not exist`, severity: 'error' });
    }
  }
  return problems;
}

function decodeURIComponentSafe(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/** Pure: secrets in a note's text; lint reports the kind and the line, never the secret itself. */
export function secretProblems(note: Note): Problem[] {
  const text = [note.title, note.tags.join(' '), note.files.join(' '), note.body].join('\n');
  return findSecrets(text).map((finding) => ({
    path: note.path,
    code: 'secret',
    reason: `looks like a secret (${finding.kind}) near "${text.slice(Math.max(0, finding.start - 20), finding.start).replace(/\s+/g, ' ')}…"; remove it and rewrite history if it was pushed`,
    severity: 'error' as const,
  }));
}

export interface LintResult {
  problems: Problem[];
  fixed: string[];
  notes: number;
}

/** Every problem in the notes, each naming its file and reason; `fix` writes defaulted fields back. */
export function lintNotes(root: string, options: { fix?: boolean } = {}): LintResult {
  const { notes, problems } = loadNotes(root);
  const ids = new Set(notes.map((note) => note.id));
  const exists = (absolute: string) => fs.existsSync(absolute);
  const fixed: string[] = [];
  for (const note of notes) {
    problems.push(...linkProblems(note, root, exists), ...secretProblems(note));
    for (const old of note.supersedes) {
      if (!ids.has(old)) problems.push({ path: note.path, code: 'unknown-supersedes', reason: `supersedes "${old}", which no note has as id`, severity: 'warning' });
    }
    if (options.fix && needsFix(note)) {
      const time = noteTimestamp();
      const { written } = saveNote(root, { ...note, created: note.created ?? time, updated: note.updated ?? note.created ?? time });
      if (written) fixed.push(note.path);
    }
  }
  const remaining = options.fix
    ? problems.filter((problem) => !(fixed.includes(problem.path) && FIXABLE.has(problem.code)))
    : problems;
  remaining.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { problems: remaining, fixed, notes: notes.length };
}

const FIXABLE = new Set(['no-front-matter', 'missing-title', 'missing-type']);

function needsFix(note: Note): boolean {
  return ['id', 'title', 'type', 'topic', 'status', 'created', 'updated'].some((key) => note.data[key] === undefined);
}
