/**
 * `key = value` assignments whose key names a secret: .env lines, YAML, JSON, code, `--password x` flags and
 * `<password>…</password>` elements. Only the value is redacted; the key stays so a note can still say which
 * setting was involved.
 */
import type { KeyClass, ScanContext, Span } from './types.js';
import { ENUM_VALUES, classifyKey, isPlaceholderValue, isReference, looksLikeCode } from './keys.js';
import { hasAlnum } from './text-shape.js';

// No `d` flag: this pattern matches every `key: value` in JSON-heavy
// transcripts, so value offsets are derived from group lengths instead (the
// value, then its optional closing quote, always end the match).
// Quoted values use the unrolled-loop form `[^"\\]*(?:\\.[^"\\]*)*`, which
// handles escapes without an ambiguous `(a|b)*`; a missing closing quote
// extends to the end of the line (fail closed).
export const ASSIGN_RE =
  /(?<![\w.$@-])(--?)?(["']?)([A-Za-z_][\w.-]*)\2\]?[ \t]*(:=|=>|===?|!==?|\?=|=|:(?![:/]))[ \t]*(?:[fFrRbBuU]{1,2}(?=["'`]))?(?:"([^"\\\n]*(?:\\.[^"\\\n]*)*)("?)|'([^'\\\n]*(?:\\.[^'\\\n]*)*)('?)|`([^`\\]*(?:\\[\s\S][^`\\]*)*)(`?)|([^\s"'`&;]+))/g;
/** `;Server=` / `&page=`: the delimiter starts the next field of a key=value list. */
const FIELD_START_RE = /^[&;][ \t]*[A-Za-z_][\w .-]{0,40}=/;
export const FLAG_RE = /(?<![\w-])--([A-Za-z][\w-]*)[ \t]+(?!-)(?:"([^"\n]*)"?|'([^'\n]*)'?|([^\s"'`]+))/dg;
export const XML_RE = /<([A-Za-z_][\w.-]*)>([^<\n]+)<\/\1>/dg;

/** Start of a line, allowing indentation, `export ` and YAML list dashes before the key. */
function atLineStart(text: string, keyStart: number): boolean {
  let i = keyStart - 1;
  while (i >= 0 && (text[i] === ' ' || text[i] === '\t')) i--;
  if (i >= 0 && text[i] === '-' && (i === 0 || text[i - 1] !== '-')) {
    i--;
    while (i >= 0 && (text[i] === ' ' || text[i] === '\t')) i--;
  } else if (i >= 5 && text.slice(i - 5, i + 1) === 'export') {
    i -= 6;
    while (i >= 0 && (text[i] === ' ' || text[i] === '\t')) i--;
  }
  return i < 0 || text[i] === '\n' || text[i] === '\r';
}

function lineEnd(text: string, from: number): number {
  const nl = text.indexOf('\n', from);
  let end = nl < 0 ? text.length : nl;
  while (end > from && /\s/.test(text[end - 1] as string)) end--;
  return end;
}

export function assignmentsOf(text: string, ctx: ScanContext, want: KeyClass): Span[] {
  ctx.assignments ??= [...findAssignments(text)];
  return ctx.assignments.filter((a) => a.cls === want);
}

/** What `typeof` returns: compared against, they are type checks, not credentials. */
const TYPEOF_RESULTS = new Set(['string', 'number', 'boolean', 'object', 'function', 'undefined', 'symbol', 'bigint']);

/** How many labels deep a value is searched for a nested assignment (`note: use this: KEY=…`). */
const MAX_NESTED_LABELS = 3;
const BARE_KEY_RE = /^[A-Za-z_][\w.-]{0,63}$/;

