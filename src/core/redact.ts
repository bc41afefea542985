/**
 * Secret redaction for everything that leaves the session: text sent to the
 * Anthropic API, notes written to disk, log records and queue entries.
 *
 * Design choices (the reasons matter more than the mechanics):
 *
 * - Fail closed. When two detectors disagree about where a secret ends, the
 *   union of their spans is redacted; an unclosed `<private>` removes the rest
 *   of the text; a private key without its END line is redacted through the
 *   end of its base64 body. Over-redaction costs a little note quality,
 *   under-redaction leaks a credential into git history forever.
 * - Linear time. Transcripts can be megabytes and the input is attacker
 *   controllable (tool output, fetched web pages), so every pattern is written
 *   so that a failed match attempt can only rescan a bounded neighbourhood:
 *   each pattern starts with a literal prefix or a look-behind that pins the
 *   start to the beginning of a run, and no quantified group can match the
 *   same text two ways. Nothing is truncated: the whole input is scanned.
 * - Idempotent. Placeholders look like `[REDACTED:kind]`; any candidate that
 *   consists only of placeholders (plus punctuation/whitespace) is discarded,
 *   and redact() rescans its own output until nothing new turns up, so
 *   re-redacting already-redacted text is a no-op.
 * - Pure. No I/O and no mutable module state (the sticky regexes used inside
 *   a call are reset before each use), so it is safe anywhere.
 */

export interface SecretFinding {
  kind: string;
  /** Offset of the first redacted character in the scanned string. */
  start: number;
  /** Offset one past the last redacted character. */
  end: number;
}

/** One entry of the detector catalogue; `patterns` are exposed so they can be audited and tested. */
export interface SecretRule {
  readonly kind: string;
  readonly description: string;
  readonly patterns: readonly RegExp[];
}

interface Span {
  start: number;
  end: number;
}

/** Per-call scratch space so rules that share a scan (the two assignment kinds) run it once. */
interface ScanContext {
  assignments?: Array<Span & { cls: KeyClass }>;
}

interface RuleImpl extends SecretRule {
  find(text: string, ctx: ScanContext): Iterable<Span>;
}

type KeyClass = 'password-assignment' | 'secret-assignment';

const PLACEHOLDER_RE = /\[REDACTED:[a-z0-9-]+\]/g;

/** The text that replaces a secret of `kind`. */
export function placeholderFor(kind: string): string {
  return `[REDACTED:${kind}]`;
}

// ---------------------------------------------------------------------------
// <private> spans
// ---------------------------------------------------------------------------

// Attributes are `[^<>]*` rather than `[^>]*` so an unterminated `<private`
// cannot make every later `<private` rescan to the end of the input.
const PRIVATE_TAG_RE = /<[ \t]*(\/?)[ \t]*private(?![\w-])[^<>]*>/gi;

function stripPrivateOnce(text: string): string {
  let out = '';
  let last = 0;
  let depth = 0;
  for (const m of text.matchAll(PRIVATE_TAG_RE)) {
    const at = m.index;
    const after = at + m[0].length;
    const closing = m[1] === '/';
    const selfClosing = !closing && m[0].endsWith('/>');
    if (depth === 0) {
      out += text.slice(last, at);
      last = after;
      // A stray closing tag or `<private/>` hides nothing, so only the tag goes.
      if (!closing && !selfClosing) depth = 1;
      continue;
    }
    if (selfClosing) continue;
    if (closing) {
      depth--;
      if (depth === 0) last = after;
    } else {
      depth++;
    }
  }
  // Unclosed: the author meant to hide something and we cannot tell where it ends.
  if (depth > 0) return out;
  return last === 0 ? text : out + text.slice(last);
}

/**
 * Removes `<private>…</private>` spans (case-insensitive, nested, multi-line).
 * An unclosed `<private>` removes everything after it.
 */
export function stripPrivate(text: string): string {
  let out = stripPrivateOnce(text);
  // Removing a span can splice `<priv` + `ate>` into a new tag. A couple of
  // extra passes handle honest input; beyond that the input is adversarial
  // and we cut at the first surviving tag rather than loop quadratically.
  for (let pass = 0; pass < 3; pass++) {
    PRIVATE_TAG_RE.lastIndex = 0;
    if (!PRIVATE_TAG_RE.test(out)) return out;
    out = stripPrivateOnce(out);
  }
  PRIVATE_TAG_RE.lastIndex = 0;
  const m = PRIVATE_TAG_RE.exec(out);
  PRIVATE_TAG_RE.lastIndex = 0;
  return m ? out.slice(0, m.index) : out;
}

// ---------------------------------------------------------------------------
// Small helpers shared by several rules
// ---------------------------------------------------------------------------

/** Shannon entropy in bits per character. */
export function shannonEntropy(s: string): number {
  if (s.length === 0) return 0;
  const counts = new Map<number, number>();
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    counts.set(c, (counts.get(c) ?? 0) + 1);
  }
  let h = 0;
  for (const n of counts.values()) {
    const p = n / s.length;
    h -= p * Math.log2(p);
  }
  return h;
}

const hasDigit = (s: string): boolean => /[0-9]/.test(s);
const hasAlnum = (s: string): boolean => /[A-Za-z0-9]/.test(s);

/**
 * Values that name where a secret lives rather than being one: shell and
 * template variables, env lookups, `<YOUR_TOKEN>` style doc placeholders.
 * Keeping them makes notes useful ("token comes from $GITHUB_TOKEN").
 */
