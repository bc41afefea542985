/**
 * Secrets given on a command line: short flags whose meaning depends on the command (`docker login -p X`,
 * `sshpass -p X`, `mysql -pX`, `redis-cli -a X`, `openssl -passin pass:X`, `gh secret set N --body X`,
 * `kubectl create secret … --from-literal=k=X`), npm/yarn auth settings, and values piped into `--password-stdin`.
 * Long flags named after a secret (`--password X`, `--api-token X`) are the assignment rule's business.
 */
import type { RuleImpl, Span } from './types.js';
import { isReference } from './keys.js';

/** A flag whose value holds the secret; `after` names where in the value it starts (`pass:X`, `user%X`, `k=X`). */
interface FlagSpec {
  flag: string;
  after?: string;
  /** Without `after` in the value there is no secret (`-U user` names only a user). */
  required?: boolean;
}

interface CommandSecrets {
  /** Program names (the last path component of the first word of a command). */
  commands: readonly string[];
  /** A word among the first three after the program that must be there for the flags to mean a secret. */
  subcommand?: RegExp;
  /** Flags whose next word (or `=value`) is the secret. */
  flags: readonly (string | FlagSpec)[];
  /** Flags whose value is attached (`-pSECRET`). */
  attached?: readonly string[];
  /** Words that hold the secret by position (`htpasswd -b FILE USER PASSWORD`, npm auth settings). */
  special?: 'htpasswd' | 'package-manager';
}

const PASS_PREFIX: FlagSpec[] = ['-passin', '-passout', '-pass', '-password'].map((flag) => ({ flag, after: 'pass:', required: true }));

/** The table: which flags of which programs carry a password or token. */
const COMMANDS: readonly CommandSecrets[] = [
  { commands: ['docker', 'podman', 'nerdctl', 'buildah', 'skopeo', 'oras', 'crane'], subcommand: /^login$/, flags: ['-p', '--password'] },
  { commands: ['helm'], subcommand: /^(?:registry|repo)$/, flags: ['-p', '--password'] },
  { commands: ['sshpass'], flags: ['-p'], attached: ['-p'] },
  { commands: ['mysql', 'mysqldump', 'mysqladmin', 'mysqlimport', 'mysqlshow', 'mysqlsh', 'mariadb', 'mariadb-dump'], flags: ['--password'], attached: ['-p'] },
  { commands: ['redis-cli', 'valkey-cli'], flags: ['-a', '--pass', '--user-pass'] },
  { commands: ['sqlcmd', 'bcp', 'osql'], flags: ['-P'] },
  { commands: ['ldapsearch', 'ldapadd', 'ldapmodify', 'ldapdelete', 'ldapwhoami', 'ldappasswd', 'ldapcompare'], flags: ['-w'] },
  { commands: ['openssl'], flags: [...PASS_PREFIX, '-k'] },
  { commands: ['keytool', 'jarsigner'], flags: ['-storepass', '-keypass', '-srcstorepass', '-deststorepass', '-srckeypass', '-destkeypass'] },
  { commands: ['zip', 'unzip', 'zipcloak'], flags: ['-P', '--password'] },
  { commands: ['7z', '7za', '7zz'], flags: [], attached: ['-p'] },
  { commands: ['gh'], subcommand: /^secret$/, flags: ['-b', '--body'], attached: ['-b'] },
  { commands: ['kubectl', 'oc'], subcommand: /^create$/, flags: [{ flag: '--from-literal', after: '=' }, '--docker-password'] },
  { commands: ['az'], flags: ['-p', '--password', '--secret'] },
  { commands: ['mongo', 'mongosh', 'mongodump', 'mongorestore', 'mongoexport', 'mongoimport'], flags: ['-p', '--password'] },
  { commands: ['smbclient', 'rpcclient', 'smbmap'], flags: [{ flag: '-U', after: '%', required: true }, { flag: '--user', after: '%', required: true }] },
  { commands: ['curl'], flags: ['--oauth2-bearer', { flag: '--proxy-user', after: ':', required: true }, { flag: '-U', after: ':', required: true }] },
  { commands: ['vault', 'consul', 'nomad'], subcommand: /^login$/, flags: ['-token', '--token', '-password', '--password'] },
  { commands: ['htpasswd'], flags: [], special: 'htpasswd' },
  { commands: ['npm', 'pnpm', 'yarn'], flags: [], special: 'package-manager' },
];

const BY_COMMAND = new Map<string, CommandSecrets>();
for (const entry of COMMANDS) for (const name of entry.commands) BY_COMMAND.set(name, entry);

const COMMAND_RE = new RegExp(
  `(?<![\\w.-])(${[...BY_COMMAND.keys()].sort((a, b) => b.length - a.length).map((c) => c.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&')).join('|')})(?![\\w.-])`,
  'g',
);

/** How much of a command line is read after the program name (a path before the name is allowed: /usr/bin/mysql). */
const COMMAND_WINDOW = 400;

interface Word {
  text: string;
  /** Offsets of the word's content in the scanned text (inside its quotes, when quoted). */
  start: number;
  end: number;
}

