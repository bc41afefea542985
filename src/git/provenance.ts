import { MEMORY_DIR } from '../core/paths.js';
import { gitRun, gitStream, literal } from './exec.js';
import { LOG_FORMAT, nameStatusEntries, nulFields, parseLog, type LogRecord, type Provenance } from './parse.js';

export type { Provenance } from './parse.js';

export interface HistoryEntry extends Provenance {
  subject: string;
  /** git's status letter for the note in that commit: A, M, D, R (renamed), C. */
  status: string;
  path: string;
  /** The path before a rename. */
  from?: string;
}

/** Past this many paths one walk of the notes folder is cheaper than a command line naming each. */
const MAX_NAMED_PATHS = 100;

/**
 * The last commit of each path, in one git process that stops as soon as every path is found. Paths with no
 * commit (new, uncommitted notes) are absent from the result.
 */
export async function lastCommits(root: string, paths: string[]): Promise<Map<string, Provenance>> {
  const wanted = new Set(paths);
  const found = new Map<string, Provenance>();
  if (!wanted.size) return found;
  const collect = (records: LogRecord[]) => {
    for (const record of records) {
      for (const file of record.fields) if (wanted.has(file) && !found.has(file)) found.set(file, record.provenance);
    }
  };
  const pathspec = wanted.size > MAX_NAMED_PATHS ? [literal(`${MEMORY_DIR}/notes`)] : [...wanted].map(literal);
  // Records are read as they arrive; the last one may still be cut mid-path, so only those before it count.
  let pending = '';
  try {
    await gitStream(root, ['log', '--no-renames', LOG_FORMAT, '--name-only', '-z', 'HEAD', '--', ...pathspec], (text) => {
      pending += text;
      const cut = pending.lastIndexOf('\x1e');
      if (cut > 0) {
        collect(parseLog(pending.slice(0, cut)));
        pending = pending.slice(cut);
      }
      return found.size === wanted.size;
    });
  } catch {
    return found; // no commits yet, or not a repository: no provenance rather than an error
  }
  collect(parseLog(pending));
  return found;
}

/** Every commit that touched the note at `notePath`, newest first, following renames. */
export async function noteHistory(root: string, notePath: string): Promise<HistoryEntry[]> {
  let log: string;
  try {
    log = await gitRun(root, ['log', '--follow', '-M', LOG_FORMAT, '--name-status', '-z', 'HEAD', '--', notePath]);
  } catch {
    return [];
  }
  const out: HistoryEntry[] = [];
  for (const record of parseLog(log)) {
    // --follow walks one file, so each commit names at most one change.
    const change = nameStatusEntries(record.fields)[0];
    const renamed = change && change.from !== change.to;
    out.push({
      ...record.provenance,
      subject: record.subject,
      status: change?.status ?? 'M',
      path: change?.to || notePath,
      ...(renamed ? { from: change.from } : {}),
    });
  }
  return out;
}

/** The last path a note with this id had in history (for notes deleted from the work tree). */
export async function pathInHistory(root: string, id: string): Promise<string | undefined> {
  try {
    const log = await gitRun(root, ['log', '-1', '--format=', '--name-only', '-z', 'HEAD', '--', `:(glob)${MEMORY_DIR}/notes/**/${id}.md`]);
    // An empty format leaves only the NUL-terminated paths.
    return nulFields(log).find(Boolean);
  } catch {
    return undefined;
  }
}

/** Search hits with the last commit of each note, from one git process for all of them. */
export async function withProvenance<T extends { path: string }>(root: string, hits: T[]): Promise<Array<T & { provenance: Provenance | null }>> {
  const commits = await lastCommits(root, hits.map((hit) => hit.path).filter(Boolean));
  return hits.map((hit) => ({ ...hit, provenance: commits.get(hit.path) ?? null }));
}