const REFERENCE_RE = new RegExp(
  [
    String.raw`\$\{[^}\s]+\}[,;)]*$`, // ${VAR}, ${VAR:-default}
    // $VAR / $token / $apiKey, but not `$ecretPa55`: a mixed-case name with
    // digits is more likely a password that happens to start with `$`.
    String.raw`\$(?:[A-Z_][A-Z0-9_]*|[a-z_][a-z0-9_]*|[a-z]+(?:[A-Z][a-z]+)+)[,;)]*$`,
    String.raw`\$\(`, // $(command)
    String.raw`\$?\{\{`, // {{ template }}, ${{ secrets.X }}
    String.raw`\{[A-Za-z_][\w.]*\}$`, // f-string / format placeholder
    String.raw`%[A-Za-z_][A-Za-z0-9_]*%$`, // Windows %VAR%
    String.raw`<%`,
    String.raw`#\{`,
    String.raw`<[^<>\s]+>$`, // <YOUR_TOKEN>
    String.raw`(?:process\.env|import\.meta\.env|os\.environ|os\.getenv|ENV\[|System\.getenv|env\()`,
  ]
    .map((alt) => `^(?:${alt})`)
    .join('|'),
);

function isReference(value: string): boolean {
  return REFERENCE_RE.test(value.trim());
}

const TYPE_OR_LITERAL_WORDS = new Set([
  'string', 'String', 'str', 'number', 'Number', 'int', 'integer', 'float', 'bool', 'boolean', 'Boolean',
  'bytes', 'any', 'unknown', 'undefined', 'null', 'None', 'nil', 'true', 'false', 'True', 'False',
  'void', 'never', 'object', 'Object', 'Optional', 'SecretStr', 'Secret', 'char', 'text', 'varchar',
  'await', 'new', 'function', 'async', 'typeof', 'lambda', 'yield', 'require', 'import', 'getpass',
  'input', 'required', 'optional',
]);

/** English words that follow "password:" in prose, where the colon is not an assignment. */
const STOPWORDS = new Set([
  'a', 'an', 'the', 'is', 'are', 'was', 'be', 'it', 'to', 'in', 'of', 'for', 'and', 'or', 'not', 'no',
  'you', 'your', 'we', 'our', 'this', 'that', 'from', 'with', 'as', 'at', 'on', 'by', 'which', 'will',
  'should', 'must', 'can', 'if', 'when', 'use', 'see', 'set', 'enter', 'type', 'paste', 'same', 'none',
  'empty', 'unset', 'missing', 'required', 'optional', 'changed', 'updated', 'invalid', 'expired',
  'expires', 'here', 'below', 'above', 'stored', 'rotated', 'generated', 'provided', 'hidden',
]);

/** Quoted values that are API enums, e.g. fetch's `credentials: 'include'`. */
const ENUM_VALUES = new Set(['include', 'omit', 'same-origin']);

const SECRET_WORD_PARTS = new Set([
  'password', 'passwd', 'passphrase', 'pass', 'pwd', 'secret', 'token', 'key', 'apikey', 'credential', 'credentials',
]);

/**
 * Unquoted values that are program text rather than data: type annotations,
 * calls, member expressions, and variables named after the secret
 * (`password: hashedPassword`). Only consulted outside `.env` style lines.
 */
function looksLikeCode(value: string): boolean {
  const v = value.trim();
  // Anchored prefix rather than split(): values can be very long and must not be walked whole.
  const first = /^[^\s|,;)\]}<>=?[(]*/.exec(v)?.[0] ?? '';
  if (first === '' || TYPE_OR_LITERAL_WORDS.has(first) || STOPWORDS.has(first.toLowerCase())) return true;
  if (/^[A-Za-z_$][\w$]*(?:\??\.[A-Za-z_$][\w$]*)*\s*\(/.test(v)) return true;
  if (/^[A-Za-z_$][\w$]*(?:\??\.[A-Za-z_$][\w$]*|\[[^\]\s]{0,64}\])+[,;)]*$/.test(v)) return true;
  if (/^[A-Za-z_$][\w$]*[,;)]*$/.test(v) && !hasDigit(v)) {
    const id = v.replace(/[,;)]+$/, '');
    if (/[a-z][A-Z]/.test(id) || keyParts(id).some((p) => SECRET_WORD_PARTS.has(p))) return true;
  }
  return false;
}

/** Splits `DB_PASSWORD`, `clientSecret`, `x-api-key`, `APIKey` into lower-case words. */
function keyParts(key: string): string[] {
  return (key.match(/[A-Z]{2,}(?![a-z])|[A-Z]?[a-z]+|[A-Z]|[0-9]+/g) ?? []).map((p) => p.toLowerCase());
}

const PASSWORD_WORDS = new Set(['password', 'passwd', 'pwd', 'pass', 'passphrase', 'passcode']);
const SECRET_LAST_WORDS = new Set([
  'secret', 'token', 'apikey', 'credential', 'credentials', 'privatekey', 'secretkey', 'accesskey',
  'authtoken', 'accesstoken', 'refreshtoken', 'clientsecret', 'sessiontoken', 'bearertoken',
]);
const KEY_QUALIFIERS = new Set([
  'api', 'access', 'secret', 'private', 'auth', 'client', 'encryption', 'signing', 'sign', 'master', 'app',
  'account', 'storage', 'service', 'webhook', 'consumer', 'session', 'shared', 'subscription', 'admin',
  'deploy', 'hmac', 'jwt', 'cookie', 'crypt', 'cipher', 'aes', 'license',
]);

/**
 * Decides from a key name alone whether its value is a secret. Only the last
 * word counts so `token_type`, `password_file`, `secret_name` and `max_tokens`
 * stay readable while `DB_PASSWORD`, `clientSecret` and `x-api-key` do not.
 */
export function classifyKey(key: string): KeyClass | null {
  // Almost every key in real text is none of these; skip the word split for them.
  if (!/pass|pwd|secret|token|key|credential/i.test(key)) return null;
  const parts = keyParts(key);
  const last = parts[parts.length - 1];
  if (last === undefined) return null;
  const prev = parts[parts.length - 2];
  if (parts[0] === 'no' && parts.length > 1) return null;
  if (parts.length === 1 && (last === 'pwd' || last === 'oldpwd')) return null; // the shell's cwd
  if (PASSWORD_WORDS.has(last) || /^[a-z]*(?:password|passwd|passphrase)$/.test(last)) return 'password-assignment';
  if (SECRET_LAST_WORDS.has(last) || /^[a-z]*(?:secret|token|apikey|secretkey|accesskey|privatekey)$/.test(last)) {
    return 'secret-assignment';
  }
  if (last === 'key' && prev !== undefined && KEY_QUALIFIERS.has(prev)) return 'secret-assignment';
  return null;
}

