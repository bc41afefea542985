import path from 'node:path';
import { isInside } from '../../core/paths.js';
import { isValidId } from '../../store/id.js';

/**
 * Checks at the MCP boundary. Tool arguments come from a model that may have read untrusted text, so every id and
 * path is checked here even though the store checks ids again: an id must name a note, never a path.
 */

export const MAX_ID_LENGTH = 128;
export const MAX_PATH_LENGTH = 400;
const ID_HINT = 'note ids look like "jwt-rs256-k3f9"; memory_search lists them';

/** Thrown for bad tool input; the server turns it into an MCP error result carrying this text. */
export class ToolInputError extends Error {}

/** Undo URL-encoding until the text stops changing, so `%252e%252e%252f` is judged as the `../` it hides. */
export function decodeRepeatedly(raw: string): string {
  let current = raw;
  for (let round = 0; round < 5; round++) {
    let next: string;
    try {
      next = decodeURIComponent(current);
    } catch {
      throw new ToolInputError(`"${preview(raw)}" is not a valid note id: malformed URL encoding; ${ID_HINT}`);
    }
    if (next === current) return current;
    current = next;
  }
  throw new ToolInputError(`"${preview(raw)}" is not a valid note id: encoded too many times; ${ID_HINT}`);
}

function preview(text: string): string {
  const printable = text.replace(/[\u0000-\u001f\u007f]/g, '?');
  return printable.length > 60 ? `${printable.slice(0, 57)}...` : printable;
}

/** The id itself, or a ToolInputError naming why it cannot be one. */
export function checkNoteId(raw: string): string {
  const id = decodeRepeatedly(raw.trim());
  const refuse = (why: string) => new ToolInputError(`"${preview(raw)}" is not a valid note id: ${why}; ${ID_HINT}`);
  if (!id) throw refuse('it is empty');
  if (id.length > MAX_ID_LENGTH) throw refuse(`longer than ${MAX_ID_LENGTH} characters`);
  if (id.includes('\0')) throw refuse('it contains a NUL byte');
  if (id.includes('/') || id.includes('\\')) throw refuse('ids never contain slashes');
  if (id.includes('..')) throw refuse('ids never contain ".."');
  if (path.isAbsolute(id) || /^[a-z]:/i.test(id)) throw refuse('ids are not paths');
  if (!isValidId(id)) throw refuse('only letters, digits, ".", "_" and "-" are allowed');
  return id;
}

/**
 * A repository-relative file path with forward slashes, for matching against the `files` of notes. It is only ever
 * compared, never opened; absolute paths inside the repository are made relative, anything outside is refused.
 */
export function checkRepoFile(root: string, raw: string): string {
  const text = raw.trim();
  const refuse = (why: string) => new ToolInputError(`"${preview(raw)}" is not a usable file path: ${why}`);
  if (!text) throw refuse('it is empty');
  if (text.length > MAX_PATH_LENGTH) throw refuse(`longer than ${MAX_PATH_LENGTH} characters`);
  if (text.includes('\0')) throw refuse('it contains a NUL byte');
  const slashed = text.replace(/\\/g, '/');
  const absolute = path.isAbsolute(slashed) ? path.resolve(slashed) : path.resolve(root, slashed);
  if (!isInside(path.resolve(root), absolute)) throw refuse('it lies outside the repository');
  const rel = path.relative(root, absolute).split(path.sep).join('/');
  if (!rel) throw refuse('it names the repository itself');
  return rel;
}