/** Shell words of one command (up to a newline, `|`, `;` or `&`), with offsets. Quotes are removed, not parsed further. */
function wordsOf(text: string, from: number): Word[] {
  const words: Word[] = [];
  const stop = Math.min(text.length, from + COMMAND_WINDOW);
  let i = from;
  while (i < stop) {
    const c = text[i] as string;
    if (c === '\n' || c === '|' || c === ';' || c === '&') break;
    if (c === ' ' || c === '\t' || c === '\\') {
      i++;
      continue;
    }
    if (c === '"' || c === "'") {
      const close = text.indexOf(c, i + 1);
      const end = close < 0 || close > stop ? stop : close;
      words.push({ text: text.slice(i + 1, end), start: i + 1, end });
      i = end + 1;
      continue;
    }
    const start = i;
    while (i < stop && !/[\s|;&"']/.test(text[i] as string)) i++;
    // A word may continue into a quoted part: -p"secret", --body="x y".
    if (i < stop && (text[i] === '"' || text[i] === "'")) {
      const q = text[i] as string;
      const close = text.indexOf(q, i + 1);
      const end = close < 0 || close > stop ? stop : close;
      words.push({ text: text.slice(start, i) + text.slice(i + 1, end), start, end });
      i = end + 1;
      continue;
    }
    words.push({ text: text.slice(start, i), start, end: i });
  }
  return words;
}

/** The secret's span within a value word, from `offsetInWord` on and after the flag's separator if it has one. */
function secretPart(word: Word, offsetInWord: number, spec: FlagSpec, text: string): Span | undefined {
  let start = word.start + offsetInWord;
  const end = word.end;
  // Skip a quote that opens the value inside the word (-p"secret").
  while (start < end && (text[start] === '"' || text[start] === "'")) start++;
  if (spec.after) {
    const at = text.slice(start, end).indexOf(spec.after);
    if (at >= 0) start += at + spec.after.length;
    else if (spec.required) return undefined;
  }
  const value = text.slice(start, end);
  if (!/[A-Za-z0-9]/.test(value) || isReference(value)) return undefined;
  return { start, end };
}

function* commandSecrets(text: string, entry: CommandSecrets, words: Word[]): Iterable<Span> {
  if (entry.subcommand && !words.slice(0, 3).some((w) => entry.subcommand?.test(w.text))) return;
  const specs = entry.flags.map((f) => (typeof f === 'string' ? { flag: f } : f));
  for (let k = 0; k < words.length; k++) {
    const w = words[k] as Word;
    for (const spec of specs) {
      if (w.text === spec.flag) {
        const next = words[k + 1];
        if (next && !next.text.startsWith('-')) {
          const span = secretPart(next, 0, spec, text);
          if (span) yield span;
        }
      } else if (spec.flag.startsWith('--') && w.text.startsWith(`${spec.flag}=`)) {
        const span = secretPart(w, spec.flag.length + 1, spec, text);
        if (span) yield span;
      }
    }
    for (const flag of entry.attached ?? []) {
      if (w.text.startsWith(flag) && w.text.length > flag.length && !w.text.startsWith('--')) {
        const span = secretPart(w, flag.length, { flag }, text);
        if (span) yield span;
      }
    }
  }
}

/** `htpasswd -b[c] FILE USER PASSWORD`: the third word after the batch flag. */
function* htpasswdSecrets(words: Word[]): Iterable<Span> {
  const at = words.findIndex((w) => /^-[a-zA-Z]*b[a-zA-Z]*$/.test(w.text));
  const password = at >= 0 ? words.slice(at + 1).filter((w) => !w.text.startsWith('-'))[2] : undefined;
  if (password && /[A-Za-z0-9]/.test(password.text)) yield { start: password.start, end: password.end };
}

/** npm/yarn/pnpm auth settings given as words: `npm config set //reg/:_authToken X`, `yarn config set npmAuthToken X`. */
function* packageManagerSecrets(words: Word[]): Iterable<Span> {
  for (let k = 0; k + 1 < words.length; k++) {
    const w = words[k] as Word;
    if (!/(?:^|:)_(?:authToken|auth|password)$|^npmAuth(?:Token|Ident)$/.test(w.text)) continue;
    const next = words[k + 1] as Word;
    if (/[A-Za-z0-9]/.test(next.text) && !isReference(next.text)) yield { start: next.start, end: next.end };
  }
}

/** `echo X | docker login --password-stdin`: the echoed word. */
const PIPED_RE = /(?<![\w-])(?:echo|printf)[ \t]+(?:-[ne]+[ \t]+)?(?:"([^"\n]{1,200})"|'([^'\n]{1,200})'|([^\s"'|;&]{1,200}))[ \t]*\|[ \t]*([^\n|;&]{0,200})/dg;
const STDIN_SECRET_FLAG = /--password-stdin|--with-token|--token-stdin|--pass-stdin|\blogin[ \t]+-(?:[ \t]|$)/;

function* findCommandLineSecrets(text: string): Iterable<Span> {
  for (const m of text.matchAll(COMMAND_RE)) {
    const entry = BY_COMMAND.get(m[1] as string);
    if (!entry) continue;
    const words = wordsOf(text, m.index + m[0].length);
    if (entry.special === 'htpasswd') yield* htpasswdSecrets(words);
    else if (entry.special === 'package-manager') yield* packageManagerSecrets(words);
    else yield* commandSecrets(text, entry, words);
  }
  for (const m of text.matchAll(PIPED_RE)) {
    if (!STDIN_SECRET_FLAG.test(m[4] ?? '')) continue;
    const idx = m.indices?.[1] ?? m.indices?.[2] ?? m.indices?.[3];
    if (!idx) continue;
    const value = text.slice(idx[0], idx[1]);
    if (/[A-Za-z0-9]/.test(value) && !isReference(value)) yield { start: idx[0], end: idx[1] };
  }
}

export const COMMAND_LINE_RULE: RuleImpl = {
  kind: 'cli-password',
  description:
    'Password or token given to a command line flag whose meaning depends on the program (docker login -p, sshpass -p, mysql -pX, redis-cli -a, openssl pass:, gh secret set --body, kubectl --from-literal, npm _authToken), or piped into --password-stdin',
  patterns: [COMMAND_RE, PIPED_RE],
  find: findCommandLineSecrets,
};
