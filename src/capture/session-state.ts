import { cacheLayout, sessionStateFile } from '../cache/layout.js';
import { readCacheFile } from '../cache/read.js';
import { writeDerivedFile } from '../store/atomic.js';

/**
 * What the hooks remember about one session, in `.claude-memory/.cache/sessions/<id>.json`: the notes it was given
 * (so prompt-time recall never repeats them) and where a background compression was last started. Each file is
 * replaced whole through a rename, so two sessions never share or tear a file.
 */

export interface SessionState {
  sessionId: string;
  /** Ids of notes the session has already been shown (session start and earlier prompts). */
  given: string[];
  /** Transcript size when a background compression was last started, so the same material is not queued twice. */
  compressStartedAt?: number;
  /** When that compression was started (ms since the epoch). */
  compressStartedMs?: number;
}

const MAX_GIVEN = 2_000;

/** `sessionId` must already be file-name safe (surfaces/hooks/payload.ts safeSession). */
export function readSessionState(root: string, sessionId: string): SessionState {
  const value = readCacheFile(sessionStateFile(root, sessionId), 'sessionState');
  // absent or garbage: a new session as far as the hooks are concerned
  if (!value) return { sessionId, given: [] };
  return { sessionId, given: value.given, compressStartedAt: value.compressStartedAt, compressStartedMs: value.compressStartedMs };
}

/** Whole-file replace through a rename, no fsync: this is a cache, and a torn file reads as a new session. */
export function writeSessionState(root: string, state: SessionState): void {
  writeDerivedFile(
    sessionStateFile(root, state.sessionId),
    JSON.stringify({ ...state, given: state.given.slice(-MAX_GIVEN), updatedAt: new Date().toISOString() }),
  );
}

/**
 * When a session last started in this clone (ms), or undefined before the first: "new since your last session" counts
 * from it. Written by the SessionStart hook only (not by `claude-memory context`, which shows what the next session
 * would get).
 */
export function readLastSessionStart(root: string): number | undefined {
  return readCacheFile(cacheLayout(root).lastSession, 'lastSession')?.startedAt;
}

export function writeLastSessionStart(root: string, startedAt: number): void {
  writeDerivedFile(cacheLayout(root).lastSession, JSON.stringify({ startedAt }));
}
