import { escapeForTerminal, escapeJsonText } from '../../core/text-safety.js';
import type { Problem, SearchHit } from '../../core/types.js';

/**
 * Everything the CLI prints goes through here. Note titles, paths, topics and git authors arrive from commits, so a
 * value is escaped before it reaches the terminal (core/text-safety.ts): an escape sequence, a BEL or a carriage
 * return is shown as `\x1b`, `\x07`, `\x0d`, never acted on, and a line break inside a value cannot forge a line.
 */

/** Thrown for bad command-line input: printed without a stack trace, exit code 2. */
export class UsageError extends Error {}

/** One value from a note, a file name or git: a single line, every control character shown as an escape. */
export const field = (value: string) => escapeForTerminal(value);

export const print = (text: string) => process.stdout.write(`${escapeForTerminal(text, { keepLines: true }).replace(/\n$/, '')}\n`);

/** The text of one line on stderr, escaped like print. */
export const printError = (text: string) => process.stderr.write(`${escapeForTerminal(text, { keepLines: true }).replace(/\n$/, '')}\n`);

/** JSON as JSON, with the characters that act on terminals written as `\u` escapes (core/text-safety.ts). */
export const printJson = (value: unknown) => process.stdout.write(`${escapeJsonText(JSON.stringify(value, null, 2))}\n`);

export function formatHits(hits: SearchHit[]): string {
  if (!hits.length) return 'No matching notes.';
  return hits
    .map((hit) => `${hit.score.toFixed(2).padStart(6)}  ${field(hit.id)}  [${field(hit.type)}] ${field(hit.title)}\n        ${field(hit.path)}`)
    .join('\n');
}

export function formatProblems(problems: Problem[]): string {
  return problems.map((problem) => `${field(problem.path)}: ${problem.severity}: ${field(problem.reason)} (${field(problem.code)})`).join('\n');
}

/** One line per problem on stderr, so a bad note never hides the output of a working command. */
export function warnProblems(problems: Problem[]): void {
  for (const problem of problems) {
    if (problem.severity === 'error') printError(`claude-memory: skipped ${field(problem.path)}: ${field(problem.reason)}`);
  }
}
