/**
 * Compress a session (`claude-memory compress`, and the detached worker flows/capture-session.ts starts): turn what
 * the transcript gained since the last run into notes. Stages, in order:
 *
 *   1. take the session's lock (compress/session-lock.ts): one compression per session at a time; a second waits;
 *      a lock whose holder died is broken at once (store/lock.ts);
 *   2. read the transcript from the session's cursor (capture/cursor.ts, capture/transcript.ts); a transcript shorter
 *      than the cursor was replaced, so start again from its beginning;
 *   3. a range an interrupted run left at the cursor (its record is still in the pending queue) is redone first,
 *      exactly as it was cut; then the new part gets its own record in the queue before any work (write-ahead);
 *   4. skip a range already done (the done record, compress/pending.ts), and a digest with nothing in it
 *      (capture/digest.ts);
 *   5. route (`plan`): extractive when the model is off or there is no key or the token budget (compress/usage.ts)
 *      would be passed; otherwise ask the model (compress/llm.ts) with the related notes; a retryable failure
 *      leaves the range queued, any other failure or unusable answer falls back to extractive;
 *   6. record the ids of the notes to create in the range's record, write the notes (compress/apply.ts), write the
 *      done record, move the cursor, drop the range's record;
 *   7. stage or commit the new notes as `onNewNotes` says (git/new-notes.ts);
 *   8. when the model answered, drain up to three queued ranges (`compressPending`);
 *   9. notes were written: leave the background embedding run going, so they become searchable by meaning
 *      (index/embeddings/background.ts).
 *
 * At least once, exactly once in effect: the cursor moves only after the notes are written or the range is queued,
 * so a run killed at any point leaves its range recorded for the next one (this session's next hook, or the
 * `--pending` run the next session start begins); the redo uses the note ids the killed run recorded, so it updates
 * what that run wrote instead of writing it twice, and a done record makes a finished range a no-op.
 */
import fs from 'node:fs';
import path from 'node:path';
import { buildDigest, isEmptyDigest, cleanText, type Digest } from '../capture/digest.js';
import { readCursor, safeSessionId, writeCursor } from '../capture/cursor.js';
import { readTranscript, type TranscriptEntry } from '../capture/transcript.js';
import { loadConfig, type MemoryConfig } from '../core/config.js';
import { logConfigNotices, logEvent } from '../cache/log.js';
import { memoryPaths, toRepoPath } from '../core/paths.js';
import { pendingJobFile } from '../cache/layout.js';
import { transcriptAllowed } from '../capture/transcript-folders.js';
import { trackedGeneratedFiles } from '../git/tracked.js';
import type { Note } from '../core/types.js';
import { handleNewNotes } from '../git/new-notes.js';
import { searchNotes } from '../retrieve/search.js';
import { startEmbeddingIfBehind } from '../index/embeddings/background.js';
import { findNote } from '../store/notes.js';
import { listNoteFiles, readNoteFile } from '../store/read.js';
import { applyOperations, operationsFromMemories, type NoteOperation } from '../compress/apply.js';
import { SESSION_TOPIC, extractiveNotes } from '../compress/extractive.js';
import { askModel } from '../compress/ask-model.js';
import type { RelatedNote } from '../compress/llm.js';
import type { ModelRoute } from '../compress/route.js';
import { enqueueJob, listJobs, markDone, readDone, readJob, removeJob } from '../compress/pending.js';
import type { PendingJob } from '../cache/schemas.js';
import { sessionLockHeld, withSessionLock } from '../compress/session-lock.js';
import { makeId } from '../store/id.js';
import { redactText } from '../core/redact/index.js';

export type CompressPath = 'llm' | 'extractive' | 'queued' | 'nothing';

export interface CompressResult {
  created: string[];
  updated: string[];
  path: CompressPath;
  /** Why this path was taken (no key, over budget, API down …), for logs and `--json`. */
  reason?: string;
  /** The model route that wrote the notes (`sdk` or `claude`). */
  route?: ModelRoute;
  /** Repository-relative paths of the notes written or changed. */
  notePaths: string[];
}

