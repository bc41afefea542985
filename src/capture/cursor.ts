import { cursorFile as cursorPath } from '../cache/layout.js';
import { readCacheFile } from '../cache/read.js';
import type { SessionCursor } from '../cache/schemas.js';
import { writeFileAtomic } from '../store/atomic.js';

/** How far into a session's transcript compression has got: each byte range is compressed once. */

/** Session ids come from hook payloads: keep only characters that are safe in a file name. */
export function safeSessionId(sessionId: string): string {
  const safe = sessionId.replace(/[^A-Za-z0-9_-]/g, '').slice(0, 80);
  if (!safe) throw new Error(`invalid session id "${sessionId.slice(0, 40)}"`);
  return safe;
}

const cursorFile = (root: string, sessionId: string) => cursorPath(root, safeSessionId(sessionId));

export function readCursor(root: string, sessionId: string): SessionCursor | undefined {
  return readCacheFile(cursorFile(root, sessionId), 'cursor');
}

export function writeCursor(root: string, cursor: Omit<SessionCursor, 'updatedAt'>, now = new Date()): void {
  writeFileAtomic(cursorFile(root, cursor.sessionId), JSON.stringify({ ...cursor, updatedAt: now.toISOString() }));
}
