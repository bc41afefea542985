/**
 * What a key name says about its value, and which values name a secret's location rather than being one.
 * Shared by the assignment rules (`DB_PASSWORD=…`), the context rules and deep redaction of objects.
 */
import type { KeyClass } from './types.js';
import { hasDigit } from './text-shape.js';

/**
 * Values that name where a secret lives rather than being one: shell and
 * template variables, env lookups, `<YOUR_TOKEN>` style doc placeholders.
 * Keeping them makes notes useful ("token comes from $GITHUB_TOKEN").
 */
const REFERENCE_RE = new RegExp(
  [
    String.raw`\$\{[^}\s]+\}[,;).:!]*$`, // ${VAR}, ${VAR:-default}
    // $VAR / $token / $apiKey, but not `$ecretPa55`: a mixed-case name with
    // digits is more likely a password that happens to start with `$`.
    String.raw`\$(?:[A-Z_][A-Z0-9_]*|[a-z_][a-z0-9_]*|[a-z]+(?:[A-Z][a-z]+)+)[,;).:!]*$`,
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

export function isReference(value: string): boolean {
  return REFERENCE_RE.test(value.trim());
}

const TYPE_OR_LITERAL_WORDS = new Set([
  'string',
  'String',
  'str',
  'number',
  'Number',
  'int',
  'integer',
  'float',
  'bool',
  'boolean',
  'Boolean',
  'bytes',
  'any',
  'unknown',
  'undefined',
  'null',
  'None',
  'nil',
  'true',
  'false',
  'True',
  'False',
  'void',
  'never',
  'object',
  'Object',
  'Optional',
  'SecretStr',
  'Secret',
  'char',
  'text',
  'varchar',
  'await',
  'new',
  'function',
  'async',
  'typeof',
  'lambda',
  'yield',
  'require',
  'import',
  'getpass',
  'input',
  'required',
  'optional',
]);

/** English words that follow "password:" in prose, where the colon is not an assignment. */
export const STOPWORDS = new Set([
  'a',
  'an',
  'the',
  'is',
  'are',
  'was',
  'be',
  'it',
  'to',
  'in',
  'of',
  'for',
  'and',
  'or',
  'not',
  'no',
  'you',
  'your',
  'we',
  'our',
  'this',
  'that',
  'from',
  'with',
  'as',
  'at',
  'on',
  'by',
  'which',
  'will',
  'should',
  'must',
  'can',
  'if',
  'when',
  'use',
  'see',
  'set',
  'enter',
  'type',
  'paste',
  'same',
  'none',
  'empty',
  'unset',
  'missing',
  'required',
  'optional',
  'changed',
  'updated',
  'invalid',
  'expired',
  'expires',
  'here',
  'below',
  'above',
  'stored',
  'rotated',
  'generated',
  'provided',
  'hidden',
]);

/** Quoted values that are API enums, e.g. fetch's `credentials: 'include'`. */
export const ENUM_VALUES = new Set(['include', 'omit', 'same-origin']);

const SECRET_WORD_PARTS = new Set(['password', 'passwd', 'passphrase', 'pass', 'pwd', 'secret', 'token', 'key', 'apikey', 'credential', 'credentials']);

/**
 * Unquoted values that are program text rather than data: type annotations,
 * calls, member expressions, and variables named after the secret
 * (`password: hashedPassword`). Only consulted outside `.env` style lines.
 */
export function looksLikeCode(value: string): boolean {
  const v = value.trim();
  // Anchored prefix rather than split(): values can be very long and must not be walked whole.
  // Sentence punctuation after a word (`password: string.`) is not part of it.
  const first = (/^[^\s|,;)\]}<>=?[(]*/.exec(v)?.[0] ?? '').replace(/[.:!]+$/, '');
  if (first === '' || TYPE_OR_LITERAL_WORDS.has(first) || STOPWORDS.has(first.toLowerCase())) return true;
  if (/^[A-Za-z_$][\w$]*(?:\??\.[A-Za-z_$][\w$]*)*\s*\(/.test(v)) return true;
  if (/^[A-Za-z_$][\w$]*(?:\??\.[A-Za-z_$][\w$]*|\[[^\]\s]{0,64}\])+[,;)]*$/.test(v)) return true;
  // A bundler's renamed identifier (`ArrowToken$1`): two or more words, then `$` and a small number.
  if (/^[A-Za-z_]*[a-z][A-Z][A-Za-z_]*\$\d{1,3}$/.test(first)) return true;
  // A type in an annotation, followed by what ends or extends it: `token: CommentOrToken): …`,
  // `nodeOrToken: Node["range"]`, `token: Token | null`, `token: Token<T>`.
  if (/^[A-Z][A-Za-z]*[a-z][A-Za-z]*\s*(?:[|&)\],;<>[=]|$)/.test(v) && /[a-z][A-Z]|^[A-Z][a-z]+$/.test(first) && !hasDigit(first)) return true;
  if (/^[A-Za-z_$][\w$]*[,;)]*$/.test(v) && !hasDigit(v)) {
    const id = v.replace(/[,;)]+$/, '');
    if (/[a-z][A-Z]/.test(id) || keyParts(id).some((p) => SECRET_WORD_PARTS.has(p))) return true;
  }
  return false;
}

