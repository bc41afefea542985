import type { Problem, SearchHit } from '../../core/types.js';

/** Thrown for bad command-line input: printed without a stack trace, exit code 2. */
export class UsageError extends Error {}

export const print = (text: string) => process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
export const printJson = (value: unknown) => print(JSON.stringify(value, null, 2));

export function formatHits(hits: SearchHit[]): string {
  if (!hits.length) return 'No matching notes.';
  return hits.map((hit) => `${hit.score.toFixed(2).padStart(6)}  ${hit.id}  [${hit.type}] ${hit.title}\n        ${hit.path}`).join('\n');
}

export function formatProblems(problems: Problem[]): string {
  return problems.map((problem) => `${problem.path}: ${problem.severity}: ${problem.reason} (${problem.code})`).join('\n');
}

/** One line per problem on stderr, so a bad note never hides the output of a working command. */
export function warnProblems(problems: Problem[]): void {
  for (const problem of problems) {
    if (problem.severity === 'error') process.stderr.write(`claude-memory: skipped ${problem.path}: ${problem.reason}\n`);
  }
}
