import { cacheLayout } from '../cache/layout.js';
import { readCacheFile } from '../cache/read.js';
import { writeFileAtomic } from '../store/atomic.js';

/**
 * `claude-memory stale --ack ID`: this clone's reader says the note still holds although its code moved on. The
 * flag is cleared without touching the note (an edit would reach everyone through git; an acknowledgement is one
 * person's judgement, kept in the cache). What is acknowledged is the note's reasons as they were: a new one (another
 * file deleted, a rename) flags the note again.
 */

/** The part of a stale reason an acknowledgement covers: which file, and what happened to it. */
export interface AckableReason {
  file: string;
  kind: string;
  to?: string;
}

/** Pure: one string for a note's reasons, independent of their order (churn left out: it grows with every commit). */
export function reasonsSignature(reasons: AckableReason[]): string {
  return reasons
    .map((reason) => [reason.file, reason.kind, reason.to ?? ''].join('\u0000'))
    .sort()
    .join('\u0001');
}

export function readStaleAcks(root: string): Record<string, string> {
  return readCacheFile(cacheLayout(root).staleAcks, 'staleAcks')?.acks ?? {};
}

export function writeStaleAcks(root: string, acks: Record<string, string>): void {
  writeFileAtomic(cacheLayout(root).staleAcks, JSON.stringify({ acks }));
}

/** Pure: whether a note's current reasons are the ones acknowledged. */
export function isAcknowledged(acks: Record<string, string>, id: string, reasons: AckableReason[]): boolean {
  return Object.prototype.hasOwnProperty.call(acks, id) && acks[id] === reasonsSignature(reasons);
}
