/**
 * Secrets given on a command line: short flags whose meaning depends on the command (`docker login -p X`,
 * `sshpass -p X`, `mysql -pX`, `redis-cli -a X`, `openssl -passin pass:X`, `gh secret set N --body X`,
 * `kubectl create secret … --from-literal=k=X`), npm/yarn auth settings, and values piped into `--password-stdin`.
 * Long flags named after a secret (`--password X`, `--api-token X`) are the assignment rule's business.
 */
import type { RuleImpl, Span } from './types.js';
import { classifyKey, isPlaceholderValue, isReference } from './keys.js';

/** A value worth a finding: three characters or more, not a variable, not a documentation placeholder. */
const usable = (value: string): boolean => value.length >= 3 && /[A-Za-z0-9]/.test(value) && !isReference(value) && !isPlaceholderValue(value);

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
  /** Words that hold the secret by position (`htpasswd -b FILE USER PASSWORD`, `config set KEY VALUE`). */
  special?: 'htpasswd' | 'config-set';
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
  {
    commands: ['smbclient', 'rpcclient', 'smbmap'],
    flags: [
      { flag: '-U', after: '%', required: true },
      { flag: '--user', after: '%', required: true },
    ],
  },
  { commands: ['curl'], flags: ['--oauth2-bearer', { flag: '--proxy-user', after: ':', required: true }, { flag: '-U', after: ':', required: true }] },
  { commands: ['vault', 'consul', 'nomad'], subcommand: /^login$/, flags: ['-token', '--token', '-password', '--password'] },
  { commands: ['htpasswd'], flags: [], special: 'htpasswd' },
  { commands: ['npm', 'pnpm', 'yarn', 'aws', 'git', 'conda', 'pip', 'poetry', 'composer', 'bundle'], flags: [], special: 'config-set' },
];

const BY_COMMAND = new Map<string, CommandSecrets>();
for (const entry of COMMANDS) for (const name of entry.commands) BY_COMMAND.set(name, entry);

