/**
 * The generic rule: a random-looking value in value position (after `=`, `:` or an opening quote) that no vendor
 * or assignment rule recognised. Hashes, ids and words are told apart from keys by length, alphabet, context and
 * how random the string is.
 */
import type { Span } from './types.js';
import { UUID_RE, hasAlphabetRun, hasDigit, looksLikeIdentifier, looksLikeNoteId, looksLikePath, looksLikeSlug, shannonEntropy } from './text-shape.js';

export const ENTROPY_TOKEN_RE = /(?<![A-Za-z0-9+/_-])[A-Za-z0-9+/_-]{20,}={0,3}(?![A-Za-z0-9+/_-])/g;

/** Hex strings in these contexts are content hashes, not credentials. */
const HASH_CONTEXT_RE = /commit|sha|hash|digest|checksum|\brev|parent|tree|\boid|head|merge|etag|integrity|md5|blob|object|fingerprint|\bref|build|version/;

/** Identifiers of things, not credentials: Anthropic/OpenAI object ids and SRI hashes. */
const NON_SECRET_ID_RE = /^(?:msg|toolu|srvtoolu|req|msgbatch|file|chatcmpl|call|run|thread|asst|evt)[_-]|^sha(?:1|256|384|512)-|^[a-z]{1,8}-[0-9a-f]{8,17}$/;

/** The key right before a value says it names something (`trace_id`, `container`, `etag`): an identifier, not a credential. */
const ID_KEY_RE =
  /(?:^|[^a-z0-9])(?:[a-z0-9]+[_.-])*(?:id|ids|uuid|guid|trace|span|request|correlation|container|image|layer|commit|revision|build|digest|checksum|hash|etag|sha\d*|md5|fingerprint|nonce)["'`]?[ \t]*[:=][ \t]*["'`]?$/;

/**
 * API object ids: a short lower-case noun, `_`, and a random tail (`sesn_011CZkZ…`, `cus_NffrFeUfNV2Hib`,
 * `wrkspc_01…`). Vendors whose keys share the shape have their own rules, which run first; a prefix that names a
 * secret keeps the value suspect.
 */
const OBJECT_ID_RE = /^([a-z]{2,12})_(?:[a-z]{2,12}_)?[A-Za-z0-9]{12,64}$/;
const SECRET_ID_PREFIXES =
  /^(?:sk|rk|pk|secret|token|key|pat|api|apikey|auth|access|private|priv|whsec|sess|session|pwd|pass|cred|creds|bearer|oauth|refresh|jwt)$/;

function looksLikeObjectId(token: string): boolean {
  const m = OBJECT_ID_RE.exec(token);
  return m !== null && !SECRET_ID_PREFIXES.test(m[1] as string);
}

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

/** Up to 48 characters before `at` on its line, lower-cased: where the key of a value is. */
function lineBefore(text: string, at: number): string {
  const context = text.slice(Math.max(0, at - 48), at).toLowerCase();
  const nl = context.lastIndexOf('\n');
  return nl >= 0 ? context.slice(nl + 1) : context;
}

/**
 * Base64 of readable text (fixtures, encoded JSON, test vectors) decodes to printable words; keys decode to
 * random bytes. `user:password` pairs stay suspect: they are credentials however readable.
 */
function isEncodedText(token: string): boolean {
  if (token.length < 16 || token.length % 4 !== 0 || !/^[A-Za-z0-9+/]+={0,2}$/.test(token)) return false;
  const decoded = Buffer.from(token, 'base64').toString('latin1');
  let printable = 0;
  for (let i = 0; i < decoded.length; i++) {
    const c = decoded.charCodeAt(i);
    if ((c >= 32 && c < 127) || c === 10 || c === 9) printable++;
  }
  if (printable < decoded.length * 0.97 || !/[ ,{}":]/.test(decoded)) return false;
  return !/^[\w.@+-]{1,64}:[^\s]{1,128}$/.test(decoded);
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

/**
 * Cheap tests first: most tokens fail on position, alphabet or randomness, so the costlier look at ids, slugs,
 * encoded text and the key before the value runs only for the few that look random.
 */
export function* findHighEntropy(text: string): Iterable<Span> {
  for (const m of text.matchAll(ENTROPY_TOKEN_RE)) {
    const start = m.index;
    const token = m[0];
    const { ok, contextFrom } = inValuePosition(text, start);
    if (!ok) continue;
    if (token.startsWith('//') || UUID_RE.test(token) || NON_SECRET_ID_RE.test(token)) continue;
    const body = token.replace(/=+$/, '');
    const hex = /^[0-9a-f]+$/.test(body) || /^[0-9A-F]+$/.test(body);
    if (hex) {
      if (body.length < ENTROPY_THRESHOLDS.hexMinLength || !/[a-fA-F]/.test(body) || !hasDigit(body)) continue;
      if (shannonEntropy(body) < ENTROPY_THRESHOLDS.hexMinBits) continue;
      // The words that introduce this value: its line, from the last field or sentence break on.
      const context = text.slice(Math.max(0, contextFrom - 48), contextFrom).toLowerCase();
      const clause = context.split(/\n|[,;{(]|\.\s/).pop() ?? context;
      if (HASH_CONTEXT_RE.test(clause)) continue;
    } else {
      if (!hasDigit(body) || !/[A-Za-z]/.test(body)) continue;
      if (/[+/]/.test(body) && /[-_]/.test(body)) continue;
      if (looksLikePath(body)) continue;
      if (shannonEntropy(body) < entropyThreshold(body.length)) continue;
      if (looksLikeIdentifier(body)) continue;
    }
    // This tool's own note ids and file names, slugs and API object ids are random by design, not secrets.
    if (looksLikeNoteId(token) || looksLikeSlug(token) || looksLikeObjectId(token) || hasAlphabetRun(token)) continue;
    if (ID_KEY_RE.test(lineBefore(text, start)) || isEncodedText(token)) continue;
    yield { start, end: start + token.length };
  }
}
