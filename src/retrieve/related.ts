import fs from 'node:fs';
import path from 'node:path';
import type { CatalogEntry } from '../index/catalog.js';
import { readCatalog, refresh } from '../index/refresh.js';
import { memoryPaths } from '../core/paths.js';
import { newestFirst } from '../core/time.js';
import { findNote } from '../store/notes.js';
import { MAX_NOTE_BYTES } from '../store/parse.js';

/**
 * Notes related to one note or to one file: the next rung after search when a note alone does not answer.
 * The ranking is pure (rankRelated); relatedNotes does the reading.
 */

export type RelatedTarget = { id: string } | { file: string };

export interface RelatedNote extends CatalogEntry {
  score: number;
  /** Why it is related, in words a model can read: "links to it", "same files: src/a.ts", "same topic". */
  reasons: string[];
}

export interface RelatedResult {
  /** The note asked about (absent for a file target). */
  target?: CatalogEntry;
  notes: RelatedNote[];
}

/** What is known about the target note's links, as repository-relative note paths and ids. */
export interface LinkFacts {
  outgoing: Set<string>;
  incoming: Set<string>;
  supersedes: Set<string>;
  supersededBy: Set<string>;
}

const WEIGHT = { link: 5, supersede: 5, file: 3, folder: 2, sibling: 1, topic: 1, tag: 1 } as const;
const MAX_COUNTED = 2;
export const MAX_RELATED = 50;

const normalizeFile = (file: string) =>
  file
    .trim()
    .replace(/\\/g, '/')
    .replace(/^(\.\/)+/, '')
    .replace(/\/+$/, '');

/** How a note's file relates to a wanted file: the same file, or one is a folder holding the other. */
export function fileRelation(noteFile: string, wanted: string): 'same' | 'folder' | undefined {
  const a = normalizeFile(noteFile);
  const b = normalizeFile(wanted);
  if (!a || !b) return undefined;
  if (a === b) return 'same';
  if (a.startsWith(`${b}/`) || b.startsWith(`${a}/`)) return 'folder';
  return undefined;
}

/** True when a note is about `wanted` (the file itself, or a folder around it, or a file inside it). */
export function noteMentionsFile(entry: Pick<CatalogEntry, 'files'>, wanted: string): boolean {
  return entry.files.some((file) => fileRelation(file, wanted) !== undefined);
}

const dirOf = (file: string) => path.posix.dirname(normalizeFile(file));

/**
 * Repository-relative targets of the relative markdown links in a note body. Links that leave the repository,
 * carry a scheme, or are absolute are dropped: they cannot name another note.
 */
export function markdownLinkTargets(body: string, fromPath: string): string[] {
  const out = new Set<string>();
  const pattern = /\[[^\]\n]*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g;
  for (const match of body.matchAll(pattern)) {
    const href = (match[1] ?? '').split('#')[0] ?? '';
    if (!href || /^[a-z][a-z0-9+.-]*:/i.test(href) || href.startsWith('/')) continue;
    let decoded: string;
    try {
      decoded = decodeURIComponent(href);
    } catch {
      continue;
    }
    const resolved = path.posix.normalize(path.posix.join(path.posix.dirname(fromPath), decoded));
    if (resolved.startsWith('../') || resolved === '..') continue;
    out.add(resolved);
  }
  return [...out];
}

function compare(a: RelatedNote, b: RelatedNote): number {
  if (a.score !== b.score) return b.score - a.score;
  return newestFirst(a, b);
}

