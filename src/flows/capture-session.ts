import fs from 'node:fs';
import path from 'node:path';
import { entryPoint } from '../bin/paths.js';
import { readCursor } from '../capture/cursor.js';
import { transcriptAllowed } from '../capture/transcript-folders.js';
import { readSessionState, writeSessionState } from '../capture/session-state.js';
import { sessionLockHeld } from '../compress/session-lock.js';
import { loadConfig } from '../core/config.js';
import { startDetached } from '../core/detached.js';
import { logEvent } from '../cache/log.js';
import { memoryPaths } from '../core/paths.js';
import { startEmbeddingIfBehind } from '../index/embeddings/background.js';

/**
 * Capture a session (the Stop, PreCompact and SessionEnd hooks): decide whether the transcript has grown enough to
 * compress, and if so leave a detached compression worker running (bin/compress-worker.ts → flows/compress-session.ts)
 * and return at once. Stages, in order:
 *
 *   1. the transcript must be an absolute path to a regular `.jsonl` file inside the folders Claude Code keeps
 *      transcripts in (capture/transcript-folders.ts): the worker and any retry of its range read only there;
 *   2. how far compression has got (capture/cursor.ts) and where the last background run was started
 *      (capture/session-state.ts); that run counts only while it may still be working (it holds the session's lock,
 *      or was started moments ago): a worker that was killed leaves its bytes to this hook;
 *   3. decide (`shouldCompress`): Stop waits for `compression.minNewBytes` new bytes, PreCompact and SessionEnd take
 *      whatever remains; bytes already handed to a running compression do not count again;
 *   4. start the worker, remember the transcript size it was given, log it;
 *   5. whether or not it compresses: when notes lack a vector for search by meaning (new, changed, pulled), leave the
 *      background embedding run going (index/embeddings/background.ts; a few stats when there is nothing to do).
 *
 * What the worker then does (model, extractive or queued) is decided in flows/compress-session.ts.
 */

export interface CompressDecisionInput {
  transcriptSize: number;
  /** Where compression has got to (the session's cursor). */
  cursorOffset: number;
  /** Transcript size when a compression was last started for this session. */
  startedAt?: number;
  minNewBytes: number;
  /** PreCompact and SessionEnd: whatever remains goes, however little. */
  final: boolean;
}

/** Pure, stage 3: start a compression now? Material already handed to a running compression does not count again. */
export function shouldCompress(input: CompressDecisionInput): boolean {
  const from = Math.max(input.cursorOffset, input.startedAt ?? 0);
  const fresh = input.transcriptSize - from;
  if (fresh <= 0) return false;
  return input.final || fresh >= input.minNewBytes;
}

/** A worker needs this long to start and take its lock; after that, no lock means it is not running. */
const WORKER_START_GRACE_MS = 30_000;

/** Pure: whether the compression started earlier may still be running, so its bytes are not handed out again. */
export function earlierRunMayBeWorking(startedMs: number | undefined, lockHeld: boolean, nowMs: number): boolean {
  return lockHeld || (startedMs !== undefined && nowMs - startedMs >= 0 && nowMs - startedMs < WORKER_START_GRACE_MS);
}

/** The hook that asks: Stop comes after every answer, PreCompact and SessionEnd when the context is about to go. */
export type CaptureTrigger = 'stop' | 'pre-compact' | 'session-end';

export interface Capture {
  /** File-name safe (surfaces/hooks/payload.ts safeSession). */
  sessionId: string;
  transcriptPath: string;
  trigger: CaptureTrigger;
}

/** The whole flow; true when a compression was started. */
export function captureSession(root: string, capture: Capture): boolean {
  const started = startCompression(root, capture);
  startEmbeddingIfBehind(root);
  return started;
}

function startCompression(root: string, { sessionId, transcriptPath, trigger }: Capture): boolean {
  const final = trigger !== 'stop';
  if (!path.isAbsolute(transcriptPath) || !transcriptPath.endsWith('.jsonl') || !transcriptAllowed(transcriptPath)) return false;
  let size: number;
  try {
    const stat = fs.statSync(transcriptPath);
    if (!stat.isFile()) return false;
    size = stat.size;
  } catch {
    return false;
  }
  const { config } = loadConfig(memoryPaths(root).configFile);
  const state = readSessionState(root, sessionId);
  const cursor = readCursor(root, sessionId);
  const now = Date.now();
  const working = state.compressStartedAt !== undefined && earlierRunMayBeWorking(state.compressStartedMs, sessionLockHeld(root, sessionId), now);
  const go = shouldCompress({
    transcriptSize: size,
    cursorOffset: cursor?.offset ?? 0,
    startedAt: working ? state.compressStartedAt : undefined,
    minNewBytes: config.compression.minNewBytes,
    final,
  });
  if (!go) return false;
  const pid = startDetached(entryPoint('compressWorker'), ['--transcript', transcriptPath, '--session', sessionId], root);
  writeSessionState(root, { ...state, compressStartedAt: size, compressStartedMs: now });
  logEvent(root, pid ? 'info' : 'warn', pid ? 'compression started in the background' : 'could not start the background compression', {
    session: sessionId,
    bytes: size - (cursor?.offset ?? 0),
    final,
  });
  return true;
}
