import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { NOTE_TYPES } from '../../core/types.js';
import { isInside, memoryPaths } from '../../core/paths.js';
import { redactText } from '../../core/redact/index.js';
import { newestFirst } from '../../core/time.js';
import { estimateTokens } from '../../core/tokens.js';
import { readCatalog, refresh } from '../../index/refresh.js';
import { noteMentionsFile } from '../../retrieve/related.js';
import { relatedWithMeaning } from '../../retrieve/related-meaning.js';
import { searchNotes } from '../../retrieve/search.js';
import { archiveNote } from '../../store/lifecycle.js';
import { addNote, findNote } from '../../store/notes.js';
import { serializeNote } from '../../store/serialize.js';
import { MAX_NOTE_CHARS, MAX_RESPONSE_CHARS, bounded, noteLine, truncate, type NoteLine } from './format.js';
import { fenceBlock, fenceField } from '../../core/fence.js';
import { ToolInputError, checkNoteId, checkRepoFile } from './input.js';

/**
 * The five memory tools: names, descriptions (which teach the search → get ladder), input schemas with hard size
 * limits, and thin handlers over retrieve and store. Each handler returns the text the model will read.
 */

export const MAX_GET_IDS = 10;
const MAX_LIMIT = 50;
/** Searching with a file filter looks this deep into the ranking, since the index cannot filter by file. */
const FILE_FILTER_DEPTH = 500;

const text = (max: number) => z.string().max(max);

export const searchInput = {
  query: text(500).default('').describe('words to look for; empty lists the newest notes matching the filters'),
  limit: z.number().int().min(1).max(MAX_LIMIT).default(10).describe(`how many lines at most (1-${MAX_LIMIT}, default 10)`),
  type: z.enum(NOTE_TYPES).optional().describe('only notes of this type'),
  topic: text(64).optional().describe('only notes of this topic, e.g. "auth"'),
  file: text(400).optional().describe('only notes about this repository file or folder, e.g. "src/auth/jwt.ts"'),
};

export const getInput = {
  ids: z.array(text(200)).min(1).max(MAX_GET_IDS).describe(`note ids from memory_search or memory_related (1-${MAX_GET_IDS})`),
};

export const relatedInput = {
  id: text(200).optional().describe('a note id'),
  file: text(400).optional().describe('or a repository file path'),
  limit: z.number().int().min(1).max(MAX_LIMIT).default(10).describe(`how many lines at most (default 10)`),
};

export const rememberInput = {
  title: text(200).min(1).describe('one line that states the fact, e.g. "Auth service signs JWTs with RS256"'),
  type: z.enum(NOTE_TYPES).describe('decision, convention, fact, gotcha, bugfix, howto, todo or session'),
  body: text(20_000).describe('the note in a few sentences of markdown: what, and why'),
  topic: text(64).optional().describe('a short area name such as "auth" or "build"; default "general"'),
  tags: z.array(text(40)).max(20).optional(),
  files: z.array(text(400)).max(50).optional().describe('repository paths the note is about'),
};

export const forgetInput = {
  id: text(200).describe('the id of the note to archive'),
  reason: text(500).min(1).describe('why it no longer holds, kept in the note'),
};

export interface SearchArgs {
  query: string;
  limit: number;
  type?: string;
  topic?: string;
  file?: string;
}

export interface ToolDefinition<Shape extends z.ZodRawShape> {
  name: string;
  title: string;
  description: string;
  inputSchema: Shape;
  annotations: { readOnlyHint: boolean; destructiveHint?: boolean; idempotentHint?: boolean; openWorldHint: false };
  run: (root: string, args: z.infer<z.ZodObject<Shape>>) => string | Promise<string>;
}

function define<Shape extends z.ZodRawShape>(tool: ToolDefinition<Shape>): ToolDefinition<Shape> {
  return tool;
}

const LINE_FORMAT = 'Each line: id | title | type | updated | path | ~tokens of the whole note.';

function describeFilters(args: { type?: string; topic?: string; file?: string }): string {
  const parts = [args.type && `type ${args.type}`, args.topic && `topic ${args.topic}`, args.file && `file ${args.file}`].filter(Boolean);
  return parts.length ? ` (${parts.join(', ')})` : '';
}

/** The note's file must really lie in the notes folder: a symlink planted there must not expose another file. */
function insideNotesFolder(root: string, notePath: string): boolean {
  try {
    return isInside(fs.realpathSync(memoryPaths(root).notesDir), fs.realpathSync(path.join(root, notePath)));
  } catch {
    return false;
  }
}

