/**
 * The model's answer is untrusted: it may repeat a value that was redacted from its input (a secret it saw
 * another way, or one a hostile transcript planted). Every value taken out of the input is removed from every text
 * field of every proposed note before anything is written; the store then redacts what it writes as usual.
 */
import { scrubValues, type RedactedValue } from '../core/redact/index.js';
import type { MemoryNoteInput } from './schema.js';

/** Pure: the notes with every redacted input value scrubbed out, and how many notes that changed. */
export function scrubModelNotes(notes: MemoryNoteInput[], secrets: readonly RedactedValue[]): { notes: MemoryNoteInput[]; changed: number } {
  if (!secrets.length) return { notes, changed: 0 };
  const scrub = (text: string) => scrubValues(text, secrets);
  let changed = 0;
  const out = notes.map((note) => {
    const next: MemoryNoteInput = {
      ...note,
      title: scrub(note.title),
      body: scrub(note.body),
      ...(note.topic === undefined ? {} : { topic: scrub(note.topic) }),
      ...(note.tags === undefined ? {} : { tags: note.tags.map(scrub) }),
      ...(note.files === undefined ? {} : { files: note.files.map(scrub) }),
    };
    if (JSON.stringify(next) !== JSON.stringify(note)) changed++;
    return next;
  });
  return { notes: out, changed };
}
