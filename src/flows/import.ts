import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Note, Problem } from '../core/types.js';
import { memoryPaths } from '../core/paths.js';
import { autoMemoryDir, mapAutoMemory } from '../capture/import/auto-memory.js';
import { mapClaudeMem } from '../capture/import/claude-mem.js';
import type { ImportBatch, ImportSkip } from '../capture/import/item.js';
import { mapMarkdown } from '../capture/import/markdown.js';
import { readMarkdownFolder } from '../capture/import/read-folder.js';
import { resolveRelativeLinks, resolveWikilinks } from '../capture/import/wikilinks.js';
import { gitText } from '../git/exec.js';
import { refresh } from '../index/refresh.js';
import { lintNotes } from '../store/lint.js';
import { addNote, loadNotes, saveNote } from '../store/notes.js';

/**
 * One import flow for every source: a pure mapper turns the source into items, and this writes each item not
 * imported before as a note through the store (which redacts), keeps the source's date as `created`, records
 * `source: { import, ref }` so a second run adds nothing, turns `[[wikilinks]]` between imported notes into
 * links, lints what it wrote and refreshes the index.
 */

export interface ImportOptions {
  /** Topic of every imported note; without it, the topic the source gives, else `fallbackTopic`. */
  topic?: string;
  /** Topic for notes whose source gives none; defaults to the source's name. */
  fallbackTopic?: string;
  /** Report what would be imported, write nothing. */
  dryRun?: boolean;
}

export interface ImportReport {
  source: ImportBatch['source'];
  /** The folder or database read. */
  from: string;
  created: Array<{ id: string; path: string; ref: string; title: string; type: string }>;
  /** Items a previous import already brought in (same source and ref). */
  alreadyImported: number;
  skipped: ImportSkip[];
  /** Lint findings in the notes just written. */
  problems: Problem[];
}

function requireMemory(root: string): void {
  if (!fs.existsSync(memoryPaths(root).memoryDir)) throw new Error(`${root}: no .claude-memory/ here; run "claude-memory init" first`);
}

/** `source.import` and `source.ref` of a note, when it was imported. */
function importKey(note: Note): string | undefined {
  const source = note.source;
  return source && typeof source.import === 'string' && typeof source.ref === 'string' ? `${source.import}\0${source.ref}` : undefined;
}

const dateOf = (created: string | undefined, fallback: Date) => {
  const time = created ? Date.parse(created) : NaN;
  return Number.isNaN(time) ? fallback : new Date(time);
};

/** Write the items of a batch that no earlier import wrote. */
export function applyImport(root: string, batch: ImportBatch, from: string, options: ImportOptions = {}): ImportReport {
  requireMemory(root);
  const now = new Date();
  const existing = loadNotes(root).notes;
  const imported = new Map<string, Note>();
  for (const note of existing) {
    const key = importKey(note);
    if (key) imported.set(key, note);
  }
  const report: ImportReport = { source: batch.source, from, created: [], alreadyImported: 0, skipped: [...batch.skipped], problems: [] };
  // Every alias an item answers to, mapped to the note it became (new or imported before), for wikilinks.
  const byAlias = new Map<string, Note>();
  const written: Array<{ note: Note; aliases: string[]; sourceFile?: string }> = [];
  const seen = new Set<string>();
  for (const item of batch.items) {
    const key = `${batch.source}\0${item.ref}`;
    if (seen.has(key)) {
      report.skipped.push({ ref: item.ref, reason: 'appears twice in the source' });
      continue;
    }
    seen.add(key);
    const before = imported.get(key);
    if (before) {
      report.alreadyImported++;
      for (const alias of item.aliases ?? []) byAlias.set(alias.toLowerCase(), before);
      continue;
    }
    if (options.dryRun) {
      report.created.push({ id: '', path: '', ref: item.ref, title: item.title, type: item.type });
      continue;
    }
    const note = addNote(
      root,
      {
        title: item.title,
        type: item.type,
        body: item.body,
        topic: options.topic ?? item.topic ?? options.fallbackTopic ?? batch.source,
        tags: item.tags,
        files: item.files,
        source: { import: batch.source, ref: item.ref },
      },
      dateOf(item.created, now),
    );
    report.created.push({ id: note.id, path: note.path, ref: item.ref, title: note.title, type: note.type });
    written.push({ note, aliases: item.aliases ?? [], ...(item.sourceFile ? { sourceFile: item.sourceFile } : {}) });
    for (const alias of item.aliases ?? []) if (!byAlias.has(alias.toLowerCase())) byAlias.set(alias.toLowerCase(), note);
  }
  for (const { note, sourceFile } of written) {
    const hrefTo = (linked: Note | undefined) =>
      linked && linked.id !== note.id ? path.posix.relative(path.posix.dirname(note.path), linked.path) : undefined;
    // A page of an imported folder links its neighbours by their path in that folder: follow them to their notes
    // (first, so that the links wikilinks become, already relative to the note, are not taken for the source's).
    let body = sourceFile
      ? resolveRelativeLinks(note.body, sourceFile, (target) => hrefTo(byAlias.get(target.replace(/\.md$/i, '').toLowerCase())))
      : note.body;
    body = resolveWikilinks(body, (target) => hrefTo(byAlias.get(target.toLowerCase()) ?? byAlias.get(target.replace(/\.md$/i, '').toLowerCase())));
    if (body !== note.body) saveNote(root, { ...note, body });
  }
  if (written.length) {
    const paths = new Set(written.map(({ note }) => note.path));
    report.problems = lintNotes(root).problems.filter((problem) => paths.has(problem.path));
    refresh(root);
  }
  return report;
}

