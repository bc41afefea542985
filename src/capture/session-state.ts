import fs from 'node:fs';
import path from 'node:path';
import { memoryPaths } from '../core/paths.js';

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
}

const MAX_GIVEN = 2_000;
/** `sessionId` must already be file-name safe (payload.ts safeSession). */
const sessionFile = (root: string, sessionId: string) => path.join(memoryPaths(root).cacheDir, 'sessions', `${sessionId}.json`);

export function readSessionState(root: string, sessionId: string): SessionState {
  try {
    const value = JSON.parse(fs.readFileSync(sessionFile(root, sessionId), 'utf8')) as Partial<SessionState>;
    return {
      sessionId,
      given: Array.isArray(value.given) ? value.given.filter((id): id is string => typeof id === 'string') : [],
      compressStartedAt: typeof value.compressStartedAt === 'number' ? value.compressStartedAt : undefined,
    };
  } catch {
    // absent or garbage: a new session as far as the hooks are concerned
    return { sessionId, given: [] };
  }
}

/** Whole-file replace through a temp file and rename. No fsync: this is a cache, a torn write reads as empty. */
export function writeSessionState(root: string, state: SessionState): void {
  const file = sessionFile(root, state.sessionId);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify({ ...state, given: state.given.slice(-MAX_GIVEN), updatedAt: new Date().toISOString() }));
  fs.renameSync(tmp, file);
}
