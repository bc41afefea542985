import path from 'node:path';
import { MEMORY_DIR } from '../core/paths.js';
import { reportSecrets, secretReason } from '../core/redact/index.js';
import { MAX_NOTE_BYTES, parseNote } from '../store/parse.js';
import { readBlobs } from './blobs.js';
import { gitAt, literal } from './exec.js';
import { nulFields } from './parse.js';

/**
 * The pre-commit guard: what is staged under `.claude-memory/` is read from the index (`git show :path`, through
 * whatever GIT_INDEX_FILE git gave the hook, so `commit -a` and `commit --only` are checked as committed), and the
 * commit is refused when it would add a secret or a note that does not parse.
 * Bypass, documented: `git commit --no-verify`, or `CLAUDE_MEMORY_SKIP_GUARD=1`.
 */

export interface GuardFinding {
  path: string;
  reason: string;
}

/** Files larger than this are refused unscanned (fail closed): nothing this big belongs under .claude-memory/. */
const MAX_SCAN_BYTES = 64 * 1024 * 1024;
const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Pure: what is wrong with one staged file's content. */
export function checkStagedFile(file: string, content: Buffer): GuardFinding[] {
  const findings: GuardFinding[] = [];
  const isNote = file.startsWith(`${MEMORY_DIR}/notes/`) && file.endsWith('.md');
  if (isNote && content.length > MAX_NOTE_BYTES)
    findings.push({ path: file, reason: `invalid note: ${content.length} bytes, over the ${MAX_NOTE_BYTES}-byte limit` });
  if (content.length > MAX_SCAN_BYTES) {
    findings.push({ path: file, reason: `too large to scan for secrets (${content.length} bytes, over ${MAX_SCAN_BYTES})` });
    return findings;
  }
  let text: string | undefined;
  try {
    // The whole file: a secret after the first megabyte is still a secret (the scan is chunked, linear in size).
    text = content.includes(0) ? undefined : utf8.decode(content);
  } catch {
    text = undefined;
  }
  if (text === undefined) {
    if (isNote) findings.push({ path: file, reason: 'invalid note: not UTF-8 text' });
    return findings;
  }
  for (const secret of reportSecrets(text)) findings.push({ path: file, reason: secretReason(secret) });
  if (isNote && content.length <= MAX_NOTE_BYTES) {
    const { problems } = parseNote(text, file, path.posix.basename(file, '.md'));
    for (const problem of problems) if (problem.severity === 'error') findings.push({ path: file, reason: `invalid note: ${problem.reason}` });
  }
  return findings;
}

/** Check every file staged (added, copied, modified, renamed) under `.claude-memory/`. */
export async function checkStagedMemory(root: string): Promise<GuardFinding[]> {
  const listed = await gitAt(root).diff(['--cached', '--name-only', '-z', '--no-renames', '--diff-filter=ACMR', '--', literal(MEMORY_DIR)]);
  const files = nulFields(listed);
  if (!files.length) return [];
  const blobs = await readBlobs(
    root,
    files.map((file) => `:${file}`),
  );
  const findings: GuardFinding[] = [];
  for (const file of files) {
    const content = blobs.get(`:${file}`);
    if (content) findings.push(...checkStagedFile(file, content));
  }
  return findings;
}

/** Pure: what the user sees when the guard refuses a commit. */
export function guardMessage(findings: GuardFinding[]): string {
  return [
    'claude-memory: commit refused: staged memory files would add a secret or an invalid note:',
    ...findings.map((finding) => `  ${finding.path}: ${finding.reason}`),
    'Fix the files and stage them again (or unstage them: git restore --staged <file>).',
    'To commit anyway: git commit --no-verify, or CLAUDE_MEMORY_SKIP_GUARD=1 git commit ...',
    '',
  ].join('\n');
}
