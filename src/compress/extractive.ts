/**
 * The offline path: a deterministic session note from a digest, for when no model route is available, a ceiling is
 * reached or the model's answer was unusable. Same digest in, same note out.
 *
 * What a reader needs from a session, in order of importance: the goal (unless the title already says it all), up to
 * three decisions with their reasons, the outcome (the last conclusion), the failures that were fixed, then the rest.
 * Sentences are kept whole or left out, never cut in the middle; references like `#123`, code spans and paths are
 * never broken. The body has a floor that fits the essentials and a ceiling; its share of the transcript is small on
 * average over real sessions (`npm run bench`), not capped per note. Changed files go in the front matter.
 */
import type { Digest, DigestCommand } from '../capture/digest.js';
import type { Note } from '../core/types.js';
import { cutAtBoundary, leadingSentences, splitSentences } from '../core/text-cut.js';
import type { NoteOperation } from './apply.js';

export interface ExtractiveOptions {
  sessionId: string;
  /** Tokens of the transcript range the digest came from: the body grows with it, between a floor and a ceiling. */
  sourceTokens: number;
  /** The session note written for an earlier range of the same session: extended rather than duplicated. */
  previous?: Note;
}

export const SESSION_TOPIC = 'sessions';
/** Room for the goal, three decisions and the outcome. */
export const MIN_BODY_CHARS = 600;
export const MAX_BODY_CHARS = 1200;
/** Share of the transcript's characters the body may use above the floor. */
const BODY_SHARE = 0.025;
/** A decision longer than this is left out rather than cut. */
const MAX_DECISION_CHARS = 320;
const MAX_OUTCOME_CHARS = 420;
const MAX_GOAL_CHARS = 300;
const TITLE_CHARS = 70;

