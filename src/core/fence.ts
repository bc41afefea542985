import { singleLine } from './text-safety.js';

/**
 * Every string this tool injects into Claude's context — the session-start text, the prompt pointers, the MCP
 * answers — comes from notes and file names anyone with push access wrote. It sits inside a fence that labels it as
 * data (`<project-memory … kind="data">`), and nothing in it may end that fence, open another, pose as a system or
 * turn marker, or start an instruction line of its own. Two functions, used by every injector:
 *
 * - `fenceField`: one value (a title, a summary, a path, an id, a topic): single line, and escaped;
 * - `fenceBlock`: text that is several lines by design (layer 0, a note's body for memory_get): each line escaped.
 *
 * Escaping: an angle bracket — ASCII or any look-alike (full-width, small form, mathematical, Canadian syllabics,
 * single guillemets …) — that begins something tag-like (`</project-memory>`, `< /x>`, `<|im_end|>`,
 * `<system-reminder>`, `<!--`) becomes `&lt;`; an entity that could be read back as one (`&lt;`, `&#60;`) has its
 * `&` escaped; invisible characters (zero-width, bidirectional controls, tag characters) go. A `<` that begins
 * nothing tag-like (`a < b`, `<=`, `->`) is left as it is.
 */

/** `<` and the characters that look like it. */
const OPEN = '<\u02c2\u2039\u2329\u227a\u27e8\u276c\u276e\u29fc\u3008\u300a\ufe64\uff1c\u1438';
/** `/` and the characters that look like it, between a bracket and a tag name. */
const SLASH = '/\\\\\u2044\u2215\u29f8\uff0f\u2571';
/** What may follow the bracket in a tag-like opening: spaces, combining marks and slashes, then a letter, a digit, `|`, `!`, `?`, `_`. */
const TAG_LIKE = new RegExp(`[${OPEN}](?=[\\s\\p{M}${SLASH}]*[\\p{L}\\p{N}|!?_])`, 'gu');
/** An HTML entity (named or numeric): `&` escaped so it cannot be read back as the character it names. */
const ENTITY = /&(?=#\d{1,7};|#x[0-9a-f]{1,6};|[a-z][a-z0-9]{1,31};)/gi;
/** Invisible characters inside a line (a block keeps its `\n`; a field has none left). */
const INVISIBLE_IN_LINE =
  /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb]|\udb40[\udc00-\udc7f]/g;
/** Line breaks other than `\n` (a block's lines are `\n` lines): CRLF ends a line, the others are a space. */
const OTHER_BREAKS = /\r(?!\n)|[\u0085\u2028\u2029\u000b\u000c]/g;

function escapeTags(text: string): string {
  return text.replace(ENTITY, '&amp;').replace(TAG_LIKE, '&lt;');
}

/** Pure: one injected value, on one line, escaped, and cut to `max` characters (with an ellipsis) when given. */
export function fenceField(text: string, max?: number): string {
  const flat = escapeTags(singleLine(text));
  return max !== undefined && flat.length > max ? `${flat.slice(0, Math.max(0, max - 1)).trimEnd()}…` : flat;
}

/**
 * Pure: injected text of several lines, each escaped. Only `\n` (or CRLF) separates lines: a lone CR, NEL, the
 * Unicode line and paragraph separators, VT and FF become a space, so nothing starts a line the block did not have.
 */
export function fenceBlock(text: string): string {
  return escapeTags(text.replace(/\r\n/g, '\n').replace(OTHER_BREAKS, ' ').replace(INVISIBLE_IN_LINE, ''));
}
