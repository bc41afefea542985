/**
 * Text from notes and file names reaches places where a character can do more than show itself: a terminal (escape
 * sequences, BEL, a carriage return that overwrites the line), a line-oriented listing (a newline forges a line), and
 * Claude's context (a line break ends the line a value was given on). Two pure functions cover them; the fences of
 * injected text are in core/fence.ts.
 */

/** Characters that end a line somewhere: in a terminal, in Unicode text, in a model's reading. */
const LINE_BREAKS = '\\n\\r\\v\\f\\u0085\\u2028\\u2029';
/**
 * Characters that show nothing but act: C0 and C1 controls, DEL, zero-width and joiner characters, bidirectional
 * overrides and isolates (which reorder what a reader sees), the BOM, interlinear annotation marks, and Unicode tag
 * characters (invisible ASCII look-alikes).
 */
const INVISIBLE =
  '\\u0000-\\u0008\\u000e-\\u001f\\u007f-\\u0084\\u0086-\\u009f\\u00ad\\u061c\\u180e\\u200b-\\u200f\\u202a-\\u202e\\u2060-\\u2064\\u2066-\\u206f\\ufeff\\ufff9-\\ufffb';
const TAG_CHARACTERS = '\\u{e0000}-\\u{e007f}';

const BREAK_OR_INVISIBLE = new RegExp(`[${LINE_BREAKS}${INVISIBLE}\\t${TAG_CHARACTERS}]+`, 'gu');

/** Pure: `text` on one line: line breaks, tabs and invisible characters become a space, runs of spaces one. */
export function singleLine(text: string): string {
  return text.replace(BREAK_OR_INVISIBLE, ' ').replace(/ {2,}/g, ' ').trim();
}

const TERMINAL_UNSAFE = new RegExp(`[${LINE_BREAKS}${INVISIBLE}${TAG_CHARACTERS}]`, 'gu');
const TERMINAL_UNSAFE_KEEP_LINES = new RegExp(`[\\r\\v\\f\\u0085\\u2028\\u2029${INVISIBLE}${TAG_CHARACTERS}]`, 'gu');

function visible(char: string): string {
  const code = char.codePointAt(0)!;
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u{${code.toString(16)}}`;
}

/**
 * Pure: `text` safe to print to a terminal: every control, line-breaking or invisible character is shown as an
 * escape (`\x1b`, `\x07`, `\u{202e}` …) so a file name shows what it is, and can neither drive the terminal nor
 * forge a line. `keepLines`: text that is several lines by design (a note's body) keeps its `\n` and tabs.
 */
export function escapeForTerminal(text: string, options: { keepLines?: boolean } = {}): string {
  return text.replace(options.keepLines ? TERMINAL_UNSAFE_KEEP_LINES : TERMINAL_UNSAFE, visible);
}

/** Legal in a JSON string, but acting on terminals and readers: DEL, C1 controls, separators, invisible and bidi marks. */
const JSON_UNSAFE = /[\u007f-\u009f\u00ad\u061c\u200b-\u200f\u2028\u2029\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff]/g;

/**
 * Pure: JSON text (as JSON.stringify writes it, which escapes C0 controls itself) with those characters written as
 * `\u` escapes too: the same JSON value, safe to print or `tail`.
 */
export function escapeJsonText(json: string): string {
  return json.replace(JSON_UNSAFE, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
