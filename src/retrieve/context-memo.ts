import fs from 'node:fs';
import { cacheLayout } from '../cache/layout.js';
import { readCacheFile } from '../cache/read.js';
import type { ContextMemo } from '../cache/schemas.js';
import { writeDerivedFile } from '../store/atomic.js';

/**
 * Session start usually finds what the last one found: the same notes, branch, stale flags and settings. Reading the
 * candidates and selecting again would give the same text, at a cost the hook's budget feels (a few milliseconds of
 * its thirty), so the last text is kept with a key of everything it was made from: the candidates and catalog files
 * (their times and sizes), the stale flags file, the budget, whether the MCP tools serve the project, the branch
 * compared against and the notes about its changed files. "New since the last session" moves with every session, so
 * the text is reused only when it listed nothing new and nothing has arrived since. Derived: delete it at will.
 */

export type { ContextMemo };

function stamp(file: string): string {
  try {
    const stat = fs.statSync(file);
    return `${stat.mtimeMs}:${stat.size}`;
  } catch {
    return '-';
  }
}

export interface MemoInputs {
  budgetTokens: number;
  mcp: boolean;
  base?: string;
  changedNotes: Array<{ id: string; files: string[] }>;
}

/** The key of a session start's inputs (files stated, nothing read). */
export function memoKey(root: string, inputs: MemoInputs): string {
  const c = cacheLayout(root);
  return JSON.stringify([
    stamp(c.context),
    stamp(c.catalog),
    stamp(c.stale),
    inputs.budgetTokens,
    inputs.mcp,
    inputs.base ?? '',
    inputs.changedNotes.map((note) => [note.id, note.files]),
  ]);
}

/** Pure: whether a memo answers for `key` when the last session started at `lastSessionAt`. */
export function memoFits(memo: ContextMemo | undefined, key: string, lastSessionAt: number | undefined): memo is ContextMemo {
  return !!memo && memo.key === key && memo.newTotal === 0 && (lastSessionAt ?? memo.arrivalsSince) >= memo.lastArrival;
}

export function readMemo(root: string): ContextMemo | undefined {
  return readCacheFile(cacheLayout(root).contextMemo, 'contextMemo');
}

export function writeMemo(root: string, memo: ContextMemo): void {
  try {
    writeDerivedFile(cacheLayout(root).contextMemo, JSON.stringify(memo));
  } catch {
    // a read-only cache: the next start selects again
  }
}
