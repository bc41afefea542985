import type { Note } from '../core/types.js';
import { redactText } from '../core/redact/index.js';
import { findNote, loadNotes, saveNote } from './notes.js';
import { replacementPath, supersedeGraph } from './supersede-graph.js';
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

/**
 * Mark `oldId` as superseded by `newId`, and record the link on both notes. Refused, with the reason, when the
 * replacement is itself superseded or archived (both notes would drop out of sight), or when `newId` is already
 * replaced by `oldId`, directly or through a chain (the link would close a cycle).
 */
export function supersedeNote(root: string, oldId: string, newId: string, now = new Date()): { old: Note; replacement: Note } {
  if (oldId === newId) throw new Error('a note cannot supersede itself');
  const old = mustFind(root, oldId);
  const replacement = mustFind(root, newId);
  if (replacement.status === 'superseded') {
    const by = typeof replacement.data.supersededBy === 'string' ? ` by ${replacement.data.supersededBy}` : '';
    throw new Error(`${replacement.path}: cannot be the replacement, it is itself superseded${by}; supersede ${oldId} with the note that replaced it`);
  }
  if (replacement.status === 'archived') throw new Error(`${replacement.path}: cannot be the replacement, it is archived`);
  const cycle = replacementPath(supersedeGraph(loadNotes(root).notes), newId, oldId);
  if (cycle) throw new Error(`${old.path}: cannot be superseded by ${newId}, which is already replaced by it (${cycle.join(' → ')}); that would make a cycle`);
  const date = noteTimestamp(now);
  const oldNext: Note = { ...old, status: 'superseded', updated: date, data: { ...old.data, supersededBy: newId } };
  const newNext: Note = {
    ...replacement,
    updated: date,
    supersedes: replacement.supersedes.includes(oldId) ? replacement.supersedes : [...replacement.supersedes, oldId],
  };
  saveNote(root, oldNext);
  saveNote(root, newNext);
  return { old: oldNext, replacement: newNext };
}
