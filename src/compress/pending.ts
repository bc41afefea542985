/**
 * Work not finished yet: one JSON file per transcript range under `.claude-memory/.cache/pending/`. A compression
 * writes its range here before it starts (a write-ahead record), so a run that dies at any point leaves the range
 * for the next one; a range the API could not take now stays here to be retried. A job names a transcript range and
 * the ids of the notes it will create, never text, so the queue cannot hold a secret; the transcript is read again
 * when the job runs. Finished ranges leave a small record under `done/` so a redo after a crash between "notes
 * written" and "job removed" writes nothing twice.
 */
import fs from 'node:fs';
import path from 'node:path';
import { safeSessionId } from '../capture/cursor.js';
import { cacheLayout, doneRecordFile, pendingJobFile } from '../cache/layout.js';
import { readCacheFile } from '../cache/read.js';
import type { DoneRecord, PendingJob } from '../cache/schemas.js';
import { redactText } from '../core/redact/index.js';
import { writeFileAtomic } from '../store/atomic.js';

/** How long done records are kept: long enough for any retry of the same range. */
const DONE_KEEP_MS = 30 * 24 * 3600 * 1000;

/** Pure: the key of a session range, the same for every attempt at it. */
export function jobId(sessionId: string, fromOffset: number, toOffset: number): string {
  return `${safeSessionId(sessionId)}-${fromOffset}-${toOffset}`;
}

export function enqueueJob(root: string, job: Omit<PendingJob, 'id' | 'createdAt' | 'attempts'> & { attempts?: number }, now = new Date()): PendingJob {
  const id = jobId(job.sessionId, job.fromOffset, job.toOffset);
  const existing = readJob(root, id);
  const next: PendingJob = {
    id,
    sessionId: job.sessionId,
    transcriptPath: job.transcriptPath,
    fromOffset: job.fromOffset,
    toOffset: job.toOffset,
    createdAt: existing?.createdAt ?? now.toISOString(),
    attempts: job.attempts ?? existing?.attempts ?? 0,
    ...(job.lastError ? { lastError: redactText(job.lastError).slice(0, 300) } : {}),
    ...((job.noteIds ?? existing?.noteIds)?.length ? { noteIds: job.noteIds ?? existing?.noteIds } : {}),
  };
  writeFileAtomic(pendingJobFile(root, id), `${JSON.stringify(next, null, 1)}\n`);
  return next;
}

/**
 * A well-formed job file; the schema cannot say that its range must not be empty, nor that the id inside is the
 * file's own name (the id names the file that is removed when the job is done).
 */
export function readJob(root: string, id: string): PendingJob | undefined {
  const job = readCacheFile(pendingJobFile(root, id), 'pendingJob');
  return job && job.id === id && job.toOffset > job.fromOffset ? job : undefined;
}

/** Every well-formed job, oldest first; unreadable files are skipped (and reported by the caller's log). */
export function listJobs(root: string): { jobs: PendingJob[]; unreadable: string[] } {
  let names: string[] = [];
  try {
    names = fs.readdirSync(cacheLayout(root).pending).filter((name) => name.endsWith('.json') && !name.startsWith('.'));
  } catch {
    return { jobs: [], unreadable: [] };
  }
  const jobs: PendingJob[] = [];
  const unreadable: string[] = [];
  for (const name of names) {
    const job = readJob(root, name.slice(0, -'.json'.length));
    if (job) jobs.push(job);
    else unreadable.push(name);
  }
  jobs.sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : a.fromOffset - b.fromOffset));
  return { jobs, unreadable };
}

export function removeJob(root: string, id: string): void {
  fs.rmSync(pendingJobFile(root, id), { force: true });
}

export function readDone(root: string, id: string): DoneRecord | undefined {
  return readCacheFile(doneRecordFile(root, id), 'doneRecord');
}

/** Record a finished range, and forget records old enough that no retry can still come. */
export function markDone(root: string, record: Omit<DoneRecord, 'at'>, now = new Date()): void {
  const dir = cacheLayout(root).done;
  writeFileAtomic(doneRecordFile(root, record.id), `${JSON.stringify({ ...record, at: now.toISOString() })}\n`);
  try {
    for (const name of fs.readdirSync(dir)) {
      const file = path.join(dir, name);
      if (now.getTime() - fs.statSync(file).mtimeMs > DONE_KEEP_MS) fs.rmSync(file, { force: true });
    }
  } catch {
    // pruning is housekeeping; the record itself is written
  }
}
