import path from 'node:path';
import type { Note } from '../core/types.js';
import { MEMORY_DIR } from '../core/paths.js';
import { parseNote } from '../store/parse.js';
import { readBlobs } from './blobs.js';
import { defaultBranch } from './default-branch.js';
import { assertRevision, gitAt, gitText } from './exec.js';
import { parseNameStatus } from './parse.js';

/** What happened to the notes between two commits, for a pull request description or comment. */

export interface ReviewEntry {
  id: string;
  title: string;
  type: string;
  topic: string;
  status: string;
  path: string;
  /** Path before a rename. */
  previousPath?: string;
  /** Front matter keys (and `body`, `path`) that differ, for changed, superseded and archived notes. */
  fields?: string[];
  supersededBy?: string;
  reason?: string;
}

export interface Review {
  added: ReviewEntry[];
  changed: ReviewEntry[];
  superseded: ReviewEntry[];
  archived: ReviewEntry[];
  deleted: ReviewEntry[];
}

/** One note file's change, with the text of both sides (undefined where the side does not exist). */
export interface NoteChange {
  status: string;
  from: string;
  to: string;
  before?: string;
  after?: string;
}

const SECTIONS = ['added', 'changed', 'superseded', 'archived', 'deleted'] as const;

function readSide(text: string | undefined, file: string): Note | undefined {
  if (text === undefined) return undefined;
  return parseNote(text, file, path.posix.basename(file, '.md')).note;
}

