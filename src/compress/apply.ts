/**
 * Note operations, whichever path produced them, and the one place they reach the store.
 * The store redacts every note it writes; operations only decide what to write.
 */
import type { NewNote, Note } from '../core/types.js';
import { supersedeNote } from '../store/lifecycle.js';
import { addNote, findNote, saveNote } from '../store/notes.js';
import { noteTimestamp } from '../core/time.js';
import type { MemoryNoteInput } from './schema.js';

export type NoteOperation =
  | { kind: 'create'; note: NewNote; supersedes?: string[] }
  | { kind: 'update'; id: string; title?: string; body: string; tags?: string[]; files?: string[]; supersedes?: string[] };

export interface AppliedNotes {
  created: Note[];
  updated: Note[];
  /** Operations that could not be applied (a note vanished, a lifecycle rule refused), with the reason. */
  skipped: string[];
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

/** Write the operations; one that fails is reported in `skipped`, the others still happen. */
export function applyOperations(root: string, operations: NoteOperation[], now = new Date()): AppliedNotes {
  const result: AppliedNotes = { created: [], updated: [], skipped: [] };
  const touched = new Map<string, Note>();
  for (const op of operations) {
    try {
      let target: Note;
      if (op.kind === 'create') {
        target = addNote(root, op.note, now);
        result.created.push(target);
      } else {
        const { note } = findNote(root, op.id);
        if (!note) {
          result.skipped.push(`update of ${op.id}: no such note`);
          continue;
        }
        target = { ...note, title: op.title ?? note.title, body: op.body, tags: union(note.tags, op.tags), files: union(note.files, op.files), updated: noteTimestamp(now) };
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
    } catch (err) {
      result.skipped.push(`${op.kind === 'create' ? `create "${op.note.title}"` : `update ${op.id}`}: ${(err as Error).message}`);
    }
  }
  result.updated = [...touched.values()].filter((note) => !result.created.some((c) => c.id === note.id));
  return result;
}