export interface CompressOptions {
  transcriptPath: string;
  sessionId: string;
  /** Where the API key and ANTHROPIC_BASE_URL are looked up; defaults to process.env. */
  env?: NodeJS.ProcessEnv;
  now?: Date;
}

interface RangeJob {
  sessionId: string;
  transcriptPath: string;
  fromOffset: number;
  toOffset: number;
  entries: TranscriptEntry[];
  /** The range's record in the pending queue, written before any work on it. */
  job: PendingJob;
}

const nothing = (reason?: string): CompressResult => ({ created: [], updated: [], path: 'nothing', notePaths: [], ...(reason ? { reason } : {}) });

/** Long enough for a running compression to finish every retry before a second one gives up waiting. */
function lockWaitMs(config: MemoryConfig): number {
  return config.compression.timeoutMs * (config.compression.maxRetries + 1) + 60_000;
}

/** Existing notes the model should see, so it updates or supersedes instead of duplicating. */
async function relatedNotes(root: string, digest: Digest): Promise<RelatedNote[]> {
  const query = [...digest.prompts, ...digest.filesModified, ...digest.decisions].join(' ').slice(0, 600);
  if (!query.trim()) return [];
  let hits: { id: string }[] = [];
  try {
    hits = await searchNotes(root, query, { limit: 8 });
  } catch (err) {
    logEvent(root, 'warn', 'compression: related-note search failed', { reason: (err as Error).message });
  }
  const related: RelatedNote[] = [];
  for (const hit of hits) {
    const { note } = findNote(root, hit.id);
    if (note) related.push({ id: note.id, title: cleanText(note.title), type: String(note.type), body: cleanText(note.body).slice(0, 600) });
  }
  return related;
}

/** The session note an earlier range of this session produced, so the extractive path extends it. */
function previousSessionNote(root: string, sessionId: string): Note | undefined {
  const dir = path.join(memoryPaths(root).notesDir, SESSION_TOPIC);
  for (const file of listNoteFiles(root, dir).files) {
    try {
      if (!fs.readFileSync(file.absolute, 'utf8').includes(sessionId)) continue;
    } catch {
      continue;
    }
    const { note } = readNoteFile(file);
    if (note && note.type === 'session' && note.status === 'active' && note.source?.session === sessionId) return note;
  }
  return undefined;
}

function extractive(root: string, digest: Digest, job: RangeJob): NoteOperation[] {
  return extractiveNotes(digest, {
    sessionId: job.sessionId,
    sourceTokens: Math.ceil((job.toOffset - job.fromOffset) / 4),
    previous: previousSessionNote(root, job.sessionId),
  });
}

type Plan = { path: 'llm' | 'extractive'; operations: NoteOperation[]; reason?: string; route?: ModelRoute } | { path: 'queued'; reason: string };

/** Decide and, on a model route, ask: what to write for one range. */
async function plan(root: string, config: MemoryConfig, digest: Digest, job: RangeJob, env: NodeJS.ProcessEnv, now: Date): Promise<Plan> {
  const sourceTokens = Math.ceil((job.toOffset - job.fromOffset) / 4);
  const asked = await askModel({ root, config, digest, sessionId: job.sessionId, sourceTokens, env, now, related: () => relatedNotes(root, digest) });
  if (asked.path === 'llm') return { path: 'llm', operations: operationsFromMemories(asked.notes, job.sessionId), route: asked.route };
  if (asked.path === 'queued') return asked;
  return { path: 'extractive', operations: extractive(root, digest, job), reason: asked.reason };
}

/**
 * Test-only crash points: `CLAUDE_MEMORY_TEST_CRASH_AT=<point>` kills this process there with SIGKILL, as a power cut
 * would, so tests can prove that every point is recoverable. One environment lookup each; nothing else in production.
 */
function crashPoint(point: 'queued' | 'intent' | 'note' | 'notes' | 'done' | 'cursor'): void {
  if (process.env.CLAUDE_MEMORY_TEST_CRASH_AT === point) process.kill(process.pid, 'SIGKILL');
}