/** True when only placeholders, quotes, whitespace or punctuation remain in [start, end). */
function coveredByPlaceholders(text: string, span: Span, placeholders: readonly Span[]): boolean {
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

// ---------------------------------------------------------------------------
// Rule builders
// ---------------------------------------------------------------------------

interface MatchRuleOptions {
  /** Capture group holding the secret; the pattern must then carry the `d` flag. */
  group?: number;
  accept?: (value: string, m: RegExpExecArray | RegExpMatchArray, text: string) => boolean;
}

function matchRule(kind: string, description: string, patterns: RegExp[], opts: MatchRuleOptions = {}): RuleImpl {
  return {
    kind,
    description,
    patterns,
    *find(text: string): Iterable<Span> {
      for (const pattern of patterns) {
        for (const m of text.matchAll(pattern)) {
          let start = m.index;
          let end = start + m[0].length;
          if (opts.group !== undefined) {
            const idx = m.indices?.[opts.group];
            if (!idx) continue;
            [start, end] = idx;
          }
          // Header-style values run to the end of the line; trailing blanks are not the secret.
          while (end > start && /\s/.test(text[end - 1] as string)) end--;
          if (end <= start) continue;
          if (opts.accept && !opts.accept(text.slice(start, end), m, text)) continue;
          yield { start, end };
        }
      }
    },
  };
}

// ---------------------------------------------------------------------------
// Private key blocks
// ---------------------------------------------------------------------------

const PEM_BEGIN_RE = /-----BEGIN[ A-Z0-9]{0,40}PRIVATE KEY(?: BLOCK)?-----/g;
const PEM_END_RE = /-----END[ A-Z0-9]{0,40}PRIVATE KEY(?: BLOCK)?-----/g;
// Rest of the header line: covers keys embedded in JSON with literal `\n`.
const PEM_INLINE_BODY_RE = /[A-Za-z0-9+/=\\]*/y;
const PEM_BODY_LINE_RE = /[ \t]*(?:[A-Za-z0-9+/=\\]+[ \t]*)?(?:\r?\n|$)|[ \t]*[A-Za-z][A-Za-z0-9-]*:[ \t][^\n]*(?:\n|$)/y;

function* findPrivateKeys(text: string): Iterable<Span> {
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

// ---------------------------------------------------------------------------
// key = value assignments (.env, YAML, JSON, code, CLI flags, XML)
// ---------------------------------------------------------------------------

// No `d` flag: this pattern matches every `key: value` in JSON-heavy
// transcripts, so value offsets are derived from group lengths instead (the
// value, then its optional closing quote, always end the match).
// Quoted values use the unrolled-loop form `[^"\\]*(?:\\.[^"\\]*)*`, which
// handles escapes without an ambiguous `(a|b)*`; a missing closing quote
// extends to the end of the line (fail closed).
const ASSIGN_RE =
  /(?<![\w.$@-])(--?)?(["']?)([A-Za-z_][\w.-]*)\2[ \t]*(:=|=>|===?|!==?|\?=|=|:(?![:/]))[ \t]*(?:[fFrRbBuU]{1,2}(?=["'`]))?(?:"([^"\\\n]*(?:\\.[^"\\\n]*)*)("?)|'([^'\\\n]*(?:\\.[^'\\\n]*)*)('?)|`([^`\\]*(?:\\[\s\S][^`\\]*)*)(`?)|([^\s"'`&;]+))/g;
/** `;Server=` / `&page=`: the delimiter starts the next field of a key=value list. */
const FIELD_START_RE = /^[&;][ \t]*[A-Za-z_][\w .-]{0,40}=/;
const FLAG_RE = /(?<![\w-])--([A-Za-z][\w-]*)[ \t]+(?!-)(?:"([^"\n]*)"?|'([^'\n]*)'?|([^\s"'`]+))/dg;
const XML_RE = /<([A-Za-z_][\w.-]*)>([^<\n]+)<\/\1>/dg;

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

function assignmentsOf(text: string, ctx: ScanContext, want: KeyClass): Span[] {
  ctx.assignments ??= [...findAssignments(text)];
  return ctx.assignments.filter((a) => a.cls === want);
}

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
      if (!hasAlnum(quoted) || isReference(quoted) || ENUM_VALUES.has(quoted)) continue;
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
      const cut = text.slice(s, e).indexOf('#');
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
    if (!hasAlnum(value) || isReference(value)) continue;
    const sep = m[4] as string;
    const dotenv = !m[1] && /^[A-Z][A-Z0-9_]*$/.test(key) && sep === '=' && text[keyStart + key.length] === '=';
    if (!dotenv && looksLikeCode(value)) continue;
    // Test reporters print `pass: 12`; a lone `pass` key with a count is not a password.
    if (/^pass$/i.test(key) && /^[0-9]+[,;]?$/.test(value)) continue;
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
    if (!hasAlnum(value) || isReference(value)) continue;
    yield { start: idx[0], end: idx[1], cls };
  }
  for (const m of text.matchAll(XML_RE)) {
    const cls = classifyKey(m[1] as string);
    if (cls === null) continue;
    const idx = m.indices?.[2];
    if (!idx) continue;
    const value = text.slice(idx[0], idx[1]);
    if (!hasAlnum(value) || isReference(value)) continue;
    yield { start: idx[0], end: idx[1], cls };
  }
}

// ---------------------------------------------------------------------------
// Generic high-entropy values
// ---------------------------------------------------------------------------

const ENTROPY_TOKEN_RE = /(?<![A-Za-z0-9+/_-])[A-Za-z0-9+/_-]{20,}={0,3}(?![A-Za-z0-9+/_-])/g;

