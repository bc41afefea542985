import type { Note } from '../core/types.js';
import { redactText } from '../core/redact.js';
import { findNote, saveNote } from './notes.js';
import { noteTimestamp } from '../core/time.js';

function mustFind(root: string, id: string): Note {
  const { note, problems } = findNote(root, id);
  if (!note) throw new Error(problems[0] ? `${problems[0].path}: ${problems[0].reason}` : `no note with id "${id}"`);
  return note;
}

/** Archive a note: it stays on disk and in history, but leaves the session context and default search. */
export function archiveNote(root: string, id: string, reason?: string, now = new Date()): Note {
  const note = mustFind(root, id);
  const data = { ...note.data, archived: noteTimestamp(now), ...(reason ? { archivedReason: redactText(reason) } : {}) };
  const updated: Note = { ...note, status: 'archived', updated: noteTimestamp(now), data };
  saveNote(root, updated);
  return updated;
}

/** Mark `oldId` as superseded by `newId`, and record the link on both notes. */
export function supersedeNote(root: string, oldId: string, newId: string, now = new Date()): { old: Note; replacement: Note } {
  if (oldId === newId) throw new Error('a note cannot supersede itself');
  const old = mustFind(root, oldId);
  const replacement = mustFind(root, newId);
  const time = noteTimestamp(now);
  const oldNext: Note = { ...old, status: 'superseded', updated: time, data: { ...old.data, supersededBy: newId } };
  const newNext: Note = {
    ...replacement,
    updated: time,
    supersedes: replacement.supersedes.includes(oldId) ? replacement.supersedes : [...replacement.supersedes, oldId],
  };
  saveNote(root, oldNext);
  saveNote(root, newNext);
  return { old: oldNext, replacement: newNext };
}