/** Pure: the create operations given ids, the ones recorded by an earlier attempt first, in order. */
function withPlannedIds(operations: NoteOperation[], planned: string[] = []): { operations: NoteOperation[]; ids: string[] } {
  const ids: string[] = [];
  const out = operations.map((op): NoteOperation => {
    if (op.kind !== 'create') return op;
    // From the redacted title, as the store names a new note: a secret in a title must not reach a file name.
    const id = planned[ids.length] ?? makeId(redactText(op.note.title));
    ids.push(id);
    return { ...op, id };
  });
  return { operations: out, ids };
}

const jobFields = (range: Pick<RangeJob, 'sessionId' | 'transcriptPath' | 'fromOffset' | 'toOffset'>) => ({
  sessionId: range.sessionId,
  transcriptPath: range.transcriptPath,
  fromOffset: range.fromOffset,
  toOffset: range.toOffset,
});

/** The range is finished: move the cursor past it (when it is the cursor's next range), then drop its record. */
function finishRange(root: string, range: RangeJob, moveCursor: boolean, now: Date): void {
  if (moveCursor) writeCursor(root, { sessionId: range.sessionId, transcriptPath: range.transcriptPath, offset: range.toOffset }, now);
  crashPoint('cursor');
  removeJob(root, range.job.id);
}

/**
 * Compress one range: write its notes, or leave it queued; exactly once in effect per session and range. The range's
 * record (`range.job`, in the pending queue) exists before this runs; the order below is what makes a crash at any
 * point harmless:
 *
 *   record the ids of the notes to create → write the notes → done record → cursor → drop the record.
 *
 * A redo finds the record: the same ids make it update the notes the crashed run wrote; a done record makes it a
 * no-op. `moveCursor`: the range starts where the session's cursor is, so finishing it moves the cursor.
 */
async function compressRange(
  root: string,
  config: MemoryConfig,
  range: RangeJob,
  env: NodeJS.ProcessEnv,
  now: Date,
  moveCursor: boolean,
): Promise<CompressResult> {
  const { job } = range;
  const done = readDone(root, job.id);
  if (done) {
    finishRange(root, range, moveCursor, now);
    return { ...nothing('range already compressed'), created: done.created, updated: done.updated };
  }

  const digest = buildDigest(range.entries);
  if (isEmptyDigest(digest)) {
    markDone(root, { id: job.id, created: [], updated: [], path: 'nothing' }, now);
    finishRange(root, range, moveCursor, now);
    return nothing('no prompts, conclusions or changes in the new part of the transcript');
  }

  const decided = await plan(root, config, digest, range, env, now);
  if (decided.path === 'queued') {
    enqueueJob(root, { ...jobFields(range), attempts: job.attempts + 1, lastError: decided.reason, noteIds: job.noteIds }, now);
    // Queued is as good as done for the cursor: the queue retries the range.
    if (moveCursor) writeCursor(root, { sessionId: range.sessionId, transcriptPath: range.transcriptPath, offset: range.toOffset }, now);
    logEvent(root, 'warn', 'compression queued: the API is unavailable', { session: range.sessionId, job: job.id, reason: decided.reason });
    return { created: [], updated: [], path: 'queued', reason: decided.reason, notePaths: [] };
  }

  const planned = withPlannedIds(decided.operations, job.noteIds);
  if (planned.ids.length) enqueueJob(root, { ...jobFields(range), attempts: job.attempts, noteIds: planned.ids }, now);
  crashPoint('intent');
  const applied = applyOperations(root, planned.operations, now, () => crashPoint('note'));
  crashPoint('notes');
  for (const skipped of applied.skipped) logEvent(root, 'warn', 'compression: a note operation was skipped', { session: range.sessionId, reason: skipped });
  const result: CompressResult = {
    created: applied.created.map((note) => note.id),
    updated: applied.updated.map((note) => note.id),
    path: decided.path,
    notePaths: [...applied.created, ...applied.updated].map((note) => note.path),
    ...(decided.reason ? { reason: decided.reason } : {}),
    ...(decided.route ? { route: decided.route } : {}),
  };
  markDone(root, { id: job.id, created: result.created, updated: result.updated, path: result.path }, now);
  crashPoint('done');
  finishRange(root, range, moveCursor, now);
  logEvent(root, 'info', `compression wrote ${result.created.length} new and ${result.updated.length} updated notes`, {
    session: range.sessionId,
    path: result.path,
    route: result.route,
    reason: result.reason,
  });

  if (result.notePaths.length) {
    try {
      await handleNewNotes(root, result.notePaths, config.onNewNotes, { sessionId: range.sessionId });
    } catch (err) {
      logEvent(root, 'error', 'compression: could not stage or commit the new notes', { reason: (err as Error).message });
    }
  }
  return result;
}

