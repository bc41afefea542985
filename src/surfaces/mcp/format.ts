import type { CatalogEntry } from '../../index/catalog.js';
import { fenceField } from '../../core/fence.js';

/** Every tool answer stays under this many characters, whatever the corpus or the request. */
export const MAX_RESPONSE_CHARS = 20_000;
/** One note in memory_get is cut past this, so one huge note cannot crowd out the others asked for. */
export const MAX_NOTE_CHARS = 8_000;

export type NoteLine = Pick<CatalogEntry, 'id' | 'title' | 'type' | 'updated' | 'path' | 'tokens' | 'status'> & { reasons?: string[] };

/**
 * One compact line per note: what a model needs to decide whether the whole note is worth fetching. Every value is
 * one line and escaped (core/fence.ts): a title or a path cannot end the answer's line or pose as a tag.
 */
export function noteLine(note: NoteLine): string {
  const kind = note.status && note.status !== 'active' ? `${note.type}, ${note.status}` : note.type;
  const parts = [
    fenceField(note.id),
    fenceField(note.title, 160),
    fenceField(kind),
    fenceField(note.updated || '-'),
    fenceField(note.path),
    `~${note.tokens} tokens`,
  ];
  if (note.reasons?.length) parts.push(`why: ${note.reasons.map((reason) => fenceField(reason)).join('; ')}`);
  return parts.join(' | ');
}

/** Cut text to `max` characters at a line end when one is near, saying how much was left out and how to get it. */
export function truncate(text: string, max: number, hint: string): string {
  if (text.length <= max) return text;
  const room = Math.max(0, max - 120);
  const cut = text.lastIndexOf('\n', room);
  const kept = text.slice(0, cut > room * 0.8 ? cut : room);
  return `${kept}\n[… truncated: ${text.length - kept.length} more characters; ${hint}]`;
}

/** The whole answer of a tool, bounded. */
export function bounded(text: string): string {
  return truncate(text, MAX_RESPONSE_CHARS, 'ask for fewer notes or narrow the query');
}
