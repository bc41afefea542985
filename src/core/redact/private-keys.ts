/**
 * PEM, OpenSSH and PGP private key blocks, from BEGIN to END. A block without its END (truncated tool output) is
 * redacted through the end of its base64 body, which is as far as the key can extend.
 */
import type { Span } from './types.js';

export const PEM_BEGIN_RE = /-----BEGIN[ A-Z0-9]{0,40}PRIVATE KEY(?: BLOCK)?-----/g;
export const PEM_END_RE = /-----END[ A-Z0-9]{0,40}PRIVATE KEY(?: BLOCK)?-----/g;
// Rest of the header line: covers keys embedded in JSON with literal `\n`.
const PEM_INLINE_BODY_RE = /[A-Za-z0-9+/=\\]*/y;
const PEM_BODY_LINE_RE = /[ \t]*(?:[A-Za-z0-9+/=\\]+[ \t]*)?(?:\r?\n|$)|[ \t]*[A-Za-z][A-Za-z0-9-]*:[ \t][^\n]*(?:\n|$)/y;

export function* findPrivateKeys(text: string): Iterable<Span> {
  const headers = [...text.matchAll(PEM_BEGIN_RE)];
  const endRe = new RegExp(PEM_END_RE.source, 'g');
  // Memo so that many headers without an END cannot each rescan to the end of text.
  let searched = false;
  let endMatch: RegExpExecArray | null = null;
  let coveredUntil = 0;
  for (let i = 0; i < headers.length; i++) {
    const h = headers[i] as RegExpMatchArray;
    const start = h.index as number;
    if (start < coveredUntil) continue;
    const bodyFrom = start + h[0].length;
    const nextHeader = headers[i + 1]?.index ?? Infinity;
    // A previous "no END after p" or "first END at q >= bodyFrom" still holds for this header.
    if (!searched || (endMatch !== null && endMatch.index < bodyFrom)) {
      endRe.lastIndex = bodyFrom;
      endMatch = endRe.exec(text);
      searched = true;
    }
    let end: number;
    if (endMatch !== null && endMatch.index < nextHeader) {
      end = endMatch.index + endMatch[0].length;
    } else {
      // No END of its own: redact the body, which is as far as the key can extend.
      PEM_INLINE_BODY_RE.lastIndex = bodyFrom;
      PEM_INLINE_BODY_RE.exec(text);
      let pos = PEM_INLINE_BODY_RE.lastIndex;
      if (pos < text.length && (text[pos] === '\n' || text[pos] === '\r')) {
        while (pos < text.length) {
          PEM_BODY_LINE_RE.lastIndex = pos;
          const line = PEM_BODY_LINE_RE.exec(text);
          if (line === null || PEM_BODY_LINE_RE.lastIndex === pos) break;
          pos = PEM_BODY_LINE_RE.lastIndex;
        }
      }
      end = pos;
      while (end > bodyFrom && /\s/.test(text[end - 1] as string)) end--;
    }
    coveredUntil = end;
    yield { start, end };
  }
}
