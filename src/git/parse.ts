/**
 * Pure parsers of git's machine-readable output. Every command whose paths we read is run with `-z`: git then
 * prints paths as they are (spaces, tabs, newlines, any Unicode) instead of C-quoting them, and NUL is the only byte
 * a path cannot contain, so splitting on it is exact.
 */

/** Split NUL-separated git output into fields, dropping the empty tail the final NUL leaves. */
export function nulFields(text: string): string[] {
  const fields = text.split('\0');
  if (fields[fields.length - 1] === '') fields.pop();
  return fields;
}

/** One changed path: `from` and `to` are the same path unless git saw a rename (R) or a copy (C). */
export interface DiffEntry {
  /** git's status letter, without the similarity score: A, C, D, M, R, T, U, X. */
  status: string;
  from: string;
  to: string;
}

const TWO_PATHS = /^[RC]/;

/** Name-status fields (`status`, `path` or `status`, `from`, `to`, repeated) into entries. */
export function nameStatusEntries(fields: string[]): DiffEntry[] {
  const out: DiffEntry[] = [];
  for (let i = 0; i < fields.length;) {
    const status = fields[i++]!;
    const from = fields[i++] ?? '';
    const to = TWO_PATHS.test(status) ? (fields[i++] ?? '') : from;
    out.push({ status: status[0] ?? '', from, to });
  }
  return out;
}

/** `git diff --name-status -z` (with or without -M/-C) into entries. */
export function parseNameStatus(text: string): DiffEntry[] {
  return nameStatusEntries(nulFields(text));
}

export interface Churn {
  added: number;
  deleted: number;
  /** The path after a rename; the same path otherwise. */
  to: string;
}

/**
 * `git diff --numstat -z` into churn per old path. With -z a rename is `added TAB deleted TAB NUL from NUL to NUL`
 * (the path field empty, both paths following); binary files print `-` for both counts and are left out.
 */
export function parseNumstat(text: string): Map<string, Churn> {
  const out = new Map<string, Churn>();
  const fields = nulFields(text);
  for (let i = 0; i < fields.length;) {
    const field = fields[i++]!;
    const firstTab = field.indexOf('\t');
    const secondTab = field.indexOf('\t', firstTab + 1);
    if (firstTab < 0 || secondTab < 0) continue;
    const added = field.slice(0, firstTab);
    const deleted = field.slice(firstTab + 1, secondTab);
    // Only the two counts are split off: a path may itself contain tabs.
    let from = field.slice(secondTab + 1);
    let to = from;
    if (from === '') {
      from = fields[i++] ?? '';
      to = fields[i++] ?? '';
    }
    if (/^\d+$/.test(added) && /^\d+$/.test(deleted)) out.set(from, { added: Number(added), deleted: Number(deleted), to });
  }
  return out;
}

export interface StatusEntry {
  /** The two status letters (index, work tree): `M `, ` M`, `??`, `R ` … */
  xy: string;
  path: string;
  /** The path before a rename or copy. */
  origPath?: string;
}

/**
 * `git status --porcelain -z` (format v1) into entries. Unlike the line format, -z puts a rename's new path first
 * and its old path in the next field.
 */
export function parseStatusZ(text: string): StatusEntry[] {
  const fields = nulFields(text);
  const out: StatusEntry[] = [];
  for (let i = 0; i < fields.length; i++) {
    const field = fields[i]!;
    if (field.length < 4 || field[2] !== ' ') continue;
    const xy = field.slice(0, 2);
    const entry: StatusEntry = { xy, path: field.slice(3) };
    // Either column may say R or C: the index (`git mv`) or the work tree (a moved file added with `git add -N`).
    if (/[RC]/.test(xy)) entry.origPath = fields[++i] ?? '';
    out.push(entry);
  }
  return out;
}

/** Who made a commit, and when: what git log prints for the provenance of a note. */
export interface Provenance {
  commit: string;
  author: string;
  email: string;
  /** Author date, ISO 8601. */
  date: string;
}

export interface LogRecord {
  provenance: Provenance;
  subject: string;
  /** Fields after the header: file names (--name-only) or status, path[, path] (--name-status). */
  fields: string[];
}

/**
 * The log format `parseLog` reads: each record starts with RS (0x1e), header fields are split by US (0x1f). Neither
 * byte can be typed into a commit subject by accident, and with -z the file list that follows is NUL-separated.
 */
export const LOG_FORMAT = '--format=%x1e%H%x1f%an%x1f%ae%x1f%aI%x1f%s';

/** `git log` output in LOG_FORMAT with -z (and --name-only or --name-status) into records. */
export function parseLog(text: string): LogRecord[] {
  const records: LogRecord[] = [];
  for (const raw of text.split('\x1e')) {
    if (!raw) continue;
    const [header = '', ...rest] = nulFields(raw);
    const [commit = '', author = '', email = '', date = '', subject = ''] = header.split('\x1f');
    if (!/^[0-9a-f]{7,}$/.test(commit)) continue;
    records.push({
      provenance: { commit, author, email, date },
      subject: subject.replace(/\n$/, ''),
      fields: afterHeader(rest),
    });
  }
  return records;
}

/**
 * git puts one newline between a record's header and its file list, so it lands in front of the first file field.
 * Only that one is removed: a path may itself start with a newline.
 */
function afterHeader(fields: string[]): string[] {
  if (fields[0]?.startsWith('\n')) fields[0] = fields[0].slice(1);
  return fields.filter((field) => field !== '');
}

/**
 * `git cat-file --batch` output for `specs`, asked in that order: each answer is `<sha> <type> <size>\n<content>\n`
 * or `<spec> missing` (or `ambiguous`). Blob contents by spec; anything else (missing, a tree, a commit) maps to
 * undefined. A reply cut short leaves the remaining specs undefined.
 */
export function parseCatFileBatch(bytes: Buffer, specs: string[]): Map<string, Buffer | undefined> {
  const out = new Map<string, Buffer | undefined>();
  for (const spec of specs) out.set(spec, undefined);
  let at = 0;
  for (const spec of specs) {
    const end = bytes.indexOf(0x0a, at);
    if (end < 0) break;
    const header = bytes.subarray(at, end).toString('utf8');
    at = end + 1;
    const match = /^[0-9a-f]+ (\w+) (\d+)$/.exec(header);
    if (!match) continue;
    const length = Number(match[2]);
    if (at + length > bytes.length) break;
    if (match[1] === 'blob') out.set(spec, bytes.subarray(at, at + length));
    at += length + 1;
  }
  return out;
}
