import type { Span } from './types.js';

/** Matches the placeholders redaction writes; global, so reset `lastIndex` around `test`/`exec`. */
export const PLACEHOLDER_RE = /\[REDACTED:[a-z0-9-]+\]/g;

/** The text that replaces a secret of `kind`. */
export function placeholderFor(kind: string): string {
  return `[REDACTED:${kind}]`;
}

/** Offsets of every placeholder already in `text`, in order. */
export function placeholderSpans(text: string): Span[] {
  const spans: Span[] = [];
  if (!text.includes('[REDACTED:')) return spans;
  for (const m of text.matchAll(PLACEHOLDER_RE)) spans.push({ start: m.index, end: m.index + m[0].length });
  return spans;
}

/** True when `value` holds nothing but placeholders, quotes, whitespace or punctuation. */
export function onlyPlaceholders(value: string): boolean {
  if (!value.includes('[REDACTED:')) return false;
  return !/[A-Za-z0-9]/.test(value.replace(PLACEHOLDER_RE, ''));
}

/** True when only placeholders, quotes, whitespace or punctuation remain in [start, end) of `text`. */
export function coveredByPlaceholders(text: string, span: Span, placeholders: readonly Span[]): boolean {
  if (placeholders.length === 0) return false;
  let lo = 0;
  let hi = placeholders.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((placeholders[mid] as Span).end <= span.start) lo = mid + 1;
    else hi = mid;
  }
  let i = span.start;
  let k = lo;
  let touched = false;
  while (i < span.end) {
    const p = placeholders[k];
    if (p !== undefined && p.start <= i) {
      touched = true;
      i = p.end;
      k++;
      continue;
    }
    const stop = p !== undefined ? Math.min(p.start, span.end) : span.end;
    for (; i < stop; i++) {
      if (/[A-Za-z0-9]/.test(text[i] as string)) return false;
    }
  }
  return touched;
}