/** How strongly a sentence carries a decision, a cause or a rule; plain advice ("should") scores lowest. */
const MARKERS: Array<[RegExp, number]> = [
  [/\b(decid\w*|decision|chose|chosen|going with|go with|settled on|agreed|switch(ed)? to|we('ll| will) use)\b/i, 3],
  [/\b(root cause|caused by|the fix|fixed by|the problem is|turns out)\b/i, 3],
  [/\b(convention|from now on|gotcha|remember|never|always|must)\b/i, 2],
  [/\b(because|instead of|so that|workaround)\b/i, 1],
];

export function decisionScore(sentence: string): number {
  return MARKERS.reduce((score, [pattern, weight]) => score + (pattern.test(sentence) ? weight : 0), 0);
}

const flat = (text: string) => text.replace(/\s+/g, ' ').trim();

/** Title text: markdown markers out, but `#123` references and snake_case names kept. */
function titleText(goal: string): string {
  return flat(goal)
    .replace(/[`*>]/g, '')
    .replace(/#(?!\d)/g, '')
    .replace(/(^|[^\w])_+|_+(?=[^\w]|$)/g, '$1')
    .trim();
}

/** Pure: the title of a session note, from its goal: its first sentences, or cut at a safe word boundary. */
export function sessionTitle(goal: string): string {
  const text = titleText(goal);
  if (text.length <= TITLE_CHARS) return `Session: ${text}`;
  return `Session: ${leadingSentences(text, TITLE_CHARS) || cutAtBoundary(text, TITLE_CHARS + 1)}`;
}

/** Leading whole sentences, or for text that is not prose (a pasted error, a path) a cut at a safe boundary. */
function opening(text: string, max: number): string {
  return leadingSentences(text, max) || cutAtBoundary(flat(text), max);
}

function program(command: string): string {
  const words = command
    .trim()
    .split(/\s+/)
    .filter((word, i, all) => !(/^[A-Z_][A-Z0-9_]*=/.test(word) && all.slice(0, i).every((w) => /^[A-Z_][A-Z0-9_]*=/.test(w))));
  return words.slice(0, 2).join(' ');
}

const ERROR_START = /^([\w.]*(Error|Exception)\b|error\b|fatal\b|ERROR\b|E[A-Z]{3,}\b|ERR_)/;
const ERROR_WORDS =
  /\b(ERR!|error|fail(ed|s|ure)?|cannot|can't|not found|no such|denied|exception|expected|does not exist|not exist|refused|timed out|unsupported|undefined|missing)\b/i;

/** Pure: the line of a command's error output that says what went wrong, whole, or nothing when none fits. */
export function errorSummary(output: string, max = 160): string {
  let best = '';
  let bestScore = 0;
  for (const raw of output.split('\n')) {
    const line = raw.replace(/^[\s×❯→✗✘!>|-]+/, '').trim();
    if (line.length < 8 || /^(✓|RUN\b|at\s)/.test(line)) continue;
    const score = ERROR_START.test(line) ? 3 : /ERR!|error:/i.test(line) ? 2 : ERROR_WORDS.test(line) ? 1 : 0;
    if (score > bestScore) {
      best = line;
      bestScore = score;
    }
  }
  if (!best) return '';
  return best.length <= max ? best : leadingSentences(best, max);
}

const inlineCode = (command: string, max: number) => `\`${cutAtBoundary(flat(command).replace(/`/g, "'"), max)}\``;

interface FailureLine {
  text: string;
  fixed: boolean;
}

function failures(commands: DigestCommand[]): FailureLine[] {
  const out: FailureLine[] = [];
  const seen = new Set<string>();
  commands.forEach((command, index) => {
    if (!command.failed || seen.has(program(command.command))) return;
    seen.add(program(command.command));
    const fixedBy = commands.slice(index + 1).find((later) => !later.failed && later.exitCode === 0 && program(later.command) === program(command.command));
    const summary = command.error ? errorSummary(command.error) : '';
    const what = `${inlineCode(command.command, 60)} failed (exit ${command.exitCode ?? '?'}${summary ? `: ${summary}` : ''})`;
    out.push(fixedBy ? { text: `Fixed: ${what}; ${inlineCode(fixedBy.command, 50)} then passed.`, fixed: true } : { text: `Failed: ${what}.`, fixed: false });
  });
  return out;
}

/** Pure: one line per failed command (once per program), saying what went wrong and whether a later run passed. */
export function failureLines(commands: DigestCommand[]): string[] {
  return failures(commands).map((line) => line.text);
}

/** Pure: the decision sentences worth keeping, strongest first, at most `limit`, in their original order. */
export function pickDecisions(decisions: string[], limit: number): string[] {
  return decisions
    .map((text, index) => ({ text, index, score: decisionScore(text) }))
    .filter((d) => d.text.length <= MAX_DECISION_CHARS && !d.text.trim().endsWith('?'))
    .sort((a, b) => b.score - a.score || a.index - b.index)
    .slice(0, limit)
    .sort((a, b) => a.index - b.index)
    .map((d) => d.text);
}

const TRIVIAL_PROMPT = /^(ok(ay)?|yes|no|good|great|thanks?|thank you|makes sense|do it|go ahead|continue|sure)\b[\s\S]{0,30}$/i;

interface Line {
  text: string;
  /** Lower is more important: what stays when the budget is short. */
  priority: number;
}

/** Pure: the body's lines in reading order, each with its priority. */
function bodyLines(digest: Digest, continuing: boolean, title: string): Line[] {
  const lines: Line[] = [];
  const [goal, ...rest] = digest.prompts;
  const goalText = goal ? flat(goal) : '';
  if (goal && continuing) lines.push({ text: `Then: ${opening(goal, MAX_GOAL_CHARS)}`, priority: 1 });
  else if (goal && titleText(goal) !== title.replace(/^Session: /, '')) lines.push({ text: `Goal: ${opening(goal, MAX_GOAL_CHARS)}`, priority: 1 });

  for (const prompt of rest.filter((p) => flat(p).length >= 20 && !TRIVIAL_PROMPT.test(flat(p))).slice(0, 2)) {
    lines.push({ text: `Also: ${opening(prompt, 160)}`, priority: 6 });
  }
  // A sentence of the goal is already said; a decision is a sentence of its own, kept whole.
  const decisions = pickDecisions(
    digest.decisions.filter((d) => !goalText.includes(flat(d))),
    3,
  );
  decisions.forEach((decision, i) => lines.push({ text: `- ${flat(decision)}`, priority: i === 0 ? 2 : 3 }));
  const failed = failures(digest.commands);
  for (const failure of [...failed.filter((f) => f.fixed).slice(0, 2), ...failed.filter((f) => !f.fixed).slice(0, 1)]) {
    lines.push({ text: failure.text, priority: failure.fixed ? 4 : 5 });
  }
  const last = digest.conclusions.at(-1);
  if (last) {
    const fresh = splitSentences(last).filter((s) => !decisions.some((d) => flat(d).includes(s) || s.includes(flat(d))));
    const outcome = leadingSentences(fresh.join(' '), MAX_OUTCOME_CHARS);
    if (outcome) lines.push({ text: `Outcome: ${outcome}`, priority: 2 });
  }
  // A note whose title says everything still needs a body.
  if (lines.length === 0 && goal) lines.push({ text: `Goal: ${opening(goal, MAX_GOAL_CHARS)}`, priority: 1 });
  return lines;
}

/** Pure: the most important lines that fit in `maxChars`, in reading order; the most important always stays. */
function fit(lines: Line[], maxChars: number): string {
  const byImportance = lines.map((line, order) => ({ ...line, order })).sort((a, b) => a.priority - b.priority || a.order - b.order);
  const kept: typeof byImportance = [];
  let used = 0;
  for (const line of byImportance) {
    if (kept.length > 0 && used + line.text.length + 1 > maxChars) continue;
    kept.push(line);
    used += line.text.length + 1;
  }
  return kept
    .sort((a, b) => a.order - b.order)
    .map((line) => line.text)
    .join('\n');
}

/**
 * Pure: the body budget: a share of the transcript, but never less than the essentials (goal, decisions, outcome)
 * need, nor less than the floor, nor more than the ceiling.
 */
export function bodyBudget(sourceTokens: number, essentialChars = 0): number {
  return Math.min(MAX_BODY_CHARS, Math.max(MIN_BODY_CHARS, essentialChars, Math.round(sourceTokens * 4 * BODY_SHARE)));
}

/** Lines of priority 3 or less: the goal, the decisions and the outcome. */
const essentialChars = (lines: Line[]) => lines.filter((line) => line.priority <= 3).reduce((sum, line) => sum + line.text.length + 1, 0);

/** Pure: the note operations of the extractive path (none when the range holds nothing worth a note). */
export function extractiveNotes(digest: Digest, options: ExtractiveOptions): NoteOperation[] {
  const hasSubstance = digest.filesModified.length > 0 || digest.decisions.length > 0 || digest.commands.length > 0 || digest.conclusions.length > 0;
  if (!hasSubstance || (digest.prompts.length === 0 && !options.previous)) return [];
  const goal = digest.prompts[0] ?? 'work session';
  const title = sessionTitle(goal);
  const lines = bodyLines(digest, options.previous !== undefined, title);
  if (lines.length === 0) return [];

  if (options.previous) {
    const previous = options.previous;
    const earlier = previous.body
      .split('\n')
      .filter(Boolean)
      .map((text) => ({ text, priority: 0 }));
    const body = fit([...earlier, ...lines.filter((line) => !previous.body.includes(line.text))], MAX_BODY_CHARS);
    return [{ kind: 'update', id: previous.id, body, files: [...new Set([...previous.files, ...digest.filesModified])] }];
  }
  return [
    {
      kind: 'create',
      note: {
        title,
        type: 'session',
        topic: SESSION_TOPIC,
        body: fit(lines, bodyBudget(options.sourceTokens, essentialChars(lines))),
        files: digest.filesModified.slice(0, 20),
        source: { session: options.sessionId },
      },
    },
  ];
}
