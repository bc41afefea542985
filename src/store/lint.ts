import fs from 'node:fs';
import path from 'node:path';
import type { Note, Problem } from '../core/types.js';
import { loadConfig } from '../core/config.js';
import { decodeLinkTarget, isInside, memoryPaths, toRepoPath } from '../core/paths.js';
import { reportSecrets, secretReason } from '../core/redact/index.js';
import { similarTitlePairs } from './near-duplicates.js';
import { loadNotes, saveNote } from './notes.js';
import { noteTimestamp } from '../core/time.js';
import { normalizeTitle } from './similar.js';
import { supersedeCycles, supersedeGraph } from './supersede-graph.js';

const LINK = /\[[^\]\n]*\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g;

/** Pure: problems in the links of one note (relative links that lead nowhere or out of the repository). */
export function linkProblems(note: Note, root: string, exists: (absolute: string) => boolean): Problem[] {
  const problems: Problem[] = [];
  for (const match of note.body.matchAll(LINK)) {
    const target = match[1]!;
    if (/^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith('#') || target.startsWith('/')) continue;
    const file = decodeLinkTarget(target.split('#')[0]!);
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

/**
 * Pure: secrets in a note file's text (front matter and body, as the pre-commit guard sees it, through the same
 * detector): the kind, the line and the line with every finding masked, never any part of a secret.
 */
export function secretProblems(notePath: string, fileText: string): Problem[] {
  return reportSecrets(fileText).map((report) => ({ path: notePath, code: 'secret', reason: secretReason(report), severity: 'error' as const }));
}

function readText(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

/** Pure: notes that replace each other in a circle, so each is hidden behind another. */
export function cycleProblems(notes: Note[]): Problem[] {
  const byId = new Map(notes.map((note) => [note.id, note]));
  return supersedeCycles(supersedeGraph(notes)).map((cycle) => ({
    path: byId.get(cycle[0]!)?.path ?? cycle[0]!,
    code: 'supersede-cycle',
    reason: `supersede links form a cycle: ${[...cycle, cycle[0]].join(' → ')}; make one of these notes active again and remove its supersededBy`,
    severity: 'error' as const,
  }));
}

/** Pure: two active notes with the same or nearly the same title; never merged silently (`consolidate` proposes it). */
export function similarTitleProblems(notes: Note[]): Problem[] {
  return similarTitlePairs(notes).map(([a, b]) => ({
    path: a.path,
    code: 'similar-title',
    reason: `${normalizeTitle(a.title) === normalizeTitle(b.title) ? 'same title as' : 'nearly the same title as'} ${b.path} ("${b.title}"); merge them or tell them apart (claude-memory consolidate proposes merges)`,
    severity: 'warning' as const,
  }));
}

/**
 * Problems with the repository's config.json as the tool reads it (core/config.ts): settings that belong to the
 * machine (ignored), numbers past what a repository may set (clamped), values of the wrong kind, unknown keys, and a
 * file that cannot be used at all. The user's own settings are not the repository's problem and are not reported.
 */
export function configProblems(root: string): Problem[] {
  const file = memoryPaths(root).configFile;
  const shown = toRepoPath(root, file);
  const loaded = loadConfig(file, {});
  const problems: Problem[] = [];
  if (loaded.error) problems.push({ path: shown, code: 'config-unreadable', reason: loaded.error.slice(file.length + 2), severity: 'error' });
  for (const notice of loaded.notices) {
    if (notice.file !== file) continue;
    problems.push({ path: shown, code: `config-${notice.kind}`, reason: notice.message, severity: notice.kind === 'machine-setting' ? 'error' : 'warning' });
  }
  return problems;
}

export interface LintResult {
  problems: Problem[];
  fixed: string[];
  notes: number;
}

/** Every problem in the notes, each naming its file and reason; `fix` writes defaulted fields back. */
export function lintNotes(root: string, options: { fix?: boolean } = {}): LintResult {
  const { notes, problems } = loadNotes(root);
  problems.push(...configProblems(root));
  const ids = new Set(notes.map((note) => note.id));
  const exists = (absolute: string) => fs.existsSync(absolute);
  const fixed: string[] = [];
  for (const note of notes) {
    const fileText = readText(path.join(root, note.path));
    problems.push(...linkProblems(note, root, exists), ...(fileText === undefined ? [] : secretProblems(note.path, fileText)));
    for (const old of note.supersedes) {
      if (!ids.has(old))
        problems.push({ path: note.path, code: 'unknown-supersedes', reason: `supersedes "${old}", which no note has as id`, severity: 'warning' });
    }
    if (options.fix && needsFix(note)) {
      const time = noteTimestamp();
      const { written } = saveNote(root, { ...note, created: note.created ?? time, updated: note.updated ?? note.created ?? time });
      if (written) fixed.push(note.path);
    }
  }
  problems.push(...cycleProblems(notes), ...similarTitleProblems(notes));
  const remaining = options.fix ? problems.filter((problem) => !(fixed.includes(problem.path) && FIXABLE.has(problem.code))) : problems;
  remaining.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { problems: remaining, fixed, notes: notes.length };
}

const FIXABLE = new Set(['no-front-matter', 'missing-title', 'missing-type']);

function needsFix(note: Note): boolean {
  return ['id', 'title', 'type', 'topic', 'status', 'created', 'updated'].some((key) => note.data[key] === undefined);
}
