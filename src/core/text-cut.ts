/**
 * Shortening text for notes, summaries and digests without breaking what a reader searches for: code spans, issue
 * and pull-request references (`#123`), file paths and URLs are never cut, and sentences are kept whole or left out.
 * Pure and linear in the length of the text.
 */

/** Things that must survive whole: code spans, URLs, `#123`, paths with a folder, and file names with an extension. */
const PROTECTED =
  /`[^`\n]{1,200}`|\bhttps?:\/\/[^\s<>"'`)\]]*[^\s<>"'`)\].,;:!?]|(?<![\w&])#\d+\b|(?:[\w@.-]+\/)+[\w@.-]*[\w@]|\b[\w-]+(?:\.[\w-]+)*\.(?:[cm]?[jt]sx?|json|md|ya?ml|toml|sql|lua|py|rb|go|rs|java|kt|sh|css|scss|html|lock|env|txt|cfg|ini|xml|proto)\b/g;

/** Pure: [start, end) of every protected token, in order. */
export function protectedRanges(text: string): Array<[number, number]> {
  const ranges: Array<[number, number]> = [];
  for (const match of text.matchAll(PROTECTED)) ranges.push([match.index, match.index + match[0].length]);
  return ranges;
}

function insideAny(position: number, ranges: Array<[number, number]>): boolean {
  return ranges.some(([start, end]) => position > start && position < end);
}

/**
 * Pure: `text` cut to at most `max` characters (ellipsis included) at a space that is not inside a protected token.
 * A text whose first token alone is longer than `max` comes back as that token plus the ellipsis, so a path or a
 * reference is never broken; callers that cannot afford that check the length.
 */
export function cutAtBoundary(text: string, max: number, ellipsis = '…'): string {
  const flat = text.trim();
  if (flat.length <= max) return flat;
  const ranges = protectedRanges(flat);
  const limit = Math.max(0, max - ellipsis.length);
  for (let i = Math.min(limit, flat.length - 1); i > 0; i--) {
    if (/\s/.test(flat[i]!) && !insideAny(i, ranges)) return `${flat.slice(0, i).replace(/[\s,;:([{-]+$/, '')}${ellipsis}`;
  }
  // No space to cut at before the limit: keep the first whole token (a code span may hold spaces).
  for (let i = 1; i < flat.length; i++) {
    if (/\s/.test(flat[i]!) && !insideAny(i, ranges)) return `${flat.slice(0, i)}${ellipsis}`;
  }
  return flat;
}

/** Words before a full stop that do not end a sentence. */
const ABBREVIATION = /(?:\b(?:e\.g|i\.e|etc|vs|cf|approx|incl|fig|no|mr|mrs|dr|st)|\b[A-Z])\.$/i;

/**
 * Pure: the sentences of a paragraph (line breaks end sentences too), split after `.`, `!` or `?` followed by space,
 * but not after an abbreviation and never inside a protected token (so `v1.6.0`, `src/a.ts.` and `e.g. this` hold).
 */
export function splitSentences(text: string): string[] {
  const out: string[] = [];
  for (const line of text.split(/\n+/)) {
    const flat = line.replace(/\s+/g, ' ').trim();
    if (!flat) continue;
    const ranges = protectedRanges(flat);
    let start = 0;
    for (const match of flat.matchAll(/[.!?]+(?=\s)/g)) {
      const end = match.index + match[0].length;
      if (insideAny(match.index, ranges) || ABBREVIATION.test(flat.slice(start, end))) continue;
      out.push(flat.slice(start, end).trim());
      start = end;
    }
    const rest = flat.slice(start).trim();
    if (rest) out.push(rest);
  }
  return out.filter(Boolean);
}

/** Pure: the leading whole sentences of `text` that fit in `max` characters; empty when the first does not fit. */
export function leadingSentences(text: string, max: number): string {
  let out = '';
  for (const sentence of splitSentences(text)) {
    const next = out ? `${out} ${sentence}` : sentence;
    if (next.length > max) break;
    out = next;
  }
  return out;
}

/**
 * Pure: a position at or before `pos` (not before `min`) where `text` can be cut: just before a space that is not
 * inside a protected token; without one in range, `pos` moved to the start of the protected token it falls in.
 */
export function boundaryBefore(text: string, pos: number, min = 0, ranges = protectedRanges(text)): number {
  for (let i = Math.min(pos, text.length); i > min; i--) if (/\s/.test(text[i] ?? ' ') && !insideAny(i, ranges)) return i;
  // Rather less than wanted than a broken token.
  const inside = ranges.find(([start, end]) => pos > start && pos < end);
  return inside ? inside[0] : pos;
}

/** Pure: the mirror of `boundaryBefore`: where a kept tail can start, at or after `pos` (a space before `max`, or the end of the token `pos` falls in). */
export function boundaryAfter(text: string, pos: number, max = text.length, ranges = protectedRanges(text)): number {
  for (let i = Math.max(pos, 0); i < max; i++) if (/\s/.test(text[i - 1] ?? ' ') && !insideAny(i, ranges)) return i;
  const inside = ranges.find(([start, end]) => pos > start && pos < end);
  return inside ? inside[1] : pos;
}
