import fs from 'node:fs';
import path from 'node:path';
import { memoryPaths } from '../core/paths.js';
import { writeFileAtomic } from '../store/atomic.js';

/** How far into a session's transcript compression has got: each byte range is compressed once. */
export interface SessionCursor {
  sessionId: string;
  transcriptPath: string;
  /** Byte offset up to which the transcript has been compressed. */
  offset: number;
  updatedAt: string;
}

/** Session ids come from hook payloads: keep only characters that are safe in a file name. */
export function safeSessionId(sessionId: string): string {
  const safe = sessionId.replace(/[^A-Za-z0-9_-]/g, '').slice(0, 80);
  if (!safe) throw new Error(`invalid session id "${sessionId.slice(0, 40)}"`);
  return safe;
}

const cursorFile = (root: string, sessionId: string) => path.join(memoryPaths(root).cursorsDir, `${safeSessionId(sessionId)}.json`);

export function readCursor(root: string, sessionId: string): SessionCursor | undefined {
  try {
    const value = JSON.parse(fs.readFileSync(cursorFile(root, sessionId), 'utf8')) as SessionCursor;
    return typeof value.offset === 'number' && value.offset >= 0 ? value : undefined;
  } catch {
    return undefined;
  }
}

export function writeCursor(root: string, cursor: Omit<SessionCursor, 'updatedAt'>, now = new Date()): void {
  writeFileAtomic(cursorFile(root, cursor.sessionId), JSON.stringify({ ...cursor, updatedAt: now.toISOString() }));
}