/** Hex strings in these contexts are content hashes, not credentials. */
const HASH_CONTEXT_RE = /commit|sha|hash|digest|checksum|\brev|parent|tree|\boid|head|merge|etag|integrity|md5|blob|object|fingerprint|\bref|build|version/;

/** Identifiers of things, not credentials: Anthropic/OpenAI object ids and SRI hashes. */
const NON_SECRET_ID_RE = /^(?:msg|toolu|srvtoolu|req|msgbatch|file|chatcmpl|call|run|thread|asst|evt)[_-]|^sha(?:1|256|384|512)-/;

const UUID_RE = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

/**
 * Measured on random strings: 32 hex chars average 3.6 bits/char (0.1st
 * percentile 3.1), so 3.0 keeps nearly every random hex key while the length
 * and digit+letter rules keep short hashes and words out. Random base64/alnum
 * averages 4.0 bits at 20 chars, 4.6 at 32 and 4.8 at 40, while English
 * identifiers of 20-30 chars sit at 3.5-4.1; a flat 4.2 would miss most short
 * keys, so the bar rises from 3.5 at 20 chars to 4.2 at 40 and the
 * identifier-shape test (below) separates words from noise in between.
 */
export const ENTROPY_THRESHOLDS = {
  hexMinLength: 32,
  hexMinBits: 3.0,
  minLength: 20,
  /** Bits/char required at `minLength`, rising linearly to `maxBits` at `fullLength`. */
  minBits: 3.5,
  maxBits: 4.2,
  fullLength: 40,
} as const;

function entropyThreshold(n: number): number {
  const t = ENTROPY_THRESHOLDS;
  if (n >= t.fullLength) return t.maxBits;
  return t.minBits + ((t.maxBits - t.minBits) * (n - t.minLength)) / (t.fullLength - t.minLength);
}

/**
 * Words-and-digits tokens (camelCase, snake_case, kebab-case, model names)
 * have long segments and a natural share of vowels; random strings have
 * short segments (case flips every ~1.6 chars) and ~19% vowels.
 */
function looksLikeIdentifier(token: string): boolean {
  const segs = token.match(/[A-Z]{2,}(?![a-z])|[A-Z]?[a-z]+|[A-Z]|[0-9]+/g) ?? [];
  if (segs.length === 0) return false;
  const avg = segs.reduce((n, s) => n + s.length, 0) / segs.length;
  const letters = token.replace(/[^A-Za-z]/g, '');
  const vowels = (letters.match(/[aeiouAEIOU]/g) ?? []).length / Math.max(1, letters.length);
  const mixedCase = /[a-z]/.test(token) && /[A-Z]/.test(token);
  return mixedCase ? avg >= 4 || (vowels >= 0.3 && avg >= 3) : vowels >= 0.3 && avg >= 3;
}

function looksLikePath(token: string): boolean {
  if (!token.includes('/')) return false;
  // Standard base64 never mixes `/` with the url-safe `-`/`_`.
  if (/[-_]/.test(token)) return true;
  const segs = token.split('/').filter(Boolean);
  return segs.length >= 2 && segs.every((s) => s.length <= 3 || looksLikeIdentifier(s) || /^[a-z]+[0-9]*$/.test(s));
}

function inValuePosition(text: string, start: number): { ok: boolean; contextFrom: number } {
  const c = text[start - 1];
  if (c === '"' || c === "'" || c === '`') return { ok: true, contextFrom: start - 1 };
  let i = start - 1;
  while (i >= 0 && start - i <= 16 && (text[i] === ' ' || text[i] === '\t')) i--;
  const d = text[i];
  if (d === '=' || (d === ':' && text[i - 1] !== ':')) return { ok: true, contextFrom: i };
  return { ok: false, contextFrom: i };
}

function* findHighEntropy(text: string): Iterable<Span> {
  for (const m of text.matchAll(ENTROPY_TOKEN_RE)) {
    const start = m.index;
    const token = m[0];
    const { ok, contextFrom } = inValuePosition(text, start);
    if (!ok) continue;
    if (token.startsWith('//') || UUID_RE.test(token) || NON_SECRET_ID_RE.test(token)) continue;
    const body = token.replace(/=+$/, '');
    if (/^[0-9a-f]+$/.test(body) || /^[0-9A-F]+$/.test(body)) {
      if (body.length < ENTROPY_THRESHOLDS.hexMinLength || !/[a-fA-F]/.test(body) || !hasDigit(body)) continue;
      if (shannonEntropy(body) < ENTROPY_THRESHOLDS.hexMinBits) continue;
      const context = text.slice(Math.max(0, contextFrom - 48), contextFrom).toLowerCase();
      const lineStart = context.lastIndexOf('\n');
      if (HASH_CONTEXT_RE.test(lineStart >= 0 ? context.slice(lineStart) : context)) continue;
      yield { start, end: start + token.length };
      continue;
    }
    if (!hasDigit(body) || !/[A-Za-z]/.test(body)) continue;
    if (/[+/]/.test(body) && /[-_]/.test(body)) continue;
    if (looksLikePath(body)) continue;
    if (shannonEntropy(body) < entropyThreshold(body.length)) continue;
    if (body.length < ENTROPY_THRESHOLDS.fullLength && looksLikeIdentifier(body)) continue;
    yield { start, end: start + token.length };
  }
}

// ---------------------------------------------------------------------------
// The catalogue. Order is priority: when spans overlap, the earliest rule
// names the merged finding, so specific vendors beat generic heuristics.
// ---------------------------------------------------------------------------

const B = '(?<![A-Za-z0-9_-])'; // start of a token run

