/**
 * Compress a session (`claude-memory compress`, and the detached worker flows/capture-session.ts starts): turn what
 * the transcript gained since the last run into notes. Stages, in order:
 *
 *   1. take the session's lock (compress/session-lock.ts): one compression per session at a time; a second waits;
 *   2. read the transcript from the session's cursor (capture/cursor.ts, capture/transcript.ts); a transcript shorter
 *      than the cursor was replaced, so start again from its beginning;
 *   3. skip a range already done (the done record, compress/pending.ts), and a digest with nothing in it
 *      (capture/digest.ts);
 *   4. route (`plan`): extractive when the model is off or there is no key or the token budget (compress/usage.ts)
 *      would be passed; otherwise ask the model (compress/llm.ts) with the related notes; a retryable failure
 *      queues the range (the pending queue), any other failure or unusable answer falls back to extractive;
 *   5. apply the note operations to the store (compress/apply.ts), record the range as done, move the cursor;
 *   6. stage or commit the new notes as `onNewNotes` says (git/new-notes.ts);
 *   7. when the model answered, drain up to three queued ranges (`compressPending`).
 *
 * Order matters for "nothing is lost, nothing is written twice": notes are written (or the job queued) first, then
 * the range is recorded as done, then the cursor moves. A crash before the cursor moves makes the next run redo the
 * range, and the done record makes that redo a no-op.
 */
import fs from 'node:fs';
import path from 'node:path';
import { buildDigest, isEmptyDigest, renderDigest, cleanText, type Digest } from '../capture/digest.js';
import { readCursor, safeSessionId, writeCursor } from '../capture/cursor.js';
import { readTranscript, type TranscriptEntry } from '../capture/transcript.js';
import { loadConfig, type MemoryConfig } from '../core/config.js';
import { logConfigNotices, logEvent } from '../cache/log.js';
import { memoryPaths } from '../core/paths.js';
import { redactText } from '../core/redact.js';
import type { Note } from '../core/types.js';
import { handleNewNotes } from '../git/new-notes.js';
import { searchNotes } from '../retrieve/search.js';
import { findNote } from '../store/notes.js';
import { listNoteFiles, readNoteFile } from '../store/read.js';
import { applyOperations, operationsFromMemories, type NoteOperation } from '../compress/apply.js';
import { SESSION_TOPIC, extractiveNotes } from '../compress/extractive.js';
import { buildCompressionRequest, callCompressionModel, estimateRequestTokens, noteBudget, outputCap, type RelatedNote } from '../compress/llm.js';
import { enqueueJob, jobId, listJobs, markDone, readDone, removeJob } from '../compress/pending.js';
import type { PendingJob } from '../cache/schemas.js';
import { validateMemories } from '../compress/schema.js';
import { overBudget, readUsage, recordUsage } from '../compress/usage.js';
import { withSessionLock } from '../compress/session-lock.js';

export type CompressPath = 'llm' | 'extractive' | 'queued' | 'nothing';

export interface CompressResult {
  created: string[];
  updated: string[];
  path: CompressPath;
  /** Why this path was taken (no key, over budget, API down …), for logs and `--json`. */
  reason?: string;
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
  /** Set when the range comes from the queue: a failure updates that job instead of adding one. */
  queued?: PendingJob;
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
  return extractiveNotes(digest, { sessionId: job.sessionId, sourceTokens: Math.ceil((job.toOffset - job.fromOffset) / 4), previous: previousSessionNote(root, job.sessionId) });
}

type Plan = { path: 'llm' | 'extractive'; operations: NoteOperation[]; reason?: string } | { path: 'queued'; reason: string };

/** Decide and, on the model path, ask: what to write for one range. */
async function plan(root: string, config: MemoryConfig, digest: Digest, job: RangeJob, env: NodeJS.ProcessEnv, now: Date): Promise<Plan> {
  const c = config.compression;
  const apiKey = env[c.apiKeyEnv];
  if (!c.useLlm) return { path: 'extractive', operations: extractive(root, digest, job), reason: 'model disabled in config' };
  if (!apiKey) return { path: 'extractive', operations: extractive(root, digest, job), reason: `no API key in ${c.apiKeyEnv}` };

  const related = await relatedNotes(root, digest);
  // The digest was cleaned piece by piece; this second pass covers anything assembled around the pieces.
  const budget = noteBudget(Math.ceil((job.toOffset - job.fromOffset) / 4));
  const request = buildCompressionRequest({
    model: c.model,
    maxOutputTokens: outputCap(budget, c.maxOutputTokens),
    maxNotes: c.maxNotesPerEvent,
    noteBudgetTokens: budget,
    digest: redactText(renderDigest(digest, c.maxDigestTokens)),
    related,
  });
  const over = overBudget(readUsage(root), job.sessionId, estimateRequestTokens(request), c, now);
  if (over) return { path: 'extractive', operations: extractive(root, digest, job), reason: over };

  const call = await callCompressionModel(request, { apiKey, baseURL: env.ANTHROPIC_BASE_URL || undefined, timeoutMs: c.timeoutMs, maxRetries: c.maxRetries });
  if (call.usage) recordUsage(root, job.sessionId, call.usage, now);
  if (!call.ok) {
    if (call.retryable) return { path: 'queued', reason: call.reason };
    return { path: 'extractive', operations: extractive(root, digest, job), reason: call.reason };
  }
  const validated = validateMemories(call.toolInput, { maxNotes: c.maxNotesPerEvent, knownIds: new Set(related.map((note) => note.id)) });
  if (validated.dropped.length) logEvent(root, 'warn', 'compression: dropped invalid notes from the model', { session: job.sessionId, dropped: validated.dropped.join('; ') });
  if (validated.invalid || (validated.notes.length === 0 && validated.dropped.length > 0)) {
    return { path: 'extractive', operations: extractive(root, digest, job), reason: `unusable ${'record_memories'} input: ${validated.dropped[0] ?? 'invalid'}` };
  }
  return { path: 'llm', operations: operationsFromMemories(validated.notes, job.sessionId) };
}