const COMMAND_RE = new RegExp(
  `\\b(${[...BY_COMMAND.keys()]
    .sort((a, b) => b.length - a.length)
    .map((c) => c.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&'))
    .join('|')})(?=[ \\t])`,
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

/** Where a quote opened at `from - 1` closes: never past the end of its line (an unclosed quote ends there). */
function closingQuote(text: string, quote: string, from: number, stop: number): number {
  let i = from;
  while (i < stop && text[i] !== quote && text[i] !== '\n') i++;
  return i;
}

/** Shell words of one command (up to a newline, `|`, `;` or `&`), with offsets. Quotes are removed, not parsed further. */
function wordsOf(text: string, from: number): Word[] {
  const words: Word[] = [];
  const stop = Math.min(text.length, from + COMMAND_WINDOW);
  let i = from;
  while (i < stop) {
    const c = text[i] as string;
    if (c === '\n' || c === '|' || c === ';' || c === '&' || c === '`') break;
    if (/\s/.test(c) || c === '\\') {
      i++;
      continue;
    }
    if (c === '"' || c === "'") {
      const end = closingQuote(text, c, i + 1, stop);
      words.push({ text: text.slice(i + 1, end), start: i + 1, end });
      i = text[end] === c ? end + 1 : end;
      continue;
    }
    const start = i;
    while (i < stop && !/[\s|;&"'`]/.test(text[i] as string)) i++;
    // A word may continue into a quoted part: -p"secret", --body="x y".
    if (i < stop && (text[i] === '"' || text[i] === "'")) {
      const q = text[i] as string;
      const end = closingQuote(text, q, i + 1, stop);
      words.push({ text: text.slice(start, i) + text.slice(i + 1, end), start, end });
      i = text[end] === q ? end + 1 : end;
      continue;
    }
    // Sentence punctuation after a command quoted in prose (`mysql -pX`, …) is not part of the word.
    const end = i > start + 1 && /[,.]/.test(text[i - 1] as string) ? i - 1 : i;
    words.push({ text: text.slice(start, end), start, end });
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
  return usable(text.slice(start, end)) ? { start, end } : undefined;
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
  if (password && usable(password.text)) yield { start: password.start, end: password.end };
}

/**
 * Settings given as words: `npm config set //reg/:_authToken X`, `yarn config set npmAuthToken X`,
 * `aws configure set aws_secret_access_key X`, `poetry config http-basic.repo user X` is left to its flags.
 */
function* configSetSecrets(words: Word[]): Iterable<Span> {
  for (let k = 0; k + 1 < words.length; k++) {
    const w = words[k] as Word;
    const setting = w.text.replace(/^.*[:.]/, '');
    if (!/^_(?:authToken|auth|password)$|^npmAuth(?:Token|Ident)$/.test(setting) && classifyKey(setting) === null) continue;
    if (!words.slice(Math.max(0, k - 3), k).some((x) => /^(?:set|config:set)$/.test(x.text))) continue;
    const next = words[k + 1] as Word;
    if (usable(next.text)) yield { start: next.start, end: next.end };
  }
}

/** `echo X | docker login --password-stdin`: the echoed word. */
const PIPED_RE = /(?<![\w-])(?:echo|printf)[ \t]+(?:-[ne]+[ \t]+)?(?:"([^"\n]{1,200})"|'([^'\n]{1,200})'|([^\s"'|;&]{1,200}))[ \t]*\|[ \t]*([^\n|;&]{0,200})/dg;
const STDIN_SECRET_FLAG =
  /--password-stdin|--with-token|--token-stdin|--pass-stdin|\blogin[ \t]+-(?:[ \t]|$)|\bsudo\b[^\n]{0,80}?[ \t]-[A-Za-z]*S(?![\w-])|\bchpasswd\b/;
/** `--vault-password-file <(echo X)`: a secret handed over as a process substitution. */
const SUBSTITUTED_RE = /(?<![\w-])--?[\w-]{0,40}?(?:pass|secret|token)[\w-]{0,40}(?:[ \t]+|=)<\((?:echo|printf)[ \t]+(?:-[ne]+[ \t]+)?["']?([^\s"')]{3,200})/dg;

function* findCommandLineSecrets(text: string): Iterable<Span> {
  // Program names inside a command already read (`docker run mysql mysql -p…`) reuse its words rather than
  // reading the same window again, which keeps `gh gh gh …` linear.
  let segment: Word[] = [];
  let segmentEnd = -1;
  for (const m of text.matchAll(COMMAND_RE)) {
    const entry = BY_COMMAND.get(m[1] as string);
    // `\b` lets `.`/`-` precede the name (`file.zip x`, `docker-compose`): those are not this program.
    if (!entry || text[m.index - 1] === '.' || text[m.index - 1] === '-') continue;
    const from = m.index + m[0].length;
    let words: Word[];
    if (from < segmentEnd) {
      words = segment.filter((w) => w.start >= from);
    } else {
      segment = wordsOf(text, from);
      segmentEnd = segment.length ? (segment[segment.length - 1] as Word).end : from;
      words = segment;
    }
    if (entry.special === 'htpasswd') yield* htpasswdSecrets(words);
    else if (entry.special === 'config-set') yield* configSetSecrets(words);
    else yield* commandSecrets(text, entry, words);
  }
  for (const m of text.matchAll(PIPED_RE)) {
    if (!STDIN_SECRET_FLAG.test(m[4] ?? '')) continue;
    const idx = m.indices?.[1] ?? m.indices?.[2] ?? m.indices?.[3];
    if (!idx) continue;
    if (usable(text.slice(idx[0], idx[1]))) yield { start: idx[0], end: idx[1] };
  }
  for (const m of text.matchAll(SUBSTITUTED_RE)) {
    const idx = m.indices?.[1];
    if (idx && usable(m[1] as string)) yield { start: idx[0], end: idx[1] };
  }
}

export const COMMAND_LINE_RULE: RuleImpl = {
  kind: 'cli-password',
  description:
    'Password or token given to a command line flag whose meaning depends on the program (docker login -p, sshpass -p, mysql -pX, redis-cli -a, openssl pass:, gh secret set --body, kubectl --from-literal, npm _authToken), or piped into --password-stdin',
  patterns: [COMMAND_RE, PIPED_RE, SUBSTITUTED_RE],
  find: findCommandLineSecrets,
};
