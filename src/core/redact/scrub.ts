/**
 * Exact-match scrubbing: what was redacted from one text is removed from another wherever it turns up, also when
 * URL-encoded, JSON-escaped or base64-encoded. Compression redacts its input, but a model may still answer with
 * a value it should never have had (or a hostile one may plant it); its output is scrubbed of every value taken
 * out of its input before anything is written.
 */
import { findSecretsDetailed, redact } from './engine.js';
import { placeholderFor } from './placeholders.js';
import { stripPrivate } from './private-spans.js';

/** A value redaction removed, with the kind it was found as. */
export interface RedactedValue {
  kind: string;
  value: string;
}

/** Values shorter than this are not scrubbed elsewhere: they would match ordinary text. */
export const MIN_SCRUB_LENGTH = 4;
/** Lines of a multi-line value, and parts of a value that mix letters and digits, are scrubbed on their own from these lengths on. */
const MIN_LINE_LENGTH = 16;
const MIN_PART_LENGTH = 8;

/** Like `redact`, and also returns each distinct value it removed (private spans excepted: they are not values). */
export function redactWithValues(text: string): { text: string; values: RedactedValue[] } {
  const base = stripPrivate(text);
  const { text: out, findings } = redact(base);
  const seen = new Set<string>();
  const values: RedactedValue[] = [];
  const add = (kind: string, value: string): void => {
    if (seen.has(value)) return;
    seen.add(value);
    values.push({ kind, value });
  };
  for (const f of findings) add(f.kind, base.slice(f.start, f.end));
  // Each rule's own span too: `GH_TOKEN=ghp_… gh api` redacts the line, but the token may come back alone.
  if (findings.length) for (const f of findSecretsDetailed(base).spans) add(f.kind, base.slice(f.start, f.end));
  return { text: out, values };
}

const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The spellings a value may take in another text. */
function variants(value: string): string[] {
  const out = new Set<string>([value]);
  out.add(encodeURIComponent(value));
  out.add(encodeURIComponent(value).replace(/%20/g, '+'));
  out.add(JSON.stringify(value).slice(1, -1));
  const b64 = Buffer.from(value, 'utf8').toString('base64');
  out.add(b64);
  out.add(b64.replace(/=+$/, ''));
  out.add(Buffer.from(value, 'utf8').toString('base64url'));
  // A multi-line secret (a key block, also one with escaped `\n`) may come back with other line endings or
  // one line at a time.
  if (value.includes('\n')) out.add(value.replace(/\r?\n/g, '\r\n'));
  for (const line of value.split(/\r?\n|\\n/)) if (line.trim().length >= MIN_LINE_LENGTH) out.add(line.trim());
  // Random-looking parts of a longer value (the token at the end of a webhook URL, a key inside a line).
  for (const part of value.split(/[\s/:@?&=,;."'`]+/)) {
    if (part.length >= MIN_PART_LENGTH && /[0-9]/.test(part) && /[A-Za-z]/.test(part)) out.add(part);
  }
  return [...out].filter((v) => v.length >= MIN_SCRUB_LENGTH);
}

/**
 * Replaces every occurrence of each value (and its encoded spellings) in `text` with the value's placeholder.
 * Longer values win where they overlap. Linear in the text for a fixed set of values.
 */
export function scrubValues(text: string, values: readonly RedactedValue[]): string {
  const kindOf = new Map<string, string>();
  for (const { kind, value } of values) {
    if (value.length < MIN_SCRUB_LENGTH) continue;
    for (const v of variants(value)) if (!kindOf.has(v)) kindOf.set(v, kind);
  }
  if (kindOf.size === 0) return text;
  const alternatives = [...kindOf.keys()].sort((a, b) => b.length - a.length).map(escapeRegExp);
  const re = new RegExp(alternatives.join('|'), 'g');
  return text.replace(re, (match) => placeholderFor(kindOf.get(match) ?? 'scrubbed'));
}