function* findAssignments(text: string, depth = 0): Iterable<Span & { cls: KeyClass }> {
  // End of the furthest value already yielded. A key whose match lies wholly
  // inside it would extend to the same stopping point, so it is skipped:
  // otherwise `password=a;x,password=b;x,…` re-walks the same run per key.
  let coveredUntil = 0;
  // Last walk over `&`/`;`-joined chunks. Every delimiter inside it leads to
  // the same stopping point, so a later key inside reuses the result instead
  // of re-walking (the key may still be a secret: only the walk is shared).
  let walkFrom = -1;
  let walkEnd = -1;
  let walkStopped = false;
  const re = new RegExp(ASSIGN_RE);
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    const key = m[3] as string;
    const cls = classifyKey(key);
    const matchEnd = m.index + m[0].length;
    if (cls === null) {
      // A label's value can hold the real assignment: `he said: api_key = "…"`, `use this: DB_PASSWORD=…`.
      const inner = m[5] ?? m[7] ?? m[9] ?? m[11];
      if (inner === undefined) continue;
      const innerStart = matchEnd - (m[6] ?? m[8] ?? m[10] ?? '').length - inner.length;
      if (m[11] !== undefined && BARE_KEY_RE.test(inner)) {
        // A short word may be the next key: scan again from it (bounded, so the scan stays linear).
        re.lastIndex = innerStart;
      } else if (depth < MAX_NESTED_LABELS && /[=:]/.test(inner)) {
        for (const span of findAssignments(inner, depth + 1)) yield { ...span, start: span.start + innerStart, end: span.end + innerStart };
      }
      continue;
    }
    if (matchEnd <= coveredUntil) continue;
    const quoted = m[5] ?? m[7] ?? m[9];
    if (quoted !== undefined) {
      const e = matchEnd - (m[6] ?? m[8] ?? m[10] ?? '').length;
      const s = e - quoted.length;
      if (!hasAlnum(quoted) || isReference(quoted) || ENUM_VALUES.has(quoted) || isPlaceholderValue(quoted)) continue;
      // `typeof key === 'string'` compares with a type name; a `backtick` value in prose is code.
      if (/^[!=]=/.test(m[4] as string) && TYPEOF_RESULTS.has(quoted)) continue;
      // A `backtick` value is code, or markdown closing a code span (`token:` then prose up to the next backtick).
      if (m[9] !== undefined && (looksLikeCode(quoted) || /^[a-z]+$/.test(quoted) || /^\s|\n\s*\n/.test(quoted))) continue;
      coveredUntil = Math.max(coveredUntil, e);
      yield { start: s, end: e, cls };
      continue;
    }
    const bare = m[11];
    if (bare === undefined) continue;
    const s = matchEnd - bare.length;
    let e = matchEnd;
    const keyStart = m.index + (m[1]?.length ?? 0) + (m[2]?.length ?? 0);
    const before = text[m.index - 1];
    // The pattern stops bare values at `&`/`;` so the fields that follow are
    // still scanned; here, for a secret key, the value grows back over them.
    const inList = before === '?' || before === '&' || before === ';';
    let stoppedAtField = inList;
    if (inList) {
      // A query value ends at a fragment, or where the URL itself ends inside markdown or HTML: `…)](…`, `…>`.
      const cut = text.slice(s, e).search(/[#)\]>]/);
      if (cut >= 0) e = s + cut;
    } else if (e >= walkFrom && e <= walkEnd) {
      e = walkEnd;
      stoppedAtField = walkStopped;
    } else {
      walkFrom = e;
      while (e < text.length && (text[e] === '&' || text[e] === ';')) {
        if (FIELD_START_RE.test(text.slice(e, e + 48))) {
          stoppedAtField = true;
          break;
        }
        e++;
        while (e < text.length && !/[\s"'`&;]/.test(text[e] as string)) e++;
      }
      walkEnd = e;
      walkStopped = stoppedAtField;
    }
    const value = text.slice(s, e);
    if (!hasAlnum(value) || isReference(value) || isPlaceholderValue(value)) continue;
    const sep = m[4] as string;
    const dotenv = !m[1] && /^[A-Z][A-Z0-9_]*$/.test(key) && sep === '=' && text[keyStart + key.length] === '=';
    if (!dotenv && looksLikeCode(value)) continue;
    // Tokens and keys are never a short plain word or number (`token : config`, `api_key: none`, `token: 42`);
    // passwords may be.
    if (cls === 'secret-assignment' && (value.length < 4 || /^(?:[A-Za-z]{1,12}|[0-9]{1,6})[.,;:!)\]}]*$/.test(value))) continue;
    // Test reporters print `pass: 12`, prose says "the first pass: everything…": a lone `pass` key with a
    // count or a plain word is not a password.
    if (/^pass$/i.test(key) && /^(?:[0-9]+|[a-z]+)[,;]?$/.test(value)) continue;
    if ((sep === '=' || sep === ':') && !stoppedAtField && atLineStart(text, m.index)) {
      // `.env` and YAML values run to the end of the line, spaces included.
      e = Math.max(e, lineEnd(text, s));
    }
    coveredUntil = Math.max(coveredUntil, e);
    yield { start: s, end: e, cls };
  }
  for (const m of text.matchAll(FLAG_RE)) {
    const cls = classifyKey(m[1] as string);
    if (cls === null) continue;
    const idx = m.indices?.[2] ?? m.indices?.[3] ?? m.indices?.[4];
    if (!idx) continue;
    const value = text.slice(idx[0], idx[1]);
    if (!hasAlnum(value) || isReference(value) || isPlaceholderValue(value)) continue;
    yield { start: idx[0], end: idx[1], cls };
  }
  for (const m of text.matchAll(XML_RE)) {
    const cls = classifyKey(m[1] as string);
    if (cls === null) continue;
    const idx = m.indices?.[2];
    if (!idx) continue;
    const value = text.slice(idx[0], idx[1]);
    if (!hasAlnum(value) || isReference(value) || isPlaceholderValue(value)) continue;
    yield { start: idx[0], end: idx[1], cls };
  }
}
