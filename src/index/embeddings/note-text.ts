import { createHash } from 'node:crypto';

/**
 * What of a note the sentence model reads, and the key its vector is cached under.
 *
 * Title, tags and body in one text measured best of the variants tried (title alone, body alone, title + body, the
 * best single sentence); see docs/search.md. A note is short by design; the cap bounds the work one hostile note can
 * cause (the model's cost grows with length).
 */
export const EMBEDDING_TEXT_MAX_CHARS = 2_000;

export interface EmbeddableNote {
  title: string;
  tags: readonly string[];
  body: string;
}

export function embeddingText(note: EmbeddableNote): string {
  const parts = [note.title.trim(), note.tags.join(', ').trim(), flatBody(note.body)].filter(Boolean);
  const text = parts.join('. ');
  return text.length > EMBEDDING_TEXT_MAX_CHARS ? text.slice(0, EMBEDDING_TEXT_MAX_CHARS) : text;
}

/**
 * The body on one line, whitespace runs made single spaces. Nothing past the cap survives the cut, so a long body
 * is flattened from a prefix when that prefix alone fills the cap (it reads the same there as the whole body would).
 */
function flatBody(body: string): string {
  const prefix = EMBEDDING_TEXT_MAX_CHARS + 200;
  if (body.length > prefix) {
    const head = body.slice(0, prefix).replace(/\s+/g, ' ').trimStart();
    if (head.trimEnd().length >= EMBEDDING_TEXT_MAX_CHARS) return head;
  }
  return body.replace(/\s+/g, ' ').trim();
}

/** The cache key of a text: a note whose embedded text did not change keeps its vector across renames and edits of other fields. */
export function contentKey(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('base64url').slice(0, 22);
}