/** Pure: several ranges' results as one (a crashed run's range, then the new part). */
function merged(results: CompressResult[]): CompressResult {
  if (results.length === 1) return results[0]!;
  const last = [...results].reverse().find((r) => r.path !== 'nothing') ?? results[results.length - 1] ?? nothing('no new transcript lines');
  return {
    ...last,
    created: results.flatMap((r) => r.created),
    updated: results.flatMap((r) => r.updated),
    notePaths: results.flatMap((r) => r.notePaths),
  };
}

/**
 * Compress what the transcript gained since the session's cursor. Waits for a compression of the same session that
 * is already running, then does only what is left: first a range a crashed run left at the cursor (as it was cut,
 * with the note ids it recorded), then the rest.
 */
export async function compressTranscript(root: string, options: CompressOptions): Promise<CompressResult> {
  const loaded = loadConfig(memoryPaths(root).configFile, options.env ?? process.env);
  logConfigNotices(root, loaded);
  const { config } = loaded;
  const sessionId = safeSessionId(options.sessionId);
  const transcriptPath = path.resolve(options.transcriptPath);
  const env = options.env ?? process.env;
  const now = options.now ?? new Date();

  const result = await withSessionLock(root, sessionId, lockWaitMs(config), async () => {
    const cursor = readCursor(root, sessionId);
    let fromOffset = cursor && cursor.transcriptPath === transcriptPath ? cursor.offset : 0;
    let read = await readTranscript(transcriptPath, fromOffset);
    if (read.fileSize < fromOffset) {
      // The transcript was replaced or cut: its old offsets mean nothing now.
      logEvent(root, 'warn', 'compression: transcript is shorter than the cursor; starting again from its beginning', { session: sessionId });
      fromOffset = 0;
      read = await readTranscript(transcriptPath, 0);
    }
    const results: CompressResult[] = [];
    const jobs = listJobs(root).jobs.filter((job) => job.sessionId === sessionId && job.transcriptPath === transcriptPath);
    // A run killed after moving the cursor left its finished range's record: drop it, the done record says it is done.
    for (const job of jobs) if (job.toOffset <= fromOffset && readDone(root, job.id)) removeJob(root, job.id);
    const leftover = jobs.find((job) => job.fromOffset === fromOffset && job.toOffset <= read.fileSize);
    if (leftover) {
      logEvent(root, 'info', 'compression: redoing the range an interrupted run left', { session: sessionId, job: leftover.id });
      const entries = (await readTranscript(transcriptPath, fromOffset, { maxBytes: leftover.toOffset - fromOffset })).entries;
      const redo = await compressRange(root, config, { ...jobFields(leftover), entries, job: leftover }, env, now, true);
      results.push(redo);
      if (redo.path === 'queued') return redo;
      fromOffset = leftover.toOffset;
      read = await readTranscript(transcriptPath, fromOffset);
    }
    if (read.nextOffset <= fromOffset) return results.length ? merged(results) : nothing('no new transcript lines');
    // The write-ahead record: from here on, a crash leaves this range for the next run to find.
    const job = enqueueJob(root, { sessionId, transcriptPath, fromOffset, toOffset: read.nextOffset }, now);
    crashPoint('queued');
    results.push(
      await compressRange(root, config, { sessionId, transcriptPath, fromOffset, toOffset: read.nextOffset, entries: read.entries, job }, env, now, true),
    );
    return merged(results);
  });

  // The API answered, so work that waited for it can go now; bounded so a hook's background run stays short.
  // Not on the claude route: one compression event starts at most one nested `claude -p`.
  if (result.path === 'llm' && result.route !== 'claude' && listJobs(root).jobs.length) {
    const drained = await compressPending(root, { env, now, limit: 3 });
    result.created.push(...drained.results.flatMap((r) => r.created));
    result.updated.push(...drained.results.flatMap((r) => r.updated));
  }
  if (result.created.length || result.updated.length) startEmbeddingIfBehind(root);
  return result;
}

