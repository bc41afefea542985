import { randomBytes } from 'node:crypto';

const ALPHABET = '0123456789abcdefghijklmnopqrstuvwxyz';
/** See docs/note-format.md for the collision math behind this length. */
export const ID_SUFFIX_LENGTH = 8;
const MAX_SLUG_LENGTH = 48;

/** A readable, filesystem- and URL-safe slug: lowercase ASCII words joined by dashes. */
export function slugify(title: string): string {
  const slug = title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  const cut = slug.slice(0, MAX_SLUG_LENGTH).replace(/-+[^-]*$/, (tail) => (slug.length > MAX_SLUG_LENGTH ? '' : tail));
  return cut.replace(/-+$/g, '') || 'note';
}

/** Uniform base36: bytes of 252 and above are dropped (252 = 7 × 36), so no character is favoured. */
export function randomSuffix(length = ID_SUFFIX_LENGTH, bytes: Buffer = randomBytes(length * 2)): string {
  let out = '';
  for (const byte of bytes) {
    if (out.length === length) break;
    if (byte < 252) out += ALPHABET[byte % ALPHABET.length];
  }
  return out.length === length ? out : out + randomSuffix(length - out.length);
}

export function makeId(title: string, suffix = randomSuffix()): string {
  return `${slugify(title)}-${suffix}`;
}

/** Ids become file names: allow only what slugify and makeId can produce, plus hand-written file names. */
export function isValidId(id: string): boolean {
  return /^[a-z0-9][a-z0-9._-]{0,127}$/i.test(id) && !id.includes('..');
}
