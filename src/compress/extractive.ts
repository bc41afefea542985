/**
 * The offline path: a deterministic session note from a digest, for when there is no API key, the budget is spent
 * or the model's answer was unusable. Same digest in, same note out.
 *
 * It keeps the goal (first prompt), the sentences that carry decisions, the failures and whether they were fixed,
 * and where the work landed; changed files go in the front matter. It is sized against the transcript it came from
 * so notes stay a small fraction of it.
 */
import type { Digest, DigestCommand } from '../capture/digest.js';
import { clipMiddle } from '../capture/digest.js';
import type { Note } from '../core/types.js';
import type { NoteOperation } from './apply.js';

export interface ExtractiveOptions {
  sessionId: string;
  /** Tokens of the transcript range the digest came from: the note's body is a few percent of it. */
  sourceTokens: number;
  /** The session note written for an earlier range of the same session: extended rather than duplicated. */
  previous?: Note;
}

export const SESSION_TOPIC = 'sessions';
const MIN_BODY_CHARS = 160;
const MAX_BODY_CHARS = 1200;
/** Share of the transcript's characters the body may use; the front matter takes about as much again. */
const BODY_SHARE = 0.025;

/** Strong markers first: an explicit decision beats a sentence that merely says "should". */
const STRONG = /\b(decid|decision|chose|chosen|going with|settled on|agreed|instead of|because|root cause|convention|from now on|the fix|fixed by)/i;

function oneLine(text: string, max: number): string {
  return clipMiddle(text.replace(/\s+/g, ' '), max);
}

/** Pure: the title of a session note, from its goal, cut at a word boundary. */
export function sessionTitle(goal: string): string {
  const flat = goal.replace(/\s+/g, ' ').replace(/[`*_#>]/g, '').trim();
  if (flat.length <= 70) return `Session: ${flat}`;
  const cut = flat.slice(0, 70);
  return `Session: ${cut.slice(0, Math.max(cut.lastIndexOf(' '), 40))}…`;
}

function program(command: string): string {
  return command.trim().split(/\s+/).slice(0, 2).join(' ');
}

/** Pure: one line per failed command, saying whether a later run of the same program succeeded. */
export function failureLines(commands: DigestCommand[]): string[] {
  const lines: string[] = [];
  commands.forEach((command, index) => {
    if (!command.failed) return;
    const fixedBy = commands.slice(index + 1).find((later) => !later.failed && later.exitCode === 0 && program(later.command) === program(command.command));
    const error = command.error ? `: ${oneLine(command.error, 90)}` : '';
    const what = `\`${oneLine(command.command, 60)}\` failed (exit ${command.exitCode ?? '?'}${error})`;
    lines.push(fixedBy ? `Fixed: ${what}; \`${oneLine(fixedBy.command, 50)}\` then passed.` : `Failed: ${what}.`);
  });
  return lines;
}

/** Pure: the decision sentences worth keeping, strongest first, at most `limit`, in their original order. */
export function pickDecisions(decisions: string[], limit: number): string[] {
  const ranked = decisions.map((text, index) => ({ text, index, strong: STRONG.test(text) })).sort((a, b) => Number(b.strong) - Number(a.strong) || a.index - b.index);
  return ranked
    .slice(0, limit)
    .sort((a, b) => a.index - b.index)
    .map((d) => d.text);
}

function bodyLines(digest: Digest, continuing: boolean): string[] {
  const lines: string[] = [];
  const [first, ...rest] = digest.prompts;
  if (first) lines.push(`${continuing ? 'Then' : 'Goal'}: ${oneLine(first, 200)}`);
  for (const decision of pickDecisions(digest.decisions, 3)) lines.push(`- ${oneLine(decision, 180)}`);
  lines.push(...failureLines(digest.commands).slice(0, 3));
  const outcome = digest.conclusions.at(-1);
  if (outcome && !digest.decisions.some((d) => outcome.includes(d))) lines.push(`Outcome: ${oneLine(outcome, 200)}`);
  for (const prompt of rest.slice(0, 2)) lines.push(`Also: ${oneLine(prompt, 100)}`);
  return lines;
}

/** Pure: keep lines in priority order until the budget is used; the first line always stays. */
function fit(lines: string[], maxChars: number): string {
  const kept: string[] = [];
  let used = 0;
  for (const line of lines) {
    if (kept.length > 0 && used + line.length + 1 > maxChars) continue;
    kept.push(line);
    used += line.length + 1;
  }
  return kept.join('\n');
}

/** Pure: the note operations of the extractive path (none when the range holds nothing worth a note). */
export function extractiveNotes(digest: Digest, options: ExtractiveOptions): NoteOperation[] {
  const hasSubstance = digest.filesModified.length > 0 || digest.decisions.length > 0 || digest.commands.length > 0 || digest.conclusions.length > 0;
  if (!hasSubstance || (digest.prompts.length === 0 && !options.previous)) return [];
  const budget = Math.min(MAX_BODY_CHARS, Math.max(MIN_BODY_CHARS, Math.round(options.sourceTokens * 4 * BODY_SHARE)));
  const lines = bodyLines(digest, options.previous !== undefined);
  if (lines.length === 0) return [];

  if (options.previous) {
    const previous = options.previous;
    const body = fit([...previous.body.split('\n'), ...lines.filter((line) => !previous.body.includes(line))], MAX_BODY_CHARS);
    return [{ kind: 'update', id: previous.id, body, files: [...new Set([...previous.files, ...digest.filesModified])] }];
  }
  const goal = digest.prompts[0] ?? 'work session';
  return [
    {
      kind: 'create',
      note: {
        title: sessionTitle(goal),
        type: 'session',
        topic: SESSION_TOPIC,
        body: fit(lines, budget),
        files: digest.filesModified.slice(0, 20),
        source: { session: options.sessionId },
      },
    },
  ];
}
