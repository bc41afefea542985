/**
 * Secrets written in words rather than assigned: "the DB password is hunter2", "password for staging: Tr0ub4dor",
 * "and secret wJalrXUtnFEMI/K7MDENG…", "the key was 9f8e7d6c5b4a3f2e1d0c". A keyword (password, secret, token,
 * key, …), then either the value straight away or a few words and a linking word (is, was, =, :, set to), then
 * the value. With no structure to lean on, the value must look like a secret: only the value is redacted.
 */
import type { RuleImpl, Span } from './types.js';
import { STOPWORDS, isPlaceholderValue, isReference, looksLikeCode } from './keys.js';
import { hasDigit, hasLetter, looksLikeNoteId, looksLikePath, looksLikeSlug, shannonEntropy, UUID_RE } from './text-shape.js';

const KEYWORD_RE =
  /(?<![A-Za-z0-9_])(pass(?:word|wd|phrase|code)?s?|pwd|pw|secret(?:[ _-]?(?:access[ _-]?)?key)?|(?:api|access|auth|bearer|session|refresh|private|license|master|signing|encryption|deploy)[ _-]?(?:key|token)|token|key|PAT)(?![A-Za-z0-9_])/gi;

/** Words that join a keyword to its value; multi-word ones are matched word by word. */
const LINKERS = [
  ['is', 'now'],
  ['was', 'set', 'to'],
  ['is', 'set', 'to'],
  ['set', 'to'],
  ['changed', 'to'],
  ['is'],
  ['was'],
  ['are'],
  ['were'],
  ['equals'],
  ['became'],
  ['to'],
  ['='],
  [':'],
  ['-'],
  ['–'],
  ['—'],
  ['->'],
  ['=>'],
];
/** How many ordinary words may sit between the keyword and its linking word ("password for the prod db is …"). */
const MAX_FILLERS = 5;
/** How far after the keyword the value may be. */
const WINDOW = 160;

/** Identifiers with digits that are names of algorithms, formats and versions, not secrets. */
const TECH_WORDS =
  /^(?:sha-?\d+|md5|base(?:32|64)|utf-?(?:8|16|32)|oauth2?|http[23s]?|tls1?\.?\d?|x\.?509|aes-?\d+(?:-\w+)?|rsa-?\d*|ecdsa|ed(?:25519|448)|p-?(?:256|384|521)|hs(?:256|384|512)|rs(?:256|384|512)|es(?:256|384|512)|pbkdf2|argon2\w*|bcrypt|scrypt|v\d+|ipv[46]|s3|ec2|k8s|i18n|l10n|a11y|2fa|mfa|totp|hotp|fido2|web3|utf8mb4|int(?:8|16|32|64)|uint(?:8|16|32|64)|float(?:32|64)|u?int\d+)$/i;

interface Token {
  text: string;
  start: number;
  end: number;
  quoted: boolean;
}

/** Whitespace-separated tokens of the same line after `from`, quotes kept whole. */
function tokensAfter(text: string, from: number, max: number): Token[] {
  const out: Token[] = [];
  const stop = Math.min(text.length, from + WINDOW);
  let i = from;
  while (i < stop && out.length < max) {
    const c = text[i] as string;
    if (c === '\n' || c === '\r') break;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (c === '"' || c === "'" || c === '`') {
      let close = i + 1;
      while (close < stop && text[close] !== c && text[close] !== '\n') close++;
      if (text[close] !== c) break;
      // A `code span` in markdown is quoting of a different kind: its content still has to look like a secret.
      out.push({ text: text.slice(i + 1, close), start: i + 1, end: close, quoted: c !== '`' });
      i = close + 1;
      continue;
    }
    // `:` and `=` glued to the keyword or the value are tokens of their own.
    if ((c === ':' || c === '=') && text[i + 1] !== '=' && text[i + 1] !== ':') {
      out.push({ text: c, start: i, end: i + 1, quoted: false });
      i++;
      continue;
    }
    const start = i;
    while (i < stop && !/\s/.test(text[i] as string)) i++;
    out.push({ text: text.slice(start, i), start, end: i, quoted: false });
  }
  return out;
}