/** The folder Claude Code keeps this repository's auto memory in: worktrees share the main checkout's. */
export async function findAutoMemoryDir(root: string, env: NodeJS.ProcessEnv = process.env): Promise<{ dir?: string; tried: string[] }> {
  const configDir = env.CLAUDE_CONFIG_DIR || path.join(env.HOME || os.homedir(), '.claude');
  const common = (await gitText(root, ['rev-parse', '--path-format=absolute', '--git-common-dir']))?.trim();
  const projects = new Set<string>();
  if (common && path.basename(common) === '.git') projects.add(path.dirname(common));
  projects.add(root);
  try {
    projects.add(fs.realpathSync(root));
  } catch {
    // root as given
  }
  const tried = [...projects].map((project) => autoMemoryDir(project, configDir));
  return { dir: tried.find((dir) => fs.existsSync(dir)), tried };
}

export async function importAutoMemory(root: string, options: ImportOptions & { from?: string; includeUser?: boolean } = {}): Promise<ImportReport> {
  requireMemory(root);
  let from = options.from;
  if (!from) {
    const found = await findAutoMemoryDir(root);
    if (!found.dir) throw new Error(`no auto memory for this repository (looked in ${found.tried.join(', ')}); pass --from DIR`);
    from = found.dir;
  }
  const { files, skipped } = readMarkdownFolder(from);
  const batch = mapAutoMemory(
    files.map((file) => ({ name: file.rel, text: file.text, mtimeMs: file.mtimeMs })),
    { includeUser: options.includeUser },
  );
  batch.skipped.unshift(...skipped);
  return applyImport(root, batch, from, options);
}

export async function importClaudeMem(root: string, options: ImportOptions & { db?: string; project?: string } = {}): Promise<ImportReport> {
  requireMemory(root);
  const file = options.db ?? path.join(process.env.HOME || os.homedir(), '.claude-mem', 'claude-mem.db');
  const project = options.project ?? (await claudeMemProjectName(root));
  // Loaded here: sql.js and its WebAssembly are needed by this command only.
  const { readClaudeMemDb } = await import('../capture/import/claude-mem-db.js');
  const read = await readClaudeMemDb(file, project);
  if (!read.observations.length && !read.summaries.length) {
    const known = read.projects
      .slice(0, 10)
      .map((entry) => `${entry.project} (${entry.observations})`)
      .join(', ');
    throw new Error(
      `${file}: nothing recorded for project "${project}"${known ? `; projects there: ${known}; pass --project NAME` : ' (the database is empty)'}`,
    );
  }
  return applyImport(root, mapClaudeMem(read.observations, read.summaries), file, options);
}

/** claude-mem names a project after the base name of its git top level (the main checkout's, for a worktree). */
async function claudeMemProjectName(root: string): Promise<string> {
  const common = (await gitText(root, ['rev-parse', '--path-format=absolute', '--git-common-dir']))?.trim();
  return path.basename(common && path.basename(common) === '.git' ? path.dirname(common) : root);
}

export function importMarkdown(root: string, dir: string, options: ImportOptions = {}): ImportReport {
  requireMemory(root);
  const absolute = path.resolve(dir);
  const { files, skipped } = readMarkdownFolder(absolute);
  const batch = mapMarkdown(files, { folder: path.basename(absolute) });
  batch.skipped.unshift(...skipped.map((skip) => ({ ...skip, ref: `${path.basename(absolute)}/${skip.ref}` })));
  return applyImport(root, batch, absolute, { ...options, fallbackTopic: path.basename(absolute) });
}
