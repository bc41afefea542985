import { MEMORY_DIR } from '../core/paths.js';
import { readBlobs } from '../git/blobs.js';
import { gitRun } from '../git/exec.js';
import { parseNameStatus } from '../git/parse.js';
import { checkStagedFile } from '../git/guard.js';
import { resolveRange, reviewChanges, reviewMarkdown, type ReviewRange } from '../git/review.js';
import { computeStale, normalizeFile, type StaleReason } from '../git/stale.js';
import { lintNotes } from '../store/lint.js';

/**
 * `claude-memory ci`: what a pull request does to memory, checked the way CI checks code. For the range from the
 * merge base with `base` to HEAD: the pre-commit guard's checks (secrets, notes that do not parse) on every
 * memory file the range added or changed, lint on the notes it touched, the notes its code changes made stale,
 * and the review of its memory changes.
 */

export interface CiFinding {
  path: string;
  reason: string;
}

export interface CiStaleNote {
  id: string;
  title: string;
  path: string;
  reasons: StaleReason[];
}

export interface CiResult {
  range: ReviewRange;
  /** Notes and memory files the range added or changed. */
  checkedFiles: number;
  /** Secrets and invalid notes in what the range added or changed; any fails the check. */
  errors: CiFinding[];
  /** Lint warnings in the notes the range touched. */
  warnings: CiFinding[];
  /** Notes the range's code changes made stale. */
  stale: CiStaleNote[];
  /** Lint problems in notes the range did not touch: reported, not failing. */
  elsewhere: CiFinding[];
  /** `claude-memory review` of the range, as markdown. */
  review: string;
}

const isNote = (file: string) => file.startsWith(`${MEMORY_DIR}/notes/`) && file.endsWith('.md');

export async function runCi(root: string, options: { base?: string } = {}): Promise<CiResult> {
  const range = await resolveRange(root, options.base ? `${options.base}...HEAD` : undefined);
  const changes = parseNameStatus(await gitRun(root, ['diff', '-z', '-M', '--name-status', range.from, range.to]));
  const memoryFiles = changes.filter((change) => change.status !== 'D' && change.to.startsWith(`${MEMORY_DIR}/`)).map((change) => change.to);
  const codeFiles = new Set(changes.filter((change) => !change.from.startsWith(`${MEMORY_DIR}/`)).flatMap((change) => [change.from, change.to]));

  // The guard's checks, on the files as the range leaves them.
  const blobs = await readBlobs(
    root,
    memoryFiles.map((file) => `${range.to}:${file}`),
  );
  const errors: CiFinding[] = [];
  for (const file of memoryFiles) {
    const content = blobs.get(`${range.to}:${file}`);
    if (content) errors.push(...checkStagedFile(file, content));
  }

  // Lint, split between the notes the range touched and the rest; what the guard already said is not repeated.
  const touched = new Set(memoryFiles.filter(isNote));
  const said = (path: string, reason: string, code: string) =>
    errors.some((error) => error.path === path && (error.reason.endsWith(reason) || (code === 'secret' && error.reason.startsWith('looks like a secret'))));
  const warnings: CiFinding[] = [];
  const elsewhere: CiFinding[] = [];
  for (const problem of lintNotes(root).problems) {
    const finding = { path: problem.path, reason: problem.reason };
    if (!touched.has(problem.path)) elsewhere.push({ ...finding, reason: `${problem.severity}: ${problem.reason}` });
    else if (said(problem.path, problem.reason, problem.code)) continue;
    else if (problem.severity === 'error') errors.push(finding);
    else warnings.push(finding);
  }

  // Stale notes, only those whose files this range's code changes touched.
  const touches = (file: string) => {
    const normal = normalizeFile(file);
    return codeFiles.has(normal) || [...codeFiles].some((changed) => changed.startsWith(`${normal}/`));
  };
  const stale = (await computeStale(root)).notes
    .map((note) => ({ id: note.id, title: note.title, path: note.path, reasons: note.reasons.filter((reason) => touches(reason.file)) }))
    .filter((note) => note.reasons.length);

  const review = reviewMarkdown(await reviewChanges(root, range), range.label);
  return { range, checkedFiles: memoryFiles.length, errors, warnings, stale, elsewhere, review };
}