/** Compress one range: write its notes, or queue it; idempotent per session and range. */
async function compressRange(root: string, config: MemoryConfig, job: RangeJob, env: NodeJS.ProcessEnv, now: Date): Promise<CompressResult> {
  const id = jobId(job.sessionId, job.fromOffset, job.toOffset);
  const done = readDone(root, id);
  if (done) return { ...nothing('range already compressed'), created: done.created, updated: done.updated };

  const digest = buildDigest(job.entries);
  if (isEmptyDigest(digest)) {
    markDone(root, { id, created: [], updated: [], path: 'nothing' }, now);
    return nothing('no prompts, conclusions or changes in the new part of the transcript');
  }

  const decided = await plan(root, config, digest, job, env, now);
  if (decided.path === 'queued') {
    enqueueJob(root, { sessionId: job.sessionId, transcriptPath: job.transcriptPath, fromOffset: job.fromOffset, toOffset: job.toOffset, attempts: (job.queued?.attempts ?? 0) + 1, lastError: decided.reason }, now);
    logEvent(root, 'warn', 'compression queued: the API is unavailable', { session: job.sessionId, job: id, reason: decided.reason });
    return { created: [], updated: [], path: 'queued', reason: decided.reason, notePaths: [] };
  }

  const applied = applyOperations(root, decided.operations, now);
  for (const skipped of applied.skipped) logEvent(root, 'warn', 'compression: a note operation was skipped', { session: job.sessionId, reason: skipped });
  const result: CompressResult = {
    created: applied.created.map((note) => note.id),
    updated: applied.updated.map((note) => note.id),
    path: decided.path,
    notePaths: [...applied.created, ...applied.updated].map((note) => note.path),
    ...(decided.reason ? { reason: decided.reason } : {}),
  };
  markDone(root, { id, created: result.created, updated: result.updated, path: result.path }, now);
  if (job.queued) removeJob(root, job.queued.id);
  logEvent(root, 'info', `compression wrote ${result.created.length} new and ${result.updated.length} updated notes`, { session: job.sessionId, path: result.path, reason: result.reason });

  if (result.notePaths.length) {
    try {
      await handleNewNotes(root, result.notePaths, config.onNewNotes, { sessionId: job.sessionId });
    } catch (err) {
      logEvent(root, 'error', 'compression: could not stage or commit the new notes', { reason: (err as Error).message });
    }
  }
  return result;
}

/**
 * Compress what the transcript gained since the session's cursor. Waits for a compression of the same session that
 * is already running, then does only what is left.
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
    if (read.nextOffset <= fromOffset) return nothing('no new transcript lines');
    const rangeResult = await compressRange(root, config, { sessionId, transcriptPath, fromOffset, toOffset: read.nextOffset, entries: read.entries }, env, now);
    writeCursor(root, { sessionId, transcriptPath, offset: read.nextOffset }, now);
    return rangeResult;
  });

  // The API answered, so work that waited for it can go now; bounded so a hook's background run stays short.
  if (result.path === 'llm' && listJobs(root).jobs.length) {
    const drained = await compressPending(root, { env, now, limit: 3 });
    result.created.push(...drained.results.flatMap((r) => r.created));
    result.updated.push(...drained.results.flatMap((r) => r.updated));
  }
  return result;
}

export interface PendingResult {
  results: CompressResult[];
  /** Jobs still waiting (the API is still down, or over the limit of this run). */
  remaining: number;
  /** Jobs given up: their transcript is gone or unreadable. */
  dropped: number;
}

/** Retry queued ranges, oldest first; stops at the first that has to wait again (the API is still down). */
export async function compressPending(root: string, options: { env?: NodeJS.ProcessEnv; now?: Date; limit?: number } = {}): Promise<PendingResult> {
  const env = options.env ?? process.env;
  const { config } = loadConfig(memoryPaths(root).configFile, env);
  const now = options.now ?? new Date();
  const { jobs, unreadable } = listJobs(root);
  for (const name of unreadable) logEvent(root, 'warn', 'compression: unreadable pending job skipped', { file: name });
  const out: PendingResult = { results: [], remaining: jobs.length, dropped: 0 };
  for (const job of jobs.slice(0, options.limit ?? jobs.length)) {
    const result = await withSessionLock(root, job.sessionId, lockWaitMs(config), async (): Promise<CompressResult | 'gone'> => {
      let read;
      try {
        read = await readTranscript(job.transcriptPath, job.fromOffset, { maxBytes: job.toOffset - job.fromOffset });
      } catch (err) {
        logEvent(root, 'error', 'compression: pending job dropped, its transcript cannot be read', { job: job.id, reason: (err as Error).message });
        removeJob(root, job.id);
        return 'gone';
      }
      return compressRange(root, config, { sessionId: job.sessionId, transcriptPath: job.transcriptPath, fromOffset: job.fromOffset, toOffset: job.toOffset, entries: read.entries, queued: job }, env, now);
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
    removeJob(root, job.id);
    out.results.push(result);
  }
  return out;
}
