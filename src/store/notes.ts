import fs from 'node:fs';
import path from 'node:path';
import type { NewNote, Note, Problem } from '../core/types.js';
import { memoryPaths } from '../core/paths.js';
import { noteTimestamp } from '../core/time.js';
import { redactText, redactValue } from '../core/redact/index.js';
import { createFileAtomic, writeFileAtomic } from './atomic.js';
import { isValidId, makeId, slugify } from './id.js';
import { listNoteFiles, readNoteFile } from './read.js';
import { serializeNote } from './serialize.js';

export interface LoadedNotes {
  notes: Note[];
  problems: Problem[];
}

/** Every readable note of the repository; bad files become problems, never exceptions. */
export function loadNotes(root: string): LoadedNotes {
  const paths = memoryPaths(root);
  const listed = listNoteFiles(root, paths.notesDir);
  const problems = [...listed.problems];
  const notes: Note[] = [];
  const seen = new Map<string, string>();
  for (const file of listed.files) {
    const read = readNoteFile(file);
    problems.push(...read.problems);
    if (!read.note) continue;
    const earlier = seen.get(read.note.id);
    if (earlier) {
      problems.push({ path: file.path, code: 'duplicate-id', reason: `id "${read.note.id}" is also used by ${earlier}; skipped`, severity: 'error' });
      continue;
    }
    seen.set(read.note.id, file.path);
    notes.push(read.note);
  }
  return { notes, problems };
}

/** Redaction runs on every note the tool writes, whoever asked for it: every field, front matter included. */
function redactNote(note: Note): Note {
  return {
    ...note,
    title: redactText(note.title),
    topic: redactText(note.topic),
    body: redactText(note.body),
    tags: note.tags.map(redactText),
    files: note.files.map(redactText),
    supersedes: note.supersedes.map(redactText),
    source: note.source && redactValue(note.source),
    data: redactValue(note.data),
  };
}

/** A new note's fields redacted before anything is derived from them, so no secret can reach its id or file name. */
function redactNewNote(input: NewNote): NewNote {
  return {
    ...input,
    title: redactText(input.title),
    topic: input.topic === undefined ? undefined : redactText(input.topic),
    body: input.body === undefined ? undefined : redactText(input.body),
    tags: input.tags?.map(redactText),
    files: input.files?.map(redactText),
    extra: input.extra && redactValue(input.extra),
  };
}

/** Pure: the note a NewNote becomes, given its id and the time it is written (core/time.ts noteTimestamp). */
export function buildNote(input: NewNote, id: string, time: string): Note {
  const topic = slugify(input.topic ?? 'general');
  const data: Record<string, unknown> = { ...(input.extra ?? {}) };
  return {
    id,
    title: input.title.trim(),
    type: input.type,
    topic,
    tags: [...new Set((input.tags ?? []).map((tag) => tag.trim()).filter(Boolean))],
    files: [...new Set((input.files ?? []).map((file) => file.trim()).filter(Boolean))],
    created: time,
    updated: time,
    status: input.status ?? 'active',
    supersedes: input.supersedes ?? [],
    source: input.source,
    body: (input.body ?? '').trim(),
    path: `.claude-memory/notes/${topic}/${id}.md`,
    data,
  };
}

/**
 * Create a new note file; the id is unique in this checkout (exclusive create, retried on a clash). `options.id`
 * fixes the id in advance (compression records it before writing, so a redo after a crash finds the note); a clash
 * with it is an error.
 */
export function addNote(root: string, input: NewNote, now = new Date(), options: { id?: string } = {}): Note {
  if (!input.title?.trim()) throw new Error('a note needs a title');
  if (!input.type?.trim()) throw new Error('a note needs a type');
  const clean = redactNewNote(input);
  if (options.id !== undefined) {
    if (!isValidId(options.id)) throw new Error(`"${options.id}" is not a valid note id`);
    const note = redactNote(buildNote(clean, options.id, noteTimestamp(now)));
    if (createFileAtomic(path.join(root, note.path), serializeNote(note))) return note;
    throw new Error(`a note with id "${options.id}" already exists at ${note.path}`);
  }
  for (let attempt = 0; attempt < 8; attempt++) {
    const note = redactNote(buildNote(clean, makeId(clean.title), noteTimestamp(now)));
    if (createFileAtomic(path.join(root, note.path), serializeNote(note))) return note;
  }
  throw new Error(`could not find a free id for "${clean.title}"`);
}

/** Write a note back to its file; an unchanged note is not rewritten, so git sees no change. */
export function saveNote(root: string, note: Note): { written: boolean } {
  const file = path.join(root, note.path);
  const content = serializeNote(redactNote(note));
  try {
    if (fs.readFileSync(file, 'utf8') === content) return { written: false };
  } catch {
    // new file
  }
  writeFileAtomic(file, content);
  return { written: true };
}

/** Find a note by id: by file name first (cheap), then by the id written inside. */
export function findNote(root: string, id: string): { note?: Note; problems: Problem[] } {
  if (!isValidId(id)) return { problems: [{ path: id, code: 'invalid-id', reason: 'not a valid note id', severity: 'error' }] };
  const paths = memoryPaths(root);
  const { files } = listNoteFiles(root, paths.notesDir);
  const byName = files.find((file) => path.basename(file.path) === `${id}.md`);
  if (byName) {
    const read = readNoteFile(byName);
    if (read.note?.id === id) return read;
  }
  const all = loadNotes(root);
  return { note: all.notes.find((note) => note.id === id), problems: [] };
}
