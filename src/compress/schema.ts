/**
 * The `record_memories` tool: its JSON schema (sent to the model) and the validation of what comes back.
 * Validation is per note: one bad note is dropped with a reason, the good ones are kept, and nothing invalid is
 * ever handed to the store.
 */
import { z } from 'zod';
import { NOTE_TYPES } from '../core/types.js';
import { isValidId } from '../store/id.js';

export const TOOL_NAME = 'record_memories';

export const MAX_TITLE_CHARS = 120;
export const MAX_BODY_CHARS = 2000;

/** What the model is told; kept in step with `noteSchema` below by the tests. */
export const RECORD_MEMORIES_TOOL = {
  name: TOOL_NAME,
  description:
    'Record what a future session on this repository should know from the work just done. ' +
    'Each note is one durable fact, decision, convention, gotcha, bugfix, howto or open todo. ' +
    'To change an existing note, give its id in `updates`; to replace one that is now wrong, give its id in `supersedes`. ' +
    'Return an empty list when nothing is worth remembering.',
  input_schema: {
    type: 'object' as const,
    properties: {
      notes: {
        type: 'array',
        items: {
          type: 'object',
          properties: {
            title: { type: 'string', description: `One line, at most ${MAX_TITLE_CHARS} characters, stating the point.` },
            type: { type: 'string', enum: [...NOTE_TYPES] },
            body: { type: 'string', description: 'A few plain sentences: the point, the reason, where it applies. Markdown allowed.' },
            topic: { type: 'string', description: 'One lowercase word or slug grouping related notes, e.g. auth, build, db.' },
            tags: { type: 'array', items: { type: 'string' } },
            files: { type: 'array', items: { type: 'string' }, description: 'Repository-relative paths the note is about.' },
            supersedes: { type: 'array', items: { type: 'string' }, description: 'Ids of existing notes this one replaces.' },
            updates: { type: 'string', description: 'Id of an existing note to rewrite with this content instead of creating a new one.' },
          },
          required: ['title', 'type', 'body'],
        },
      },
    },
    required: ['notes'],
  },
};

const repoPath = z
  .string()
  .trim()
  .min(1)
  .max(300)
  .refine((file) => !file.startsWith('/') && !/^[a-z]:/i.test(file) && !file.split(/[\\/]/).includes('..'), 'must be a path inside the repository');

const noteId = z.string().trim().refine(isValidId, 'not a valid note id');

const noteSchema = z.object({
  title: z.string().trim().min(3).max(MAX_TITLE_CHARS),
  type: z.enum(NOTE_TYPES),
  body: z.string().trim().min(1).max(MAX_BODY_CHARS),
  topic: z.string().trim().max(40).optional(),
  tags: z.array(z.string().trim().min(1).max(40)).max(8).optional(),
  files: z.array(repoPath).max(20).optional(),
  supersedes: z.array(noteId).max(5).optional(),
  updates: noteId.optional(),
});

export type MemoryNoteInput = z.infer<typeof noteSchema>;

export interface ValidatedMemories {
  notes: MemoryNoteInput[];
  /** One line per dropped note or field: which and why. */
  dropped: string[];
  /** The input as a whole was unusable (not an object with a `notes` array). */
  invalid: boolean;
}

export interface ValidateOptions {
  maxNotes: number;
  /** Ids the model was shown; `updates` and `supersedes` may only name these. */
  knownIds: ReadonlySet<string>;
}

/** Pure: the notes of a `record_memories` input that are safe to write. */
export function validateMemories(input: unknown, options: ValidateOptions): ValidatedMemories {
  const dropped: string[] = [];
  const envelope = z.object({ notes: z.array(z.unknown()) }).safeParse(input);
  if (!envelope.success) return { notes: [], dropped: ['tool input has no "notes" list'], invalid: true };
  const notes: MemoryNoteInput[] = [];
  envelope.data.notes.forEach((raw, index) => {
    const parsed = noteSchema.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      dropped.push(`note ${index + 1}: ${issue ? `${issue.path.join('.') || 'note'} ${issue.message}` : 'invalid'}`);
      return;
    }
    const note = { ...parsed.data };
    // A model cannot rewrite or retire a note it was not shown: the ids it may name are the ones it saw.
    if (note.updates && !options.knownIds.has(note.updates)) {
      dropped.push(`note ${index + 1}: updates unknown note "${note.updates}"; created as new`);
      delete note.updates;
    }
    if (note.supersedes) {
      const known = note.supersedes.filter((id) => options.knownIds.has(id) && id !== note.updates);
      if (known.length !== note.supersedes.length) dropped.push(`note ${index + 1}: ignored supersedes of unknown notes`);
      note.supersedes = known;
    }
    if (notes.length >= options.maxNotes) {
      dropped.push(`note ${index + 1}: over the limit of ${options.maxNotes} notes per compression`);
      return;
    }
    notes.push(note);
  });
  return { notes, dropped, invalid: false };
}