/** Pure: notes of `catalog` related to a note, ranked, bounded. Inactive notes count only through links. */
export function rankRelated(catalog: CatalogEntry[], target: CatalogEntry, links: LinkFacts, limit = 10): RelatedNote[] {
  const out: RelatedNote[] = [];
  for (const entry of catalog) {
    if (entry.id === target.id) continue;
    const reasons: string[] = [];
    let score = 0;
    const add = (weight: number, reason: string) => {
      score += weight;
      reasons.push(reason);
    };
    if (links.outgoing.has(entry.path)) add(WEIGHT.link, 'linked from it');
    if (links.incoming.has(entry.path)) add(WEIGHT.link, 'links to it');
    if (links.supersedes.has(entry.id)) add(WEIGHT.supersede, 'superseded by it');
    if (links.supersededBy.has(entry.id)) add(WEIGHT.supersede, 'supersedes it');
    const linked = score > 0;
    const sharedFiles = entry.files.filter((file) => target.files.some((mine) => fileRelation(file, mine)));
    if (sharedFiles.length) add(WEIGHT.file * Math.min(MAX_COUNTED, sharedFiles.length), `same files: ${sharedFiles.slice(0, 3).join(', ')}`);
    if (entry.topic === target.topic) add(WEIGHT.topic, 'same topic');
    const sharedTags = entry.tags.filter((tag) => target.tags.includes(tag));
    if (sharedTags.length) add(WEIGHT.tag * Math.min(MAX_COUNTED, sharedTags.length), `same tags: ${sharedTags.slice(0, 3).join(', ')}`);
    // A superseded or archived note is history: worth showing only when this note points at it or it at this one.
    if (!score || (entry.status !== 'active' && !linked)) continue;
    out.push({ ...entry, score, reasons });
  }
  return out.sort(compare).slice(0, Math.max(1, Math.min(MAX_RELATED, limit)));
}

/** Pure: active notes about a file (or a folder around it), then notes about files next to it. */
export function rankForFile(catalog: CatalogEntry[], file: string, limit = 10): RelatedNote[] {
  const wanted = normalizeFile(file);
  const folder = dirOf(wanted);
  const out: RelatedNote[] = [];
  for (const entry of catalog) {
    if (entry.status !== 'active') continue;
    const relations = entry.files.map((mine) => fileRelation(mine, wanted));
    const found: [number, string] | undefined = relations.includes('same')
      ? [WEIGHT.file, 'about this file']
      : relations.includes('folder')
        ? [WEIGHT.folder, 'about its folder or a file in it']
        : folder !== '.' && entry.files.some((mine) => dirOf(mine) === folder)
          ? [WEIGHT.sibling, 'about a file next to it']
          : undefined;
    if (found) out.push({ ...entry, score: found[0], reasons: [found[1]] });
  }
  return out.sort(compare).slice(0, Math.max(1, Math.min(MAX_RELATED, limit)));
}

/** Notes whose files link to `targetPath`; a cheap text check first, so only candidates are parsed. */
function incomingLinks(root: string, catalog: CatalogEntry[], targetPath: string): Set<string> {
  const needle = path.posix.basename(targetPath);
  const out = new Set<string>();
  for (const entry of catalog) {
    if (entry.path === targetPath) continue;
    let text: string;
    try {
      const file = path.join(root, entry.path);
      if (fs.statSync(file).size > MAX_NOTE_BYTES) continue;
      text = fs.readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    if (!text.includes(needle)) continue;
    if (markdownLinkTargets(text, entry.path).includes(targetPath)) out.add(entry.path);
  }
  return out;
}

/**
 * Related notes for a note id or a file path. Reads only the catalog and the note files it lists (which the store
 * found under the notes folder); an unknown id is an error naming it.
 */
export function relatedNotes(root: string, target: RelatedTarget, options: { limit?: number } = {}): RelatedResult {
  refresh(root, { mode: 'quick', lockTimeoutMs: 2_000 });
  const catalog = readCatalog(root);
  const limit = options.limit ?? 10;
  if ('file' in target) return { notes: rankForFile(catalog, target.file, limit) };
  const entry = catalog.find((candidate) => candidate.id === target.id);
  if (!entry) throw new Error(`no note with id "${target.id}" in ${path.relative(root, memoryPaths(root).notesDir)}`);
  const { note } = findNote(root, target.id);
  const links: LinkFacts = {
    outgoing: new Set(note ? markdownLinkTargets(note.body, note.path) : []),
    incoming: incomingLinks(root, catalog, entry.path),
    supersedes: new Set(note?.supersedes ?? []),
    supersededBy: new Set(typeof note?.data.supersededBy === 'string' ? [note.data.supersededBy] : []),
  };
  return { target: entry, notes: rankRelated(catalog, entry, links, limit) };
}
