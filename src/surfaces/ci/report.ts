import type { StaleReason } from '../../git/stale.js';
import type { CiFinding, CiResult } from '../../flows/ci.js';

/**
 * Pure: the result of `claude-memory ci` as one markdown comment for a pull request. The first line is a marker
 * the GitHub Action looks for to update its own comment instead of adding another.
 */

export const CI_MARKER = '<!-- claude-memory-ci -->';

/** Text from notes and paths must not turn into markup, links or mentions in the comment. */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+!|<>~@]/g, (char) => `\\${char}`).replace(/\s+/g, ' ');
}
const code = (text: string) => `\`${text.replace(/`/g, "'")}\``;

function describeStale(reason: StaleReason): string {
  if (reason.kind === 'renamed') return `${code(reason.file)} was renamed to ${code(reason.to ?? '?')}`;
  if (reason.kind === 'changed') return `${code(reason.file)} changed heavily (${reason.churn} lines of ${reason.lines})`;
  if (reason.kind === 'missing') return `${code(reason.file)} does not exist`;
  return `${code(reason.file)} was deleted`;
}

const findingLine = (finding: CiFinding) => `- ${code(finding.path)}: ${escapeMarkdown(finding.reason)}`;
const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;

export function ciPassed(result: CiResult): boolean {
  return result.errors.length === 0;
}

export function ciMarkdown(result: CiResult): string {
  const verdict = ciPassed(result) ? 'passed' : `failed: ${plural(result.errors.length, 'error')}`;
  const out = [
    CI_MARKER,
    `## claude-memory check ${verdict}`,
    '',
    `${code(result.range.label)}: ${plural(result.checkedFiles, 'memory file')} added or changed, ${plural(result.errors.length, 'error')}, ${plural(result.warnings.length, 'warning')}, ${plural(result.stale.length, 'note')} made stale by code changes.`,
  ];
  if (result.errors.length) {
    out.push(
      '',
      '### Errors',
      '',
      'Secrets and invalid notes must not be merged: fix the files (and rewrite the branch history if a secret was pushed).',
      '',
      ...result.errors.map(findingLine),
    );
  }
  if (result.stale.length) {
    out.push(
      '',
      '### Notes this change may have made stale',
      '',
      'The code they describe changed here; update them, or supersede them with `claude-memory supersede OLD NEW` (`claude-memory stale --fix` updates renamed paths).',
      '',
    );
    for (const note of result.stale) out.push(`- **${escapeMarkdown(note.title)}** (${code(note.path)}): ${note.reasons.map(describeStale).join('; ')}`);
  }
  if (result.warnings.length) out.push('', '### Warnings', '', ...result.warnings.map(findingLine));
  out.push('', result.review.trim());
  if (result.elsewhere.length) {
    out.push(
      '',
      `<details><summary>${plural(result.elsewhere.length, 'lint finding')} in notes this change did not touch</summary>`,
      '',
      ...result.elsewhere.map(findingLine),
      '',
      '</details>',
    );
  }
  return `${out.join('\n')}\n`;
}