/** A file that no longer parses is still reported, under its file name. */
function placeholder(file: string): Note {
  const id = path.posix.basename(file, '.md');
  return { id, title: id, type: 'unknown', topic: '', tags: [], files: [], status: 'unknown', supersedes: [], body: '', path: file, data: {} };
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** Pure: names of the fields that differ between two versions of a note. */
export function changedFields(before: Note, after: Note): string[] {
  const keys = [...new Set([...Object.keys(before.data), ...Object.keys(after.data)])];
  const fields = keys.filter((key) => !same(before.data[key], after.data[key]));
  if (before.body !== after.body) fields.push('body');
  if (before.path !== after.path) fields.push('path');
  return fields;
}

function entryOf(note: Note, extra: Partial<ReviewEntry> = {}): ReviewEntry {
  return { id: note.id, title: note.title, type: note.type, topic: note.topic, status: note.status, path: note.path, ...extra };
}

/** Pure: classify note changes (from git's name-status with renames, plus both sides' text). */
export function classifyChanges(changes: NoteChange[]): Review {
  const review: Review = { added: [], changed: [], superseded: [], archived: [], deleted: [] };
  for (const change of changes) {
    const before = change.before === undefined ? undefined : (readSide(change.before, change.from) ?? placeholder(change.from));
    const after = change.after === undefined ? undefined : (readSide(change.after, change.to) ?? placeholder(change.to));
    if (!before && after) review.added.push(entryOf(after));
    else if (before && !after) review.deleted.push(entryOf(before));
    else if (before && after) {
      const fields = changedFields(before, after);
      const extra: Partial<ReviewEntry> = {
        fields: fields.length ? fields : ['formatting'],
        ...(before.path !== after.path ? { previousPath: before.path } : {}),
      };
      if (after.status === 'superseded' && before.status !== 'superseded') {
        const by = after.data.supersededBy;
        review.superseded.push(entryOf(after, { ...extra, ...(typeof by === 'string' ? { supersededBy: by } : {}) }));
      } else if (after.status === 'archived' && before.status !== 'archived') {
        const reason = after.data.archivedReason;
        review.archived.push(entryOf(after, { ...extra, ...(typeof reason === 'string' ? { reason } : {}) }));
      } else review.changed.push(entryOf(after, extra));
    }
  }
  for (const section of SECTIONS) review[section].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return review;
}

/** Titles come from notes anyone could have written: keep them from turning into links, HTML or headings. */
const escapeMarkdown = (text: string) => text.replace(/[\\`*_{}[\]()#+!|<>~]/g, (char) => `\\${char}`).replace(/\s+/g, ' ');
const code = (text: string) => `\`${text.replace(/`/g, "'")}\``;

function line(entry: ReviewEntry, section: (typeof SECTIONS)[number]): string {
  const parts = [`- ${escapeMarkdown(entry.type)}: **${escapeMarkdown(entry.title)}**`];
  if (section === 'superseded' && entry.supersededBy) parts.push(`, superseded by ${code(entry.supersededBy)}`);
  if (section === 'archived' && entry.reason) parts.push(`, archived: ${escapeMarkdown(entry.reason)}`);
  if (section === 'changed' && entry.fields) parts.push(`: ${entry.fields.map(escapeMarkdown).join(', ')}`);
  parts.push(` (${code(entry.path)}${entry.previousPath ? `, renamed from ${code(entry.previousPath)}` : ''})`);
  return parts.join('');
}

/** Pure: a one-line summary such as "2 added, 1 changed" (empty when nothing changed). */
export function reviewSummary(review: Review): string {
  return SECTIONS.filter((section) => review[section].length)
    .map((section) => `${review[section].length} ${section}`)
    .join(', ');
}

/** Pure: the review as markdown fit for a pull request; empty sections are left out. */
export function reviewMarkdown(review: Review, label: string): string {
  const summary = reviewSummary(review);
  if (!summary) return `### Memory changes\n\nNo memory changes in ${code(label)}.\n`;
  const total = SECTIONS.reduce((n, section) => n + review[section].length, 0);
  const out = ['### Memory changes', '', `${total} note${total === 1 ? '' : 's'} in ${code(label)}: ${summary}.`];
  for (const section of SECTIONS) {
    if (!review[section].length) continue;
    out.push('', `#### ${section[0]!.toUpperCase()}${section.slice(1)} (${review[section].length})`, '');
    out.push(...review[section].map((entry) => line(entry, section)));
  }
  return `${out.join('\n')}\n`;
}

export interface ReviewRange {
  from: string;
  to: string;
  /** How to show the range to a reader, e.g. "origin/main...HEAD". */
  label: string;
}

async function commitOf(root: string, rev: string): Promise<string> {
  assertRevision(rev);
  const sha = await gitAt(root)
    .revparse(['--verify', '-q', `${rev}^{commit}`])
    .catch(() => '');
  if (!sha) throw new Error(`review: unknown revision "${rev}"`);
  return sha;
}

async function mergeBase(root: string, a: string, b: string): Promise<string> {
  const sha = (await gitText(root, ['merge-base', a, b]))?.trim();
  if (!sha) throw new Error(`review: "${a}" and "${b}" have no common ancestor`);
  return sha;
}

/** `A..B`, `A...B` (from their merge base), `A` (A..HEAD), or nothing: merge base with the default branch..HEAD. */
export async function resolveRange(root: string, spec?: string): Promise<ReviewRange> {
  if (!spec) {
    // The branch pull requests target: origin's HEAD, else origin/main, origin/master, main, master.
    const base = await defaultBranch(root, (args) => gitText(root, args));
    if (!base) throw new Error('review: cannot tell the default branch (no origin/HEAD, main or master); pass a range such as main..HEAD');
    const head = await commitOf(root, 'HEAD');
    return { from: await mergeBase(root, await commitOf(root, base), head), to: head, label: `${base}...HEAD` };
  }
  const symmetric = spec.includes('...');
  const [left = '', right = ''] = spec.split(symmetric ? '...' : '..');
  if (!spec.includes('..')) return { from: await commitOf(root, spec), to: await commitOf(root, 'HEAD'), label: `${spec}..HEAD` };
  const to = await commitOf(root, right || 'HEAD');
  const leftSha = await commitOf(root, left || 'HEAD');
  return { from: symmetric ? await mergeBase(root, leftSha, to) : leftSha, to, label: spec };
}

/** Review the notes between two commits, following renames. */
export async function reviewChanges(root: string, range: ReviewRange): Promise<Review> {
  const names = await gitAt(root).diff(['-z', '-M', '--name-status', range.from, range.to, '--', `${MEMORY_DIR}/notes`]);
  const entries = parseNameStatus(names).filter((entry) => entry.from.endsWith('.md') || entry.to.endsWith('.md'));
  const specs: string[] = [];
  for (const entry of entries) {
    if (entry.status !== 'A') specs.push(`${range.from}:${entry.from}`);
    if (entry.status !== 'D') specs.push(`${range.to}:${entry.to}`);
  }
  const blobs = await readBlobs(root, specs);
  const text = (spec: string) => blobs.get(spec)?.toString('utf8');
  return classifyChanges(
    entries.map((entry) => ({
      status: entry.status,
      from: entry.from,
      to: entry.to,
      before: entry.status === 'A' ? undefined : text(`${range.from}:${entry.from}`),
      after: entry.status === 'D' ? undefined : text(`${range.to}:${entry.to}`),
    })),
  );
}