/** The first `limit` notes that really live in the notes folder (checked only for the ones returned). */
export function keepInStore<T extends { path: string }>(root: string, notes: Iterable<T>, limit: number): T[] {
  const out: T[] = [];
  for (const note of notes) {
    if (out.length >= limit) break;
    if (insideNotesFolder(root, note.path)) out.push(note);
  }
  return out;
}

/** Search hits (or, for an empty query, the newest notes) that pass every filter, as catalog entries. */
export async function findNoteLines(root: string, args: SearchArgs): Promise<NoteLine[]> {
  const query = args.query.trim();
  const file = args.file ? checkRepoFile(root, args.file) : undefined;
  if (!query) {
    refresh(root, { mode: 'quick', lockTimeoutMs: 2_000 });
    const entries = readCatalog(root)
      .filter(
        (e) => e.status === 'active' && (!args.type || e.type === args.type) && (!args.topic || e.topic === args.topic) && (!file || noteMentionsFile(e, file)),
      )
      .sort(newestFirst);
    return keepInStore(root, entries, args.limit);
  }
  // The index cannot filter by file, and a few hits may be dropped below: ask it for more than will be shown.
  const hits = await searchNotes(root, query, { limit: file ? FILE_FILTER_DEPTH : args.limit + 10, type: args.type, topic: args.topic });
  const catalog = new Map(readCatalog(root).map((entry) => [entry.id, entry]));
  const lines: NoteLine[] = [];
  for (const hit of hits) {
    const entry = catalog.get(hit.id);
    if (file && !(entry && noteMentionsFile(entry, file))) continue;
    lines.push(
      entry ?? { id: hit.id, title: hit.title, type: hit.type, updated: hit.updated ?? '', path: hit.path, tokens: 0, status: hit.status ?? 'active' },
    );
  }
  return keepInStore(root, lines, args.limit);
}

export const memorySearch = define({
  name: 'memory_search',
  title: 'Search project memory',
  description: [
    "Search this repository's long-term memory: decisions, conventions, gotchas, fixes and how-tos recorded in earlier sessions.",
    'Use it first, before memory_get. It returns one compact line per note, never the note text:',
    'id | title | type | updated | path | ~tokens of the whole note.',
    'Then call memory_get with only the ids whose titles look relevant; reading every hit wastes context.',
    'Filters: type, topic, and file (notes about that file or folder). An empty query lists the newest notes that match the filters.',
  ].join(' '),
  inputSchema: searchInput,
  annotations: { readOnlyHint: true, openWorldHint: false },
  run: async (root, args) => {
    const lines = await findNoteLines(root, args);
    const what = `${args.query.trim() ? `"${args.query.trim()}"` : 'the newest notes'}${describeFilters(args)}`;
    if (!lines.length) return `No notes match ${what}. Try other words, fewer filters, or an empty query to list recent notes.`;
    return bounded(
      [
        `${lines.length} note${lines.length === 1 ? '' : 's'} for ${what}, best first. ${LINE_FORMAT}`,
        'Read only the ones you need with memory_get.',
        ...lines.map(noteLine),
      ].join('\n'),
    );
  },
});

export const memoryGet = define({
  name: 'memory_get',
  title: 'Read notes',
  description: [
    'Read whole notes (front matter and markdown body) by id.',
    'Use after memory_search or memory_related, asking only for the notes you need: each costs about the tokens its line showed.',
    `At most ${MAX_GET_IDS} ids per call; a very long note is cut with a marker that says where the rest is.`,
  ].join(' '),
  inputSchema: getInput,
  annotations: { readOnlyHint: true, openWorldHint: false },
  run: (root, args) => {
    const ids = [...new Set(args.ids.map(checkNoteId))];
    // An id the catalog does not know would make the store read every note looking for it.
    refresh(root, { mode: 'quick', lockTimeoutMs: 2_000 });
    const known = new Set(readCatalog(root).map((entry) => entry.id));
    const sections: string[] = [];
    const missing: string[] = [];
    const omitted: string[] = [];
    let used = 0;
    for (const id of ids) {
      const { note, problems } = known.has(id) ? findNote(root, id) : { note: undefined, problems: [] };
      if (!note) {
        missing.push(problems[0] ? `${id} (${fenceField(problems[0].path)}: ${fenceField(problems[0].reason)})` : id);
        continue;
      }
      if (!insideNotesFolder(root, note.path)) {
        missing.push(`${id} (${fenceField(note.path)} resolves outside the notes folder; not read)`);
        continue;
      }
      // The note as written, every line escaped (core/fence.ts): its body cannot pose as a tag or a system message.
      const section = truncate(fenceBlock(serializeNote(note).trimEnd()), MAX_NOTE_CHARS, `the rest is in ${fenceField(note.path)}`);
      if (used + section.length > MAX_RESPONSE_CHARS - 600) {
        omitted.push(id);
        continue;
      }
      sections.push(section);
      used += section.length + 2;
    }
    if (!sections.length && !omitted.length) throw new ToolInputError(`No note with id ${missing.join(', ')}. memory_search lists the ids that exist.`);
    const notes: string[] = [...sections];
    if (missing.length) notes.push(`Not found: ${missing.join(', ')}.`);
    if (omitted.length) notes.push(`Left out to keep this answer short: ${omitted.join(', ')}. Ask for them in another call.`);
    return bounded(notes.join('\n\n'));
  },
});