/** Splits `DB_PASSWORD`, `clientSecret`, `x-api-key`, `APIKey` into lower-case words. */
export function keyParts(key: string): string[] {
  return (key.match(/[A-Z]{2,}(?![a-z])|[A-Z]?[a-z]+|[A-Z]|[0-9]+/g) ?? []).map((p) => p.toLowerCase());
}

const PASSWORD_WORDS = new Set(['password', 'passwd', 'pwd', 'pw', 'pass', 'passphrase', 'passcode', 'sshpass']);
const SECRET_LAST_WORDS = new Set([
  'secret',
  'token',
  'apikey',
  'credential',
  'credentials',
  'privatekey',
  'secretkey',
  'accesskey',
  'authtoken',
  'accesstoken',
  'refreshtoken',
  'clientsecret',
  'sessiontoken',
  'bearertoken',
]);
const KEY_QUALIFIERS = new Set([
  'api',
  'access',
  'secret',
  'private',
  'auth',
  'client',
  'encryption',
  'signing',
  'sign',
  'master',
  'app',
  'account',
  'storage',
  'service',
  'webhook',
  'consumer',
  'session',
  'shared',
  'subscription',
  'admin',
  'deploy',
  'hmac',
  'jwt',
  'cookie',
  'crypt',
  'cipher',
  'aes',
  'license',
]);

/**
 * Decides from a key name alone whether its value is a secret. Only the last
 * word counts so `token_type`, `password_file`, `secret_name` and `max_tokens`
 * stay readable while `DB_PASSWORD`, `clientSecret` and `x-api-key` do not.
 */
export function classifyKey(key: string): KeyClass | null {
  // Almost every key in real text is none of these; skip the word split for them.
  if (!/pass|pw|secret|token|key|credential|rediscli_auth/i.test(key)) return null;
  const parts = keyParts(key);
  const last = parts[parts.length - 1];
  if (last === undefined) return null;
  const prev = parts[parts.length - 2];
  if (parts[0] === 'no' && parts.length > 1) return null;
  if (parts.length === 1 && (last === 'pwd' || last === 'oldpwd')) return null; // the shell's cwd
  if (parts.length === 2 && parts[0] === 'rediscli' && last === 'auth') return 'password-assignment';
  if (parts.join('_') === 'secret_key_base') return 'secret-assignment'; // Rails
  if (PASSWORD_WORDS.has(last) || /^[a-z]*(?:password|passwd|passphrase)$/.test(last)) return 'password-assignment';
  if (SECRET_LAST_WORDS.has(last) || /^[a-z]*(?:secret|token|apikey|secretkey|accesskey|privatekey)$/.test(last)) {
    return 'secret-assignment';
  }
  if (last === 'key' && prev !== undefined && KEY_QUALIFIERS.has(prev)) return 'secret-assignment';
  return null;
}

/**
 * Values that documentation and examples put where a secret goes: `user:pass@`, `-pSECRET`, `<password>`,
 * `changeme`, `xxxx`, `YOUR_TOKEN`. Not worth a finding; a real secret never reads like this.
 */
const PLACEHOLDER_VALUE_RE =
  /^(?:x{3,}|\*{3,}|\.{3,}|…|<[^<>]*>|\[[^[\]]*\]|\{[^{}]*\}|(?:your|my|the|some|a)?[-_ ]?(?:pass(?:word|wd|phrase)?|pwd|secret|token|key|api[-_]?key|access[-_]?token|auth[-_]?token)s?(?:[-_ ]?here)?|change[-_]?(?:me|it|this)|example|sample|dummy|redacted|hidden|test|foo|bar|baz|xyz|abc)$/i;

export function isPlaceholderValue(value: string): boolean {
  const v = value.trim();
  // SECRET, YOUR_TOKEN, MY_PASSWORD: capitals and underscores only.
  return PLACEHOLDER_VALUE_RE.test(v) || (/^[A-Z][A-Z_]{2,40}$/.test(v) && !/^[A-Z]{16,}$/.test(v));
}