/** The value part of an unquoted token: trailing sentence punctuation and wrapping brackets removed. */
function trimValue(t: Token): Token {
  let { start, end } = t;
  const text = t.text;
  let a = 0;
  let b = text.length;
  while (a < b && /[([{<`]/.test(text[a] as string)) a++;
  while (b > a && /[.,;:)\]}>`]/.test(text[b - 1] as string)) b--;
  start += a;
  end -= text.length - b;
  return { text: text.slice(a, b), start, end, quoted: false };
}

type Strength = 'direct' | 'linked';

function acceptValue(value: string, keyword: string, strength: Strength, quoted: boolean): boolean {
  if (value.length < 4 || value.length > 200 || !/[A-Za-z0-9]/.test(value)) return false;
  if (value.includes('[REDACTED:') || isReference(value) || isPlaceholderValue(value)) return false;
  // Template and markup pieces: `${x}`, `](docs/…)`, `\x1b[32m`, `fn(a)`.
  if (value.includes('${') || (!quoted && /[()[\]{}<>"'`\\]/.test(value))) return false;
  const lower = value.toLowerCase();
  if (STOPWORDS.has(lower) || TECH_WORDS.test(value)) return false;
  // URLs and paths (`/etc/ssl/key.pem`, `./id_rsa`); a lone `/` opening base64 does not make a path.
  if (value.includes('://') || (/^~?\.{0,2}\//.test(value) && /[./].*[./]|\.[A-Za-z0-9]+$/.test(value.slice(1))) || looksLikePath(value)) return false;
  if (looksLikeNoteId(value) || /^v?\d+(?:\.\d+)+(?:[-+][\w.]+)?$/.test(value)) return false;
  if (/^[\w.-]+\.(?:json|ya?ml|env|txt|md|pem|key|crt|cer|p12|pfx|ts|js|py|sh|toml|ini|cfg|conf|xml|gpg|asc)$/i.test(value)) return false;
  if (/^[^@\s]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+$/.test(value)) return false; // an e-mail address
  if (!quoted && looksLikeCode(value)) return false;
  const isKey = /^(?:key|pass|pat)$/i.test(keyword);
  const passwordish = /^pass|^pwd/i.test(keyword);
  const symbols = /[!@#$%^&*+=?~]/.test(value);
  const digits = hasDigit(value);
  const letters = hasLetter(value);
  if (!letters) return passwordish && strength === 'linked' && /^[0-9]{6,}$/.test(value);
  if (isKey) return value.length >= 12 && digits && !looksLikeSlug(value) && shannonEntropy(value) >= 3.2;
  if (quoted && strength === 'linked') return true;
  if (UUID_RE.test(value)) return !passwordish || strength === 'linked';
  const strong = (digits && value.length >= 6) || (symbols && value.length >= 6) || (value.length >= 16 && shannonEntropy(value) >= 3.5);
  if (strength === 'direct') return strong && !looksLikeSlug(value) && value.length >= 6;
  return strong;
}

function isLinker(tokens: Token[], at: number): number {
  for (const linker of LINKERS) {
    if (linker.every((w, k) => tokens[at + k]?.quoted === false && tokens[at + k]?.text.toLowerCase() === w)) return linker.length;
  }
  return 0;
}

function* findProseSecrets(text: string): Iterable<Span> {
  for (const m of text.matchAll(KEYWORD_RE)) {
    const after = m.index + m[0].length;
    const next = text[after];
    // `token.length`, `password_hash`, `key(` and `"token":` are code, left to the assignment rules.
    if (next !== ' ' && next !== '\t' && next !== ':' && next !== '=') continue;
    // `password=x`, `token:x` and `key==y` are assignments or code: the assignment rules own them.
    if ((next === ':' || next === '=') && !/[ \t]/.test(text[after + 1] ?? '')) continue;
    // Most keywords are decided by their first token or two; read further only when needed.
    let tokens = tokensAfter(text, after, 3);
    if (tokens.length === 0) continue;
    const keyword = m[1] as string;
    let found: { token: Token; strength: Strength } | undefined;
    const linked = isLinker(tokens, 0);
    if (linked) {
      const t = tokens[linked];
      if (t) found = { token: t, strength: 'linked' };
    } else if (!/^(?:key|pass|pat)$/i.test(keyword)) {
      // A value straight after the keyword must look like a secret on its own, quoted or not.
      const first = tokens[0] as Token;
      const probe = first.quoted ? first : trimValue(first);
      if (acceptValue(probe.text, keyword, 'direct', false)) found = { token: first, strength: 'direct' };
    }
    if (!found && !linked && tokens.length === 3) tokens = tokensAfter(text, after, MAX_FILLERS + 4);
    if (!found && !linked) {
      for (let k = 1; k <= MAX_FILLERS && k < tokens.length; k++) {
        const filler = tokens[k - 1] as Token;
        if (filler.quoted || !/^[A-Za-z][A-Za-z0-9_-]{0,24}$/.test(filler.text)) break;
        const n = isLinker(tokens, k);
        if (n === 0) continue;
        const t = tokens[k + n];
        if (t) found = { token: t, strength: 'linked' };
        break;
      }
    }
    if (!found) continue;
    const value = found.token.quoted ? found.token : trimValue(found.token);
    const quoted = found.token.quoted && found.strength === 'linked';
    if (!acceptValue(value.text, keyword, found.strength, quoted)) continue;
    yield { start: value.start, end: value.end };
  }
}

export const PROSE_RULE: RuleImpl = {
  kind: 'prose-secret',
  description:
    'Password, secret, token or key written in prose: the keyword, then the value, or a few words and is/was/:/= then the value ("the DB password is hunter2", "secret wJalr…"); only values that look like secrets',
  patterns: [KEYWORD_RE],
  find: findProseSecrets,
};
