/**
 * Note operations, whichever path produced them, and the one place they reach the store.
 * The store redacts every note it writes; operations only decide what to write.
 */
import { logEvent } from '../cache/log.js';
import type { NewNote, Note } from '../core/types.js';
import { supersedeNote } from '../store/lifecycle.js';
import { mergeNote } from '../store/merge.js';
import { addNote, buildNote, findNote, loadNotes, saveNote } from '../store/notes.js';
import { findDuplicate } from '../store/similar.js';
import { noteTimestamp } from '../core/time.js';
import type { MemoryNoteInput } from './schema.js';

export type NoteOperation =
  /** `id`: fixed before anything is written (the range's record), so a redo after a crash updates this note. */
  | { kind: 'create'; note: NewNote; supersedes?: string[]; id?: string }
  | { kind: 'update'; id: string; title?: string; body: string; tags?: string[]; files?: string[]; supersedes?: string[] };

export interface AppliedNotes {
  created: Note[];
  updated: Note[];
  /** Operations that could not be applied (a note vanished, a lifecycle rule refused), with the reason. */
  skipped: string[];
  /** New notes that duplicated an existing one and updated it instead, with why they matched. */
  merged: Array<{ title: string; into: string; reason: string }>;
}

/** Pure: the operations a validated `record_memories` input asks for. */
export function operationsFromMemories(notes: MemoryNoteInput[], sessionId: string): NoteOperation[] {
  return notes.map((note) => {
    const supersedes = note.supersedes?.length ? note.supersedes : undefined;
    if (note.updates) return { kind: 'update', id: note.updates, title: note.title, body: note.body, tags: note.tags, files: note.files, supersedes };
    return {
      kind: 'create',
      note: { title: note.title, type: note.type, body: note.body, topic: note.topic, tags: note.tags, files: note.files, source: { session: sessionId } },
      supersedes,
    };
  });
}

function union(a: string[], b: string[] | undefined): string[] {
  return [...new Set([...a, ...(b ?? [])])];
}

/** A create whose fixed id names a note that exists: the crashed run's note, rewritten with this run's content. */
function redoCreate(root: string, op: Extract<NoteOperation, { kind: 'create' }>, now: Date): Note | undefined {
  const existing = op.id ? findNote(root, op.id).note : undefined;
  if (!existing) return undefined;
  const fresh = buildNote(op.note, existing.id, existing.created ?? noteTimestamp(now));
  const note: Note = {
    ...existing,
    title: fresh.title,
    type: fresh.type,
    tags: fresh.tags,
    files: fresh.files,
    body: fresh.body,
    source: fresh.source ?? existing.source,
    updated: noteTimestamp(now),
  };
  saveNote(root, note);
  return note;
}

/**
 * Write the operations; one that fails is reported in `skipped`, the others still happen. A new note that holds the
 * same memory as an active one (title, files, body: see store/similar.ts) updates that one instead: the same lesson
 * compressed from two sessions leaves one note. A create whose fixed id names an existing note is a redo of a
 * killed run and rewrites that note. `afterEach` runs after each operation is written (the flow's test-only crash
 * points).
 */
export function applyOperations(root: string, operations: NoteOperation[], now = new Date(), afterEach?: () => void): AppliedNotes {
  const result: AppliedNotes = { created: [], updated: [], skipped: [], merged: [] };
  const touched = new Map<string, Note>();
  let active: Note[] | undefined;
  const activeNotes = () => (active ??= loadNotes(root).notes.filter((note) => note.status === 'active'));
  for (const op of operations) {
    try {
      let target: Note;
      if (op.kind === 'create') {
        const redone = redoCreate(root, op, now);
        // A note the new one replaces is not one to merge into.
        const candidates = redone ? [] : activeNotes().filter((note) => !op.supersedes?.includes(note.id));
        const duplicate = redone ? undefined : findDuplicate({ ...op.note, files: op.note.files ?? [] }, candidates);
        if (redone) {
          target = redone;
          result.created.push(target);
        } else if (duplicate) {
          const current = touched.get(duplicate.note.id) ?? duplicate.note;
          target = mergeNote(current, op.note, noteTimestamp(now));
          if (saveNote(root, target).written && !result.created.some((n) => n.id === target.id)) touched.set(target.id, target);
          active = activeNotes().map((note) => (note.id === target.id ? target : note));
          result.merged.push({ title: op.note.title, into: target.id, reason: duplicate.similarity.reason });
          logEvent(root, 'info', 'compression: a new note held the same memory as an existing one, which was updated instead', {
            title: op.note.title,
            into: target.id,
            reason: duplicate.similarity.reason,
          });
        } else {
          target = addNote(root, op.note, now, op.id ? { id: op.id } : {});
          result.created.push(target);
          activeNotes().push(target);
        }
      } else {
        const { note } = findNote(root, op.id);
        if (!note) {
          result.skipped.push(`update of ${op.id}: no such note`);
          continue;
        }
        target = {
          ...note,
          title: op.title ?? note.title,
          body: op.body,
          tags: union(note.tags, op.tags),
          files: union(note.files, op.files),
          updated: noteTimestamp(now),
        };
        if (saveNote(root, target).written) touched.set(target.id, target);
      }
      for (const oldId of op.supersedes ?? []) {
        try {
          const { old, replacement } = supersedeNote(root, oldId, target.id, now);
          touched.set(old.id, old);
          if (!result.created.some((n) => n.id === replacement.id)) touched.set(replacement.id, replacement);
        } catch (err) {
          result.skipped.push(`supersede ${oldId}: ${(err as Error).message}`);
        }
      }
      afterEach?.();
    } catch (err) {
      result.skipped.push(`${op.kind === 'create' ? `create "${op.note.title}"` : `update ${op.id}`}: ${(err as Error).message}`);
    }
  }
  result.updated = [...touched.values()].filter((note) => !result.created.some((c) => c.id === note.id));
  return result;
}
