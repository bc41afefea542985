/**
 * Small judgements about the shape of a string, shared by several rules: how random it is, whether it reads as
 * words, a path, or one of the ids this tool generates itself.
 */

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

export const hasDigit = (s: string): boolean => /[0-9]/.test(s);
export const hasAlnum = (s: string): boolean => /[A-Za-z0-9]/.test(s);
export const hasLetter = (s: string): boolean => /[A-Za-z]/.test(s);

export const UUID_RE = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

/**
 * Words-and-digits tokens (camelCase, snake_case, kebab-case, model names)
 * have long segments and a natural share of vowels; random strings have
 * short segments (case flips every ~1.6 chars) and ~19% vowels.
 */
export function looksLikeIdentifier(token: string): boolean {
  const segs = token.match(/[A-Z]{2,}(?![a-z])|[A-Z]?[a-z]+|[A-Z]|[0-9]+/g) ?? [];
  if (segs.length === 0) return false;
  const avg = segs.reduce((n, s) => n + s.length, 0) / segs.length;
  const letters = token.replace(/[^A-Za-z]/g, '');
  const vowels = (letters.match(/[aeiouAEIOU]/g) ?? []).length / Math.max(1, letters.length);
  const mixedCase = /[a-z]/.test(token) && /[A-Z]/.test(token);
  return mixedCase ? avg >= 4 || (vowels >= 0.3 && avg >= 3) : vowels >= 0.3 && avg >= 3;
}

/** Runs such as `ABCDEFGHIJ` or `0123456789`: alphabets and fixtures, never random. */
export function hasAlphabetRun(token: string, run = 8): boolean {
  let n = 1;
  for (let i = 1; i < token.length; i++) {
    n = token.charCodeAt(i) === token.charCodeAt(i - 1) + 1 ? n + 1 : 1;
    if (n >= run) return true;
  }
  return false;
}

export function looksLikePath(token: string): boolean {
  if (!token.includes('/')) return false;
  // Standard base64 never mixes `/` with the url-safe `-`/`_`.
  if (/[-_]/.test(token)) return true;
  const segs = token.split('/').filter(Boolean);
  return segs.length >= 2 && segs.every((s) => s.length <= 3 || looksLikeIdentifier(s) || /^[a-z]+[0-9]*$/.test(s));
}

/**
 * The ids this tool gives notes (src/store/id.ts): a lower-case slug of the title, a dash and eight base36
 * characters, e.g. `redis-session-store-ttl-k3f9x2qa`; also the same with `.md` as a file name. They are
 * random by design and must never read as secrets.
 */
export function looksLikeNoteId(token: string): boolean {
  const name = token.endsWith('.md') ? token.slice(0, -3) : token;
  const dash = name.lastIndexOf('-');
  if (name.length > 140 || dash < 1 || name.length - dash - 1 !== 8) return false;
  const slug = name.slice(0, dash);
  return /^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(slug) && /[a-z]/.test(slug) && /^[a-z0-9]{8}$/.test(name.slice(dash + 1));
}

/**
 * Lower-case kebab- or snake-case names whose parts are short and mostly words: slugs, ids with a short random
 * tail, package and file names. Random keys mix cases and, in the url-safe alphabet, hold a `-` or `_` only
 * every 32 characters on average, so their parts are long.
 */
export function looksLikeSlug(token: string): boolean {
  if (!/^[a-z0-9]+(?:[-_][a-z0-9]+){2,}$/.test(token)) return false;
  let words = 0;
  let others = 0;
  for (const part of token.split(/[-_]/)) {
    if (part.length > 10) return false;
    // Numbers (dates, versions) are neutral; a word is letters with a vowel, or an identifier-like mix.
    if (/^[0-9]+$/.test(part)) continue;
    if ((/^[a-z]+$/.test(part) && /[aeiouy]/.test(part)) || looksLikeIdentifier(part)) words++;
    else others++;
  }
  return words >= 2 && words >= others;
}
