import { inlineText } from '../index/overview-lines.js';

/**
 * The tag a stale note carries in the session context: why the note may be out of date, and what clears the flag.
 * Pure. Reasons come from git/stale.ts (through the stale cache): a file the note names was deleted, renamed,
 * changed heavily since the note was last committed, or is not there at all.
 */

export interface StaleReasonLike {
  file: string;
  kind: string;
  to?: string;
}

const MAX_FILES = 2;
const FILE_CHARS = 60;

function files(reasons: StaleReasonLike[]): string {
  const names = reasons.map((reason) => reason.file).filter(Boolean);
  if (!names.length) return '';
  const shown = names.slice(0, MAX_FILES).map((file) => inlineText(file, FILE_CHARS));
  return names.length > MAX_FILES ? `${shown.join(', ')} and ${names.length - MAX_FILES} more` : shown.join(', ');
}

/** Pure: `[stale: …]` for a note's reasons; '' when there are none. */
export function staleTag(reasons: StaleReasonLike[]): string {
  if (!reasons.length) return '';
  const of = (kind: string) => reasons.filter((reason) => reason.kind === kind);
  const parts: string[] = [];
  const renamed = of('renamed');
  if (renamed.length) {
    const first = renamed[0]!;
    const more = renamed.length > 1 ? ` and ${renamed.length - 1} more renamed` : '';
    const from = first.file ? `${inlineText(first.file, FILE_CHARS)} ` : '';
    parts.push(`${from}renamed to ${inlineText(first.to ?? '?', FILE_CHARS)}${more} (run \`claude-memory stale --fix\`)`);
  }
  const deleted = of('deleted');
  if (deleted.length) parts.push(`file deleted${files(deleted) ? ` (${files(deleted)})` : ''}`);
  const missing = of('missing');
  if (missing.length) parts.push(`file not found${files(missing) ? ` (${files(missing)})` : ''}`);
  const changed = of('changed');
  if (changed.length) parts.push(`code changed heavily since this note${files(changed) ? ` (${files(changed)})` : ''}: review it; editing the note clears this`);
  if (!parts.length) parts.push('the code it describes changed after it was written');
  return `[stale: ${parts.join('; ')}]`;
}
