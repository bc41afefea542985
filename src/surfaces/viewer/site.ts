import path from 'node:path';
import { createHash } from 'node:crypto';
import type { Note } from '../../core/types.js';
import type { HistoryEntry, Provenance } from '../../git/provenance.js';
import type { StaleReason } from '../../git/stale.js';
import { summarize } from '../../index/catalog.js';
import { isValidId, slugify } from '../../store/id.js';

/** What the viewer knows of one note: the note, where its page is, and what git says about it. */
export interface SiteNote {
  note: Note;
  /** Page path from the site root, e.g. `notes/<id>.html`. */
  page: string;
  summary: string;
  stale: StaleReason[];
  provenance?: Provenance;
  history?: HistoryEntry[];
}

export interface SiteTopic {
  name: string;
  page: string;
  notes: SiteNote[];
}

export interface SiteModel {
  notes: SiteNote[];
  topics: SiteTopic[];
  byId: Map<string, SiteNote>;
  byPath: Map<string, SiteNote>;
}

const shortHash = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 8);
const byUpdated = (a: SiteNote, b: SiteNote) => {
  const left = a.note.updated ?? a.note.created ?? '';
  const right = b.note.updated ?? b.note.created ?? '';
  return left < right ? 1 : left > right ? -1 : a.note.id < b.note.id ? -1 : 1;
};

/** A file name a note id can have in the site: the id itself when it is a safe one, else a slug plus a hash. */
export function pageName(id: string): string {
  return isValidId(id) && !id.startsWith('.') ? id : `${slugify(id)}-${shortHash(id)}`;
}

/** Pure: notes and what git knows about them → the site's model (pages named, topics grouped, newest first). */
export function buildSiteModel(
  notes: Note[],
  git: { stale?: Map<string, StaleReason[]>; provenance?: Map<string, Provenance>; history?: Map<string, HistoryEntry[]> } = {},
): SiteModel {
  const used = new Set<string>();
  const unique = (base: string, dir: string) => {
    let name = base;
    for (let i = 2; used.has(`${dir}/${name}`.toLowerCase()); i++) name = `${base}-${i}`;
    used.add(`${dir}/${name}`.toLowerCase());
    return `${dir}/${name}.html`;
  };
  const siteNotes = notes.map<SiteNote>((note) => ({
    note,
    page: unique(pageName(note.id), 'notes'),
    summary: summarize(note.body),
    stale: git.stale?.get(note.id) ?? [],
    provenance: git.provenance?.get(note.path),
    history: git.history?.get(note.path),
  }));
  siteNotes.sort(byUpdated);
  const grouped = new Map<string, SiteNote[]>();
  for (const siteNote of siteNotes) grouped.set(siteNote.note.topic, [...(grouped.get(siteNote.note.topic) ?? []), siteNote]);
  const topics = [...grouped.entries()]
    .sort((a, b) => b[1].length - a[1].length || (a[0] < b[0] ? -1 : 1))
    .map(([name, list]) => ({ name, page: unique(slugify(name), 'topics'), notes: list }));
  return {
    notes: siteNotes,
    topics,
    byId: new Map(siteNotes.map((siteNote) => [siteNote.note.id, siteNote])),
    byPath: new Map(siteNotes.map((siteNote) => [siteNote.note.path, siteNote])),
  };
}

/**
 * Pure: where a relative link in a note's body leads in the site: another note's page (fragment kept), or nothing
 * (links to code files, which the site does not carry, keep only their text).
 */
export function resolveNoteLink(model: SiteModel, from: SiteNote, href: string): string | undefined {
  const [target = '', fragment] = href.split('#', 2);
  let decoded = target;
  try {
    decoded = decodeURIComponent(target);
  } catch {
    // keep as written
  }
  const repoPath = path.posix.normalize(path.posix.join(path.posix.dirname(from.note.path), decoded));
  const linked = model.byPath.get(repoPath) ?? model.byId.get(path.posix.basename(decoded, '.md'));
  if (!linked || !decoded.endsWith('.md')) return undefined;
  return `${path.posix.relative(path.posix.dirname(from.page), linked.page)}${fragment ? `#${fragment}` : ''}`;
}