export interface PendingResult {
  results: CompressResult[];
  /** Jobs still waiting (the API is still down, or over the limit of this run). */
  remaining: number;
  /** Jobs given up: their transcript is gone, unreadable, or outside the folders transcripts are read from. */
  dropped: number;
  /** Jobs not run because git tracks their file: they arrived by a commit (`lint` reports them). */
  ignored: number;
}

/**
 * Retry queued ranges, oldest first: ranges the API could not take, and ranges a crashed run left (session start
 * starts this in the background whenever the queue is not empty). A range whose session a live compression is
 * working on is left to it. Stops at the first range that has to wait again (the API is still down).
 */
export async function compressPending(root: string, options: { env?: NodeJS.ProcessEnv; now?: Date; limit?: number } = {}): Promise<PendingResult> {
  const env = options.env ?? process.env;
  const { config } = loadConfig(memoryPaths(root).configFile, env);
  const now = options.now ?? new Date();
  const { jobs, unreadable } = listJobs(root);
  for (const name of unreadable) logEvent(root, 'warn', 'compression: unreadable pending job skipped', { file: name });
  const out: PendingResult = { results: [], remaining: jobs.length, dropped: 0, ignored: 0 };
  const tracked = new Set(jobs.length ? await trackedGeneratedFiles(root) : []);
  for (const queued of jobs.slice(0, options.limit ?? jobs.length)) {
    if (tracked.has(toRepoPath(root, pendingJobFile(root, queued.id)))) {
      logEvent(root, 'warn', 'compression: a pending job tracked by git is ignored (a commit added it; see claude-memory lint)', { job: queued.id });
      out.remaining -= 1;
      out.ignored += 1;
      continue;
    }
    if (sessionLockHeld(root, queued.sessionId)) continue;
    const result = await withSessionLock(root, queued.sessionId, lockWaitMs(config), async (): Promise<CompressResult | 'gone'> => {
      // Read again under the lock: the session's own run may have finished it meanwhile.
      const job = readJob(root, queued.id);
      if (!job) return nothing('finished by another run');
      if (!transcriptAllowed(job.transcriptPath, env)) {
        logEvent(
          root,
          'error',
          'compression: pending job dropped, its transcript is outside the folders Claude Code keeps transcripts in (CLAUDE_MEMORY_TRANSCRIPT_DIRS adds one)',
          { job: job.id, transcript: job.transcriptPath },
        );
        removeJob(root, job.id);
        return 'gone';
      }
      let read;
      try {
        read = await readTranscript(job.transcriptPath, job.fromOffset, { maxBytes: job.toOffset - job.fromOffset });
      } catch (err) {
        logEvent(root, 'error', 'compression: pending job dropped, its transcript cannot be read', { job: job.id, reason: (err as Error).message });
        removeJob(root, job.id);
        return 'gone';
      }
      const cursor = readCursor(root, job.sessionId);
      // A range a crashed run left at the cursor: finishing it moves the cursor, as that run would have.
      const atCursor = (cursor?.offset ?? 0) === job.fromOffset && (!cursor || cursor.transcriptPath === job.transcriptPath);
      return compressRange(root, config, { ...jobFields(job), entries: read.entries, job }, env, now, atCursor);
    });
    out.remaining -= 1;
    if (result === 'gone') {
      out.dropped += 1;
      continue;
    }
    if (result.path === 'queued') {
      out.remaining += 1;
      break;
    }
    out.results.push(result);
  }
  return out;
}