export const memoryRelated = define({
  name: 'memory_related',
  title: 'Find related notes',
  description: [
    'Notes related to one note (links to and from it, what it supersedes, notes about the same files, same topic, similar in meaning) or to one repository file',
    '(notes about that file, its folder, or files next to it). Give either id or file.',
    'Returns compact lines like memory_search, each with why it is related; follow with memory_get for the few you need.',
  ].join(' '),
  inputSchema: relatedInput,
  annotations: { readOnlyHint: true, openWorldHint: false },
  run: (root, args) => {
    const hasId = Boolean(args.id?.trim());
    const hasFile = Boolean(args.file?.trim());
    if (hasId === hasFile) throw new ToolInputError('Give either "id" (a note id) or "file" (a repository path), not both and not neither.');
    const target = hasId ? { id: checkNoteId(args.id ?? '') } : { file: checkRepoFile(root, args.file ?? '') };
    const result = relatedWithMeaning(root, target, { limit: args.limit + 10 });
    result.notes = keepInStore(root, result.notes, args.limit);
    const subject = result.target
      ? `${fenceField(result.target.id)} "${fenceField(result.target.title)}"`
      : `file ${'file' in target ? fenceField(target.file ?? '') : ''}`;
    if (!result.notes.length) return `No notes related to ${subject}.`;
    return bounded(
      [
        `${result.notes.length} note${result.notes.length === 1 ? '' : 's'} related to ${subject}, closest first. ${LINE_FORMAT}`,
        ...result.notes.map(noteLine),
      ].join('\n'),
    );
  },
});

export const memoryRemember = define({
  name: 'memory_remember',
  title: 'Remember a note',
  description: [
    "Save something future sessions should know as a new note in this repository's memory (.claude-memory/notes, committed with the code):",
    'a decision and its reason, a convention, a gotcha, a fix, a how-to, an open todo. Not for chatter or things the code already says.',
    'Search first so you do not add a duplicate. Secrets are redacted before the note is written. Returns the new note id.',
  ].join(' '),
  inputSchema: rememberInput,
  annotations: { readOnlyHint: false, destructiveHint: false, openWorldHint: false },
  run: (root, args) => {
    const files = (args.files ?? []).map((file) => checkRepoFile(root, file));
    const given = [args.title, args.body, ...(args.tags ?? []), ...files];
    const note = addNote(root, { title: args.title, type: args.type, body: args.body, topic: args.topic, tags: args.tags, files });
    const redacted = given.some((value) => redactText(value) !== value);
    return [
      `Saved note ${fenceField(note.id)} at ${fenceField(note.path)} (~${estimateTokens(serializeNote(note))} tokens).`,
      redacted ? 'Text that looked like a secret was replaced by a placeholder before writing.' : '',
    ]
      .filter(Boolean)
      .join(' ');
  },
});

export const memoryForget = define({
  name: 'memory_forget',
  title: 'Archive a note',
  description: [
    'Archive a note that is wrong or obsolete, giving the reason. The note stays in the repository and its git history,',
    'but leaves search results and the session context. Use the id from memory_search.',
  ].join(' '),
  inputSchema: forgetInput,
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  run: (root, args) => {
    const id = checkNoteId(args.id);
    const { note } = findNote(root, id);
    if (!note) throw new ToolInputError(`No note with id ${id}. memory_search lists the ids that exist.`);
    if (!insideNotesFolder(root, note.path)) throw new ToolInputError(`${fenceField(note.path)} resolves outside the notes folder; not changed.`);
    if (note.status === 'archived') return `Note ${id} was already archived.`;
    const archived = archiveNote(root, id, redactText(args.reason.trim()));
    return `Archived note ${fenceField(archived.id)} ("${fenceField(archived.title)}"). It stays in ${fenceField(archived.path)} and in git history, out of search and the session context.`;
  },
});
