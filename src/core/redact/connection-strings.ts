/**
 * Passwords in `;`-separated connection strings (ADO.NET, ODBC, JDBC, OLE DB): `Password=my secret;`,
 * `PWD={pa;ss}`, `Pwd=…` next to `Server=`/`Uid=`/`Driver=` fields. The value runs to the next `;` (or the closing
 * brace or quote), so a password with spaces is removed whole.
 */
import type { RuleImpl, Span } from './types.js';
import { isPlaceholderValue, isReference } from './keys.js';

const PASSWORD_FIELD_RE = /(?<![A-Za-z0-9_])(?:password|pwd|passwd|pass)[ \t]*=[ \t]*/gi;
/** Another field of the same string: what makes `pwd=` a connection-string field rather than the shell's $PWD. */
const SIBLING_FIELD_RE =
  /(?<![A-Za-z0-9_])(?:server|data source|host|hostname|address|addr|database|initial catalog|dbname|user id|userid|uid|user|username|driver|dsn|port|provider|sslmode|encrypt|trusted_connection)[ \t]*=/gi;
/** How far from the password field a sibling field may be. */
const FIELD_WINDOW = 300;

/** A field starts a connection string or follows a `;` (blanks allowed), never the middle of other text. */
function startsField(text: string, at: number): boolean {
  let i = at - 1;
  while (i >= 0 && at - i <= 8 && (text[i] === ' ' || text[i] === '\t')) i--;
  return i < 0 || text[i] === ';' || text[i] === '\n' || text[i] === '"' || text[i] === "'" || text[i] === '`';
}

/** Index of the first element of sorted `xs` that is >= x. */
function lowerBound(xs: readonly number[], x: number): number {
  let lo = 0;
  let hi = xs.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((xs[mid] as number) < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Whether [a, b) of `text` stays on one line; bounded by FIELD_WINDOW. */
const oneLine = (text: string, a: number, b: number): boolean => !text.slice(a, b).includes('\n');

function valueEnd(text: string, valueStart: number): { start: number; end: number } {
  const limit = Math.min(text.length, valueStart + FIELD_WINDOW);
  const first = text[valueStart];
  if (first === '{') {
    // ODBC: braces protect `;`, and `}}` is a literal brace.
    let end = valueStart + 1;
    while (end < limit && text[end] !== '\n' && !(text[end] === '}' && text[end + 1] !== '}')) end += text[end] === '}' ? 2 : 1;
    return { start: valueStart + 1, end: Math.min(end, limit) };
  }
  if (first === '"' || first === "'") {
    let end = valueStart + 1;
    while (end < limit && text[end] !== first && text[end] !== '\n') end++;
    return { start: valueStart + 1, end };
  }
  let end = valueStart;
  while (end < limit && !/[;"'`\r\n]/.test(text[end] as string)) end++;
  return { start: valueStart, end };
}

function* findConnectionStringPasswords(text: string): Iterable<Span> {
  const fields: RegExpExecArray[] = [];
  for (const m of text.matchAll(PASSWORD_FIELD_RE)) if (startsField(text, m.index)) fields.push(m);
  if (fields.length === 0) return;
  const siblings = [...text.matchAll(SIBLING_FIELD_RE)].map((m) => m.index);
  for (const m of fields) {
    const valueStart = m.index + m[0].length;
    const value0 = valueEnd(text, valueStart);
    const start = value0.start;
    let end = value0.end;
    // A sibling field on the same line, close by, before or after.
    const k = lowerBound(siblings, m.index);
    const before = siblings[k - 1];
    const after = siblings[k];
    const near =
      (before !== undefined && m.index - before <= FIELD_WINDOW && oneLine(text, before, m.index)) ||
      (after !== undefined && after - m.index <= FIELD_WINDOW && oneLine(text, m.index, after));
    if (!near) continue;
    // Without a `;` on either side this is a lone `pass=x` (the assignment rules' case), not a field list.
    const semicolonBefore = text[m.index - 1] === ';' || /;[ \t]*$/.test(text.slice(Math.max(0, m.index - 8), m.index));
    if (!semicolonBefore && text[end] !== ';' && text[end + 1] !== ';') continue;
    while (end > start && /\s/.test(text[end - 1] as string)) end--;
    const value = text.slice(start, end);
    if (!/[A-Za-z0-9]/.test(value) || isReference(value) || isPlaceholderValue(value)) continue;
    yield { start, end };
  }
}

export const CONNECTION_STRING_RULE: RuleImpl = {
  kind: 'connection-string-password',
  description: 'Password=/Pwd= field of a ;-separated connection string (ADO.NET, ODBC, JDBC), spaces and braces included',
  patterns: [PASSWORD_FIELD_RE],
  find: findConnectionStringPasswords,
};
