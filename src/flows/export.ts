import fs from 'node:fs';
import path from 'node:path';
import { isInside } from '../core/paths.js';
import { portableCandidates } from '../index/overview-candidates.js';
import { readCatalog, refresh } from '../index/refresh.js';
import { EXPORT_FILES, lineEnding, renderSection, replaceSection, type ExportFormat } from '../retrieve/agents-file.js';
import { buildSessionContext } from '../retrieve/session-context.js';
import { writeFileAtomic } from '../store/atomic.js';

/**
 * `claude-memory export`: the session-start overview written into AGENTS.md or CLAUDE.md so that agents without
 * claude-memory's hooks (Codex, Cursor, Copilot …) read the same memory. The text depends on the notes alone: no
 * date, no branch, no stale marks from a local cache, so `--check` gives the same answer in every clone.
 */

export const DEFAULT_EXPORT_BUDGET = 1000;

/**
 * The one place export knows how the session-start overview is built. Session start adds notes about the files
 * changed on the current branch, notes new since this clone's last session and stale marks from a local cache; an
 * exported file must not vary with any of them, so this passes none (no arrivals, nothing new) and selects at the
 * export's own budget.
 */
export function exportOverview(root: string, budgetTokens: number): string {
  refresh(root);
  const candidates = portableCandidates(Object.values(readCatalog(root)), budgetTokens);
  return buildSessionContext({ candidates, changedNotes: [], stale: new Map(), lastSessionAt: Number.MAX_SAFE_INTEGER, budgetTokens, mcp: false }).text;
}

export interface ExportOptions {
  format: ExportFormat;
  budgetTokens?: number;
  /** Another file than the format's (e.g. `.github/copilot-instructions.md`), relative to the repository. */
  file?: string;
  /** Compare only; write nothing. */
  check?: boolean;
}

export interface ExportResult {
  /** Repository-relative path of the file. */
  file: string;
  /** Whether the file already had exactly this section. */
  upToDate: boolean;
  written: boolean;
}

export function exportAgentsFile(root: string, options: ExportOptions): ExportResult {
  const rel = options.file ?? EXPORT_FILES[options.format];
  const absolute = path.resolve(root, rel);
  if (!isInside(root, absolute) || absolute === root) throw new Error(`${rel}: the file must be inside the repository`);
  let existing: string | undefined;
  try {
    existing = fs.readFileSync(absolute, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT')
      throw new Error(`${rel}: cannot read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
  const budget = options.budgetTokens ?? DEFAULT_EXPORT_BUDGET;
  const section = renderSection(exportOverview(root, budget), options.format, lineEnding(existing));
  let next: string;
  try {
    next = replaceSection(existing, section);
  } catch (err) {
    throw new Error(`${rel}: ${(err as Error).message}`);
  }
  const upToDate = existing === next;
  if (upToDate || options.check) return { file: path.relative(root, absolute).split(path.sep).join('/'), upToDate, written: false };
  writeFileAtomic(absolute, next);
  return { file: path.relative(root, absolute).split(path.sep).join('/'), upToDate, written: true };
}
