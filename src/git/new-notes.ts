import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import type { OnNewNotes } from '../core/config.js';
import { logEvent } from '../cache/log.js';
import { isInside, memoryPaths, toRepoPath } from '../core/paths.js';
import { readNoteFile } from '../store/read.js';
import { gitAt, gitText, literal } from './exec.js';
import { nulFields } from './parse.js';

export interface NewNotesContext {
  sessionId?: string;
}

export interface NewNotesResult {
  /** Paths added to the index (mode `stage`, or `commit` when a commit was not possible). */
  staged: string[];
  /** Paths in the commit (mode `commit`). */
  committed: string[];
  commit?: string;
  /** Why nothing (or less than asked) was done; also logged under .cache/. */
  error?: string;
}

/** Pure: the paths we may touch: note files under `.claude-memory/notes/`, repository-relative, once each. */
export function selectNotePaths(root: string, notePaths: string[]): string[] {
  const notesDir = memoryPaths(root).notesDir;
  const out = new Set<string>();
  for (const given of notePaths) {
    const absolute = path.resolve(root, given);
    if (!absolute.endsWith('.md') || /[\r\n]/.test(absolute) || absolute === notesDir || !isInside(notesDir, absolute)) continue;
    out.add(toRepoPath(root, absolute));
  }
  return [...out].sort();
}

function oneLine(text: string, max = 100): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

export interface CommitNote {
  path: string;
  title: string;
  type: string;
  isNew: boolean;
}

/**
 * Pure: the message of a compression commit (documented in docs/git-workflows.md):
 *   memory: add 2 notes, update 1 (session 74e5d79a)
 *
 *   - decision: Auth service signs JWTs with RS256 (.claude-memory/notes/auth/jwt-rs256-k3f9.md)
 *
 *   Claude-Memory-Session: 74e5d79a-…
 */
export function commitMessage(notes: CommitNote[], sessionId?: string): string {
  const added = notes.filter((note) => note.isNew).length;
  const updated = notes.length - added;
  const plural = (n: number) => (n === 1 ? '' : 's');
  const what = [added ? `add ${added} note${plural(added)}` : '', updated ? `update ${updated}${added ? '' : ` note${plural(updated)}`}` : '']
    .filter(Boolean)
    .join(', ');
  const session = sessionId?.replace(/[^A-Za-z0-9_-]/g, '').slice(0, 64);
  const lines = [`memory: ${what}${session ? ` (session ${session.slice(0, 8)})` : ''}`, ''];
  for (const note of notes) lines.push(`- ${oneLine(note.type, 20)}: ${oneLine(note.title)} (${note.path})`);
  if (session) lines.push('', `Claude-Memory-Session: ${session}`);
  return `${lines.join('\n')}\n`;
}

/** A merge, rebase, cherry-pick or revert is under way: committing now would mix our notes into it. */
async function operationInProgress(root: string): Promise<string | undefined> {
  const markers = ['MERGE_HEAD', 'rebase-merge', 'rebase-apply', 'CHERRY_PICK_HEAD', 'REVERT_HEAD'];
  // One rev-parse answers where each marker would be, one per line, in the order asked.
  const where = (await gitText(root, ['rev-parse', ...markers.flatMap((marker) => ['--git-path', marker])]))?.split('\n') ?? [];
  return markers.find((_marker, i) => where[i] && fs.existsSync(path.resolve(root, where[i])));
}

async function withIndexRetry<T>(run: () => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await run();
    } catch (err) {
      // Another git process holds index.lock (the user, an editor): wait a little and try again.
      if (attempt >= 5 || !/index\.lock|cannot lock ref/i.test((err as Error).message)) throw err;
      await new Promise((resolve) => setTimeout(resolve, 100 * (attempt + 1)));
    }
  }
}

const stage = (root: string, paths: string[]) => withIndexRetry(() => gitAt(root).add(['--', ...paths.map(literal)]));

/**
 * One commit of exactly `paths`, built in a temporary index (HEAD's tree plus those files), so whatever the user
 * has staged stays staged and out of the commit. HEAD moves only if nobody moved it meanwhile (update-ref checks
 * the old value). Then the real index takes those paths from the new HEAD, and nothing else.
 */
async function commitOnly(root: string, paths: string[], sessionId?: string): Promise<string | undefined> {
  const git = gitAt(root);
  const head = (await git.revparse(['--verify', '-q', 'HEAD']).catch(() => '')) || undefined;
  const realIndex = path.resolve(root, await git.revparse(['--git-path', 'index']));
  const tempIndex = `${realIndex}.claude-memory-${process.pid}-${randomBytes(4).toString('hex')}`;
  const inTempIndex = gitAt(root, { env: { GIT_INDEX_FILE: tempIndex } });
  try {
    await inTempIndex.raw(head ? ['read-tree', head] : ['read-tree', '--empty']);
    await inTempIndex.add(['--', ...paths.map(literal)]);
    const tree = (await inTempIndex.raw(['write-tree'])).trim();
    if (head && tree === (await git.revparse([`${head}^{tree}`]))) return undefined;
    const inHead = head ? new Set(nulFields(await git.raw(['ls-tree', '-z', '--name-only', head, '--', ...paths.map(literal)]))) : new Set<string>();
    const notes = paths.map((rel) => {
      const note = readNoteFile({ absolute: path.join(root, rel), path: rel }).note;
      return { path: rel, title: note?.title ?? path.posix.basename(rel, '.md'), type: note?.type ?? 'note', isNew: !inHead.has(rel) };
    });
    const message = commitMessage(notes, sessionId);
    const commit = (await gitAt(root, { input: message }).raw(['commit-tree', tree, ...(head ? ['-p', head] : []), '-F', '-'])).trim();
    await withIndexRetry(() => git.raw(['update-ref', '-m', `commit: ${message.split('\n')[0]}`, 'HEAD', commit, head ?? '']));
    await withIndexRetry(() => git.reset(['-q', commit, '--', ...paths.map(literal)]));
    return commit;
  } finally {
    fs.rmSync(tempIndex, { force: true });
  }
}

/**
 * What happens to notes that compression wrote: nothing (`off`), `git add` of exactly those files (`stage`), or
 * one commit of exactly those files (`commit`). Nothing else is ever staged or committed. Never throws: a git
 * problem is logged and reported in `error`.
 */
export async function handleNewNotes(root: string, notePaths: string[], mode: OnNewNotes, context: NewNotesContext = {}): Promise<NewNotesResult> {
  const result: NewNotesResult = { staged: [], committed: [] };
  // A note deleted again before we got here has nothing to stage (and would make `git add` fail for the others).
  const paths = selectNotePaths(root, notePaths).filter((rel) => fs.existsSync(path.join(root, rel)));
  if (mode === 'off' || !paths.length) return result;
  try {
    if (mode === 'commit') {
      const busy = await operationInProgress(root);
      if (!busy) {
        const commit = await commitOnly(root, paths, context.sessionId);
        if (commit) return { ...result, committed: paths, commit };
        return result;
      }
      result.error = `a ${busy} is in progress; notes staged instead of committed`;
      logEvent(root, 'info', result.error, { paths: paths.join(' ') });
    }
    await stage(root, paths);
    result.staged = paths;
  } catch (err) {
    result.error = `could not ${mode} new notes: ${(err as Error).message}`;
    logEvent(root, 'warn', result.error, { paths: paths.join(' ') });
  }
  return result;
}