const RULES: readonly RuleImpl[] = [
  matchRule(
    'gcp-service-account',
    'Google Cloud service-account JSON: the private_key and private_key_id fields',
    [/"private_key(?:_id)?"\s*:\s*"([^"\\]*(?:\\[\s\S][^"\\]*)*)"?/dg],
    { group: 1, accept: (v) => v.length >= 16 },
  ),
  {
    kind: 'private-key',
    description: 'PEM/OpenSSH/PGP private key block from BEGIN to END (or to the end of its body when END is missing)',
    patterns: [PEM_BEGIN_RE, PEM_END_RE],
    find: findPrivateKeys,
  },
  matchRule('aws-access-key', 'AWS access key id (AKIA/ASIA/ABIA/ACCA + 16)', [
    /(?<![A-Za-z0-9])(?:AKIA|ASIA|ABIA|ACCA|A3T[A-Z0-9])[A-Z0-9]{16}(?![A-Za-z0-9])/g,
  ]),
  matchRule(
    'aws-secret-key',
    'AWS secret access key: 40 base64 chars assigned to aws_secret_access_key/SecretAccessKey or paired with an access key id',
    [
      /(?<![A-Za-z0-9])(?:aws_?secret_?(?:access_?)?key|secret_?access_?key|AWS Secret Access Key(?: \[[^\]\n]{0,40}\])?)["']?[ \t]*(?::=|=>|[:=])[ \t]*["']?([A-Za-z0-9/+]{40})(?![A-Za-z0-9/+=])/dgi,
      /(?<![A-Za-z0-9])(?:AKIA|ASIA)[A-Z0-9]{16}["']?[ \t]*[,:;|][ \t]*["']?([A-Za-z0-9/+]{40})(?![A-Za-z0-9/+=])/dg,
    ],
    { group: 1 },
  ),
  matchRule('gcp-api-key', 'Google API key (AIza + 35)', [new RegExp(`${B}AIza[0-9A-Za-z_-]{35}`, 'g')]),
  matchRule('google-oauth', 'Google OAuth client secret (GOCSPX-), access token (ya29.) or refresh token (1//0)', [
    new RegExp(`${B}GOCSPX-[A-Za-z0-9_-]{20,}`, 'g'),
    new RegExp(`${B}ya29\\.[A-Za-z0-9_-]{20,}`, 'g'),
    /(?<![A-Za-z0-9_/-])1\/\/0[A-Za-z0-9_-]{30,}/g,
  ]),
  matchRule(
    'azure-storage-key',
    'Azure storage/service-bus AccountKey= or SharedAccessKey= in a connection string',
    [/(?<![A-Za-z0-9])(?:AccountKey|SharedAccessKey)[ \t]*=[ \t]*([A-Za-z0-9+/]{20,}={0,2})/dgi],
    { group: 1 },
  ),
  matchRule(
    'url-signature',
    'Signed-URL credentials: Azure SAS sig=, AWS X-Amz-Signature/X-Amz-Security-Token, GCS X-Goog-Signature',
    [/[?&](?:sig|X-Amz-Signature|X-Amz-Security-Token|X-Goog-Signature|X-Goog-Credential|X-Amz-Credential)=([^&\s"'#<>]{16,})/dgi],
    { group: 1 },
  ),
  matchRule('github-token', 'GitHub token: ghp_ (classic PAT), gho_ (OAuth), ghu_/ghs_ (app), ghr_ (refresh)', [
    /(?<![A-Za-z0-9_])gh[pousr]_[A-Za-z0-9]{30,}/g,
  ]),
  matchRule('github-fine-grained-pat', 'GitHub fine-grained personal access token (github_pat_)', [
    /(?<![A-Za-z0-9_])github_pat_[A-Za-z0-9_]{22,}/g,
  ]),
  matchRule('gitlab-token', 'GitLab tokens (glpat-, gldt-, glptt-, glrt-, glcbt-, glimt-, glft-, glsoat-, gloas-, glagent-)', [
    new RegExp(`${B}gl(?:pat|dt|ptt|rt|cbt|imt|ft|soat|oas|agent)-[A-Za-z0-9_-]{20,}`, 'g'),
  ]),
  matchRule('npm-token', 'npm access token (npm_ + 36)', [/(?<![A-Za-z0-9_])npm_[A-Za-z0-9]{36,}/g]),
  matchRule('pypi-token', 'PyPI / TestPyPI API token (pypi- macaroon)', [new RegExp(`${B}pypi-[A-Za-z0-9_-]{50,}`, 'g')]),
  matchRule('anthropic-api-key', 'Anthropic API, admin or OAuth key (sk-ant-…)', [
    new RegExp(`${B}sk-ant-[A-Za-z0-9_-]{20,}`, 'g'),
  ]),
  matchRule(
    'openai-api-key',
    'OpenAI-style key (sk-…, sk-proj-…, sk-svcacct-…, sk-admin-…)',
    [new RegExp(`${B}sk-(?!ant-)(?:proj-|svcacct-|admin-|None-)?[A-Za-z0-9_-]{20,}`, 'g')],
    {
      // CSS classes such as `sk-folding-cube-…` share the prefix but are words.
      accept: (v) => {
        const body = v.replace(/^sk-(?:proj-|svcacct-|admin-|None-)?/, '');
        return hasDigit(body) && ((/[a-z]/.test(body) && /[A-Z]/.test(body)) || body.length >= 32);
      },
    },
  ),
  matchRule('huggingface-token', 'Hugging Face access token (hf_)', [/(?<![A-Za-z0-9_])hf_[A-Za-z0-9]{30,}/g]),
  matchRule('stripe-key', 'Stripe secret or restricted key (sk_live_, sk_test_, rk_live_, rk_test_)', [
    /(?<![A-Za-z0-9_])[sr]k_(?:live|test)_[A-Za-z0-9]{16,}/g,
  ]),
  matchRule('stripe-webhook-secret', 'Stripe webhook signing secret (whsec_)', [/(?<![A-Za-z0-9_])whsec_[A-Za-z0-9+/=]{24,}/g]),
  matchRule(
    'slack-token',
    'Slack bot/user/app/refresh tokens (xoxb-, xoxp-, xoxa-, xoxo-, xoxs-, xoxr-, xoxe-, xapp-)',
    [new RegExp(`${B}(?:xox[abposre](?:\\.xox[bp])?|xapp)-[A-Za-z0-9-]{10,}`, 'g')],
    { accept: (v) => hasDigit(v) },
  ),
  matchRule('slack-webhook-url', 'Slack incoming webhook / workflow trigger URL', [
    /https:\/\/hooks\.slack\.com\/(?:services|workflows|triggers)\/[A-Za-z0-9_/-]+/g,
  ]),
  matchRule('discord-bot-token', 'Discord bot token (base64 user id . timestamp . hmac)', [
    /(?<![A-Za-z0-9_.-])[MNO][A-Za-z0-9_-]{23,27}\.[A-Za-z0-9_-]{6,7}\.[A-Za-z0-9_-]{27,}/g,
  ]),
  matchRule('discord-webhook-url', 'Discord webhook URL (id + token)', [
    /https:\/\/(?:(?:ptb|canary)\.)?discord(?:app)?\.com\/api\/webhooks\/\d+\/[A-Za-z0-9_-]+/g,
  ]),
  matchRule('twilio-api-key', 'Twilio API key SID (SK + 32 hex)', [/(?<![A-Za-z0-9])SK[0-9a-f]{32}(?![A-Za-z0-9])/g]),
  matchRule(
    'twilio-auth-token',
    'Twilio auth token: 32 hex paired with an AC account SID, or assigned to TWILIO_AUTH_TOKEN/twilio api secret',
    [
      /(?<![A-Za-z0-9])AC[0-9a-f]{32}["']?[ \t]*[:,][ \t]*["']?([0-9a-f]{32})(?![A-Za-z0-9])/dg,
      /(?<![A-Za-z0-9])twilio_?(?:auth_?token|api_?secret)["']?[ \t]*(?::=|=>|[:=])[ \t]*["']?([0-9A-Za-z]{32})(?![A-Za-z0-9])/dgi,
    ],
    { group: 1 },
  ),
  matchRule('sendgrid-api-key', 'SendGrid API key (SG.xxx.yyy)', [
    new RegExp(`${B}SG\\.[A-Za-z0-9_-]{16,32}\\.[A-Za-z0-9_-]{30,50}`, 'g'),
  ]),
  matchRule('mailgun-api-key', 'Mailgun private API key (key-<32 hex> or <32 hex>-<8 hex>-<8 hex>)', [
    new RegExp(`${B}key-[0-9a-f]{32}(?![A-Za-z0-9])`, 'g'),
    new RegExp(`${B}[0-9a-f]{32}-[0-9a-f]{8}-[0-9a-f]{8}(?![A-Za-z0-9_-])`, 'g'),
  ]),
  matchRule('digitalocean-token', 'DigitalOcean personal/OAuth/refresh token (dop_v1_, doo_v1_, dor_v1_)', [
    new RegExp(`${B}do[opr]_v1_[a-f0-9]{64}`, 'g'),
  ]),
  matchRule('hashicorp-vault-token', 'HashiCorp Vault service/batch/recovery token (hvs., hvb., hvr.)', [
    new RegExp(`${B}hv[sbr]\\.[A-Za-z0-9_-]{24,}`, 'g'),
  ]),
  matchRule('age-secret-key', 'age encryption identity (AGE-SECRET-KEY-1…)', [/AGE-SECRET-KEY-1[0-9A-Z]{58}/g]),
  matchRule('telegram-bot-token', 'Telegram bot token (<bot id>:AA…)', [/(?<![0-9])[0-9]{8,10}:AA[A-Za-z0-9_-]{32,}/g]),
  matchRule('shopify-token', 'Shopify access/custom-app/private-app/shared-secret token', [
    new RegExp(`${B}shp(?:at|ca|pa|ss)_[a-fA-F0-9]{32}`, 'g'),
  ]),
  matchRule('doppler-token', 'Doppler service/personal/CLI token (dp.pt., dp.st., …)', [
    /(?<![A-Za-z0-9_.-])dp\.(?:pt|st|ct|sa|scim|audit)\.[A-Za-z0-9]{40,}/g,
  ]),
  matchRule('pulumi-token', 'Pulumi access token (pul-)', [new RegExp(`${B}pul-[a-f0-9]{40}`, 'g')]),
  matchRule('postman-api-key', 'Postman API key (PMAK-)', [new RegExp(`${B}PMAK-[a-f0-9]{24}-[a-f0-9]{34}`, 'g')]),
  matchRule('sentry-token', 'Sentry org/user auth token (sntrys_, sntryu_)', [
    new RegExp(`${B}sntry[su]_[A-Za-z0-9+/=_-]{30,}`, 'g'),
  ]),
  matchRule('grafana-token', 'Grafana service-account token (glsa_) or Grafana Cloud token (glc_)', [
    new RegExp(`${B}glsa_[A-Za-z0-9]{32}_[A-Fa-f0-9]{8}`, 'g'),
    new RegExp(`${B}glc_[A-Za-z0-9+/]{32,}={0,2}`, 'g'),
  ]),
  matchRule('linear-api-key', 'Linear API / OAuth token (lin_api_, lin_oauth_)', [
    new RegExp(`${B}lin_(?:api|oauth)_[A-Za-z0-9]{40}`, 'g'),
  ]),
  matchRule('databricks-token', 'Databricks personal access token (dapi + 32 hex)', [
    new RegExp(`${B}dapi[a-f0-9]{32}(?:-[0-9])?`, 'g'),
  ]),
  matchRule('supabase-token', 'Supabase management API token (sbp_)', [new RegExp(`${B}sbp_(?:v0_)?[a-f0-9]{40}`, 'g')]),
  matchRule('newrelic-key', 'New Relic user API key (NRAK-)', [new RegExp(`${B}NRAK-[A-Z0-9]{27}`, 'g')]),
  matchRule('jwt', 'JSON Web Token (eyJ… . eyJ… . signature)', [
    new RegExp(`${B}eyJ[A-Za-z0-9_-]{8,}\\.eyJ[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]*`, 'g'),
  ]),
  matchRule(
    'url-password',
    'Password in a URL (scheme://user:password@host); user and host are kept',
    // `/` is excluded from user and password so a failed attempt stops at the
    // next `://`, keeping `a://b:a://b:…` linear.
    [/(?<![A-Za-z0-9+.-])[A-Za-z][A-Za-z0-9+.-]{1,30}:\/\/[^\s:/@]*:([^\s/@]+)@/dg],
    { group: 1, accept: (v) => !isReference(v) },
  ),
  matchRule(
    'authorization-header',
    'Authorization / Proxy-Authorization header value (Bearer, Basic, token, Bot, Digest, …); the scheme is kept',
    [
      /(?<![A-Za-z0-9_-])(?:proxy-)?authorization["']?[ \t]*[:=][ \t]*(?:[fFrRbB]{0,2}["'`])?[ \t]*(?:(bearer|basic|token|bot|digest|negotiate|ntlm|apikey|api-key|key|sso-key|ssws|hmac|aws4-hmac-sha256|googlelogin)[ \t]+)?([^\s"'`][^"'`\n]*)/dgi,
    ],
    {
      group: 2,
      accept: (v, m) => {
        const value = v.trim();
        if (!hasAlnum(value) || isReference(value)) return false;
        if (m[1] !== undefined) return true;
        if (/^(?:bearer|basic|token|bot|digest)$/i.test(value)) return false;
        return !looksLikeCode(value);
      },
    },
  ),
  matchRule(
    'bearer-token',
    'Bearer token outside an Authorization header (16+ token chars containing a digit)',
    [/(?<![A-Za-z0-9_-])[Bb]earer[ \t]+([A-Za-z0-9._~+/-]{16,}=*)/dg],
    { group: 1, accept: (v) => hasDigit(v) && !looksLikePath(v) },
  ),
  matchRule(
    'cookie',
    'Cookie / Set-Cookie header value (session cookies are bearer credentials)',
    [/(?<![A-Za-z0-9_-])(?:set-)?cookie["']?[ \t]*:[ \t]*["']?([^\s"'][^"'\n]*)/dgi],
    { group: 1, accept: (v) => /[A-Za-z0-9_-]=[^\s;]/.test(v) && !isReference(v) },
  ),
  matchRule(
    'cli-credential',
    'user:password given to -u/--user (curl, httpie, docker login style)',
    [/(?<![\w-])(?:-u|--user)[ \t]*["']?([^\s:'"]+):([^\s'"]+)/dg],
    {
      group: 2,
      // `docker run -u 1000:1000` is a uid:gid, not a credential.
      accept: (v, m) => !isReference(v) && !(/^[0-9]+$/.test(m[1] ?? '') && /^[0-9]+$/.test(v)),
    },
  ),
  {
    kind: 'password-assignment',
    description: 'Value assigned to a password-like key (PASSWORD=, DB_PASS:, "password": "…", --password x, <password>…)',
    patterns: [ASSIGN_RE, FLAG_RE, XML_RE],
    find: (text, ctx) => assignmentsOf(text, ctx, 'password-assignment'),
  },
  {
    kind: 'secret-assignment',
    description: 'Value assigned to a secret/token/api-key-like key (api_key = "…", client_secret:, SECRET_KEY=, token: …)',
    patterns: [ASSIGN_RE, FLAG_RE, XML_RE],
    find: (text, ctx) => assignmentsOf(text, ctx, 'secret-assignment'),
  },
  {
    kind: 'high-entropy',
    description: 'Random-looking value (hex ≥32 chars ≥3.0 bits/char, or base64/alnum ≥20 chars above a length-scaled threshold) after =, : or a quote',
    patterns: [ENTROPY_TOKEN_RE],
    find: findHighEntropy,
  },
];

/**
 * The detector catalogue, in priority order. Patterns are copies: matchAll
 * starts from a regex's `lastIndex`, so a caller exec()-ing the shared
 * objects could otherwise make later scans skip the start of the text.
 */
export const SECRET_RULES: readonly SecretRule[] = Object.freeze(
  RULES.map((r) =>
    Object.freeze({
      kind: r.kind,
      description: r.description,
      patterns: Object.freeze(r.patterns.map((re) => new RegExp(re.source, re.flags))),
    }),
  ),
);

// ---------------------------------------------------------------------------
// Public entry points
// ---------------------------------------------------------------------------

/**
 * Locates secrets in `text` (which is scanned as given: `<private>` spans are
 * not stripped here). Findings are sorted and non-overlapping; overlapping
 * detections are merged into their union and named by the higher-priority rule.
 */
export function findSecrets(text: string): SecretFinding[] {
  const placeholders: Span[] = [];
  for (const m of text.matchAll(PLACEHOLDER_RE)) placeholders.push({ start: m.index, end: m.index + m[0].length });

  const candidates: Array<Span & { rank: number }> = [];
  const ctx: ScanContext = {};
  RULES.forEach((rule, rank) => {
    for (const span of rule.find(text, ctx)) {
      if (coveredByPlaceholders(text, span, placeholders)) continue;
      candidates.push({ start: span.start, end: span.end, rank });
    }
  });
  candidates.sort((a, b) => a.start - b.start || a.rank - b.rank);

  const findings: SecretFinding[] = [];
  let cur: (Span & { rank: number }) | undefined;
  for (const c of candidates) {
    if (cur && c.start < cur.end) {
      cur.end = Math.max(cur.end, c.end);
      if (c.rank < cur.rank) cur.rank = c.rank;
      continue;
    }
    if (cur) findings.push({ kind: (RULES[cur.rank] as RuleImpl).kind, start: cur.start, end: cur.end });
    cur = { ...c };
  }
  if (cur) findings.push({ kind: (RULES[cur.rank] as RuleImpl).kind, start: cur.start, end: cur.end });
  return findings;
}

const RANK = new Map(RULES.map((r, i) => [r.kind, i] as const));
const MAX_PASSES = 4;

function applyFindings(text: string, findings: readonly SecretFinding[]): string {
  const parts: string[] = [];
  let last = 0;
  for (const f of findings) {
    parts.push(text.slice(last, f.start), placeholderFor(f.kind));
    last = f.end;
  }
  parts.push(text.slice(last));
  return parts.join('');
}

/** Translates findings on `applyFindings(base, prior)` back to offsets in `base`. */
function mapBack(later: readonly SecretFinding[], prior: readonly SecretFinding[]): SecretFinding[] {
  const outStart: number[] = [];
  const outEnd: number[] = [];
  let shift = 0;
  for (const f of prior) {
    const s = f.start - shift;
    const len = placeholderFor(f.kind).length;
    outStart.push(s);
    outEnd.push(s + len);
    shift += f.end - f.start - len;
  }
  // Last placeholder starting at or before x (or strictly before, for span ends).
  const locate = (x: number, strict: boolean): number => {
    let lo = 0;
    let hi = outStart.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const v = outStart[mid] as number;
      if (strict ? v < x : v <= x) lo = mid + 1;
      else hi = mid;
    }
    return lo - 1;
  };
  const toBase = (x: number, isEnd: boolean): number => {
    const i = locate(x, isEnd);
    if (i < 0) return x;
    const f = prior[i] as SecretFinding;
    const pe = outEnd[i] as number;
    if (isEnd ? x <= pe : x < pe) return isEnd ? f.end : f.start;
    return f.end + (x - pe);
  };
  return later.map((f) => ({ kind: f.kind, start: toBase(f.start, false), end: toBase(f.end, true) }));
}

function mergeFindings(a: readonly SecretFinding[], b: readonly SecretFinding[]): SecretFinding[] {
  const all = [...a, ...b].sort((x, y) => x.start - y.start);
  const out: SecretFinding[] = [];
  for (const f of all) {
    const cur = out[out.length - 1];
    if (cur && f.start < cur.end) {
      cur.end = Math.max(cur.end, f.end);
      if ((RANK.get(f.kind) ?? Infinity) < (RANK.get(cur.kind) ?? Infinity)) cur.kind = f.kind;
    } else {
      out.push({ ...f });
    }
  }
  return out;
}

/**
 * Strips `<private>` spans, then replaces each secret with `[REDACTED:kind]`.
 * Finding offsets refer to the private-stripped text, before replacement.
 *
 * Replacing a multi-line secret can join what used to be separate lines, so
 * the result is rescanned and any newly exposed secret is folded into the
 * findings until nothing more is found: that makes the output a fixpoint
 * (idempotent) and never less redacted than a single pass.
 */
export function redact(text: string): { text: string; findings: SecretFinding[] } {
  const base = stripPrivate(text);
  let findings = findSecrets(base);
  let out = findings.length === 0 ? base : applyFindings(base, findings);
  for (let pass = 1; pass < MAX_PASSES && findings.length > 0; pass++) {
    const later = findSecrets(out);
    if (later.length === 0) break;
    findings = mergeFindings(findings, mapBack(later, findings));
    out = applyFindings(base, findings);
  }
  return { text: out, findings };
}

function isPlainObject(v: object): boolean {
  const proto: unknown = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

function redactLeaf(value: string, keyClass: KeyClass | null): string {
  // A bare string under a `password`/`token` key carries no textual clue, so the key decides.
  if (keyClass !== null && hasAlnum(value) && !isReference(value)) {
    PLACEHOLDER_RE.lastIndex = 0;
    const onlyPlaceholders = value.replace(PLACEHOLDER_RE, '').trim() === '';
    PLACEHOLDER_RE.lastIndex = 0;
    if (!onlyPlaceholders) return placeholderFor(keyClass);
  }
  return redact(value).text;
}

function walk(value: unknown, keyClass: KeyClass | null, seen: WeakMap<object, unknown>): unknown {
  if (typeof value === 'string') return redactLeaf(value, keyClass);
  if (typeof value !== 'object' || value === null) return value;
  const done = seen.get(value);
  if (done !== undefined) return done;
  if (Array.isArray(value)) {
    const out: unknown[] = [];
    seen.set(value, out);
    for (const item of value) out.push(walk(item, keyClass, seen));
    return out;
  }
  if (value instanceof Error) {
    // Errors end up in logs with secrets in message/stack (e.g. a failed URL with credentials).
    const copy = Object.create(Object.getPrototypeOf(value) as object) as Record<string, unknown>;
    seen.set(value, copy);
    for (const name of Object.getOwnPropertyNames(value)) {
      const desc = Object.getOwnPropertyDescriptor(value, name);
      if (!desc) continue;
      if ('value' in desc) desc.value = walk(desc.value, classifyKey(name), seen);
      Object.defineProperty(copy, name, desc);
    }
    return copy;
  }
  if (!isPlainObject(value)) return value;
  const out: Record<string, unknown> = Object.create(Object.getPrototypeOf(value) as object | null) as Record<string, unknown>;
  seen.set(value, out);
  for (const [k, v] of Object.entries(value)) {
    // defineProperty: a `__proto__` key from JSON.parse must stay data, not become the prototype.
    Object.defineProperty(out, redact(k).text, {
      value: walk(v, classifyKey(k), seen),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return out;
}

/**
 * Deep-copies a JSON-like value with every string redacted. Strings under a
 * password/secret-like key are replaced whole. Arrays, plain objects and
 * Errors are copied; other class instances (Date, Map, Buffer…) are returned
 * as they are. Cycles are preserved.
 */
export function redactValue<T>(value: T): T {
  return walk(value, null, new WeakMap()) as T;
}

/** The redacted text alone: what every writer (store, log, queue, API request) calls. */
export function redactText(text: string): string {
  return redact(text).text;
}
