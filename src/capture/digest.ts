/**
 * A compact, bounded digest of a transcript range: what compression (model or extractive) works from.
 *
 * Pure: entries in, digest out. It keeps what a future session needs to know (what was asked, what was concluded
 * and decided, which files changed, which commands failed and how) and drops what it does not (tool listings, hook
 * output, file contents). Every piece of text is cleaned (private spans, secrets) as it is taken from the transcript,
 * before any clipping could cut a secret in half and make it unrecognisable.
 */
import path from 'node:path';
import type { TranscriptEntry } from './transcript.js';
import { estimateTokens } from '../core/tokens.js';
import { redactText, redactWithValues, type RedactedValue } from '../core/redact/index.js';
import { boundaryAfter, boundaryBefore, protectedRanges } from '../core/text-cut.js';

export interface DigestCommand {
  command: string;
  /** Exit status when known: 0 for a command that succeeded, the printed code for one that failed. */
  exitCode?: number;
  failed: boolean;
  /** Output of a failed command, clipped to its beginning and end. */
  error?: string;
}

export interface Digest {
  prompts: string[];
  /** The assistant's last words of each turn: where it landed. */
  conclusions: string[];
  /** Sentences that carry a decision, a reason or a rule, from both sides of the conversation. */
  decisions: string[];
  /** What the assistant said along the way (findings, causes), minus its decision sentences; the latest kept. */
  findings?: string[];
  filesRead: string[];
  filesModified: string[];
  commands: DigestCommand[];
  /** Failed tool calls other than commands (edits that did not apply, reads of missing files …). */
  toolErrors: string[];
  cwd?: string;
  gitBranch?: string;
}

export interface DigestOptions {
  /** Budget of the rendered digest (default 8,000 tokens). */
  maxTokens?: number;
  /** Folder that file paths are made relative to; defaults to the transcript's own cwd. */
  cwd?: string;
}

export const DEFAULT_DIGEST_TOKENS = 8000;
/** Findings kept per range (the latest), and the shortest worth keeping. */
const MAX_FINDINGS = 40;
const MIN_FINDING_CHARS = 40;

const WRITE_TOOLS = new Set(['Write', 'Edit', 'MultiEdit', 'NotebookEdit']);
const READ_TOOLS = new Set(['Read', 'NotebookRead']);
const COMMAND_TOOLS = new Set(['Bash', 'BashOutput', 'PowerShell']);

/** Words that mark a sentence as a decision, a reason, a rule or a lesson worth keeping. */
const DECISION_MARKERS =
  /\b(decid(e|ed|ing)|decision|chose|choose|chosen|going with|go with|settled on|agreed|we('ll| will) use|use [\w.-]+ instead|instead of|because|so that|convention|always|never|must|must not|should( not)?|prefer|root cause|caused by|the fix|fixed by|workaround|gotcha|turns out|note that|remember|from now on|do not|don't)\b/i;

/** Client-generated user lines that are not prompts. */
const NOT_A_PROMPT = /^\s*(<command-|<local-command|<system-reminder|<user-prompt-submit-hook|\[Request interrupted|Caveat:)/;

/** Private spans and secrets out (`redactText` strips `<private>` spans first, whole), surrounding space trimmed. */
export function cleanText(text: string): string {
  return redactText(text).trim();
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Keep the beginning and the end of a long text: errors and conclusions live at both ends. Both cuts fall between
 * words, never inside a code span, a path or a `#123` reference, unless a single run of text is too long to allow it.
 */
export function clipMiddle(text: string, maxChars: number): string {
  const clean = text.trim();
  if (clean.length <= maxChars) return clean;
  const keep = Math.max(0, maxChars - 24);
  const headWanted = Math.ceil(keep * 0.6);
  const tailWanted = keep - headWanted;
  const ranges = protectedRanges(clean);
  // Give up at most a third of each part to reach a boundary.
  const head = boundaryBefore(clean, headWanted, Math.floor(headWanted * 0.66), ranges);
  const tailStart = tailWanted > 0 ? boundaryAfter(clean, clean.length - tailWanted, clean.length - Math.floor(tailWanted * 0.66), ranges) : clean.length;
  const cut = Math.max(0, tailStart - head);
  return `${clean.slice(0, head).trimEnd()} […${cut} chars cut…] ${clean.slice(tailStart).trimStart()}`.trim();
}

/** Split prose into sentences without splitting file names, versions or code spans. */
export function sentences(text: string): string[] {
  return text
    .replace(/```[\s\S]*?```/g, ' ')
    .split(/(?<=[.!?])\s+(?=[A-Z`"'(*-])|\n+/)
    .map((s) =>
      s
        .replace(/^[\s*#>-]+/, '')
        .replace(/\s+/g, ' ')
        .trim(),
    )
    .filter((s) => s.length >= 12);
}

function relativePath(file: string, cwd: string | undefined): string | undefined {
  if (!file) return undefined;
  if (!path.isAbsolute(file)) return file.includes('..') ? undefined : file.split(path.sep).join('/');
  if (!cwd) return undefined;
  const rel = path.relative(cwd, file);
  // Files outside the project (home folder, /tmp) say nothing about the repository and may reveal private paths.
  if (!rel || rel.startsWith('..') || path.isAbsolute(rel)) return undefined;
  return rel.split(path.sep).join('/');
}

function exitCodeOf(output: string): number | undefined {
  const match = /^Exit code (\d+)/m.exec(output);
  return match ? Number(match[1]) : undefined;
}

function pushUnique(list: string[], value: string | undefined): void {
  if (value && !list.includes(value)) list.push(value);
}

/**
 * The values redaction took out of a digest's text, so compression can scrub them from what a model answers. Kept
 * beside the digest, not in it: nothing that renders, logs or serialises a digest can carry them.
 */
const REDACTED = new WeakMap<Digest, RedactedValue[]>();

export function redactedValuesOf(digest: Digest): readonly RedactedValue[] {
  return REDACTED.get(digest) ?? [];
}

/** Pure: the digest of a transcript range. */
export function buildDigest(entries: TranscriptEntry[], options: DigestOptions = {}): Digest {
  const digest: Digest = { prompts: [], conclusions: [], decisions: [], findings: [], filesRead: [], filesModified: [], commands: [], toolErrors: [] };
  const redacted: RedactedValue[] = [];
  REDACTED.set(digest, redacted);
  const cleanText = (text: string): string => {
    const clean = redactWithValues(text);
    redacted.push(...clean.values);
    return clean.text.trim();
  };
  const cwd = options.cwd ?? entries.find((e) => e.cwd)?.cwd;
  if (cwd) digest.cwd = cwd;
  const branch = entries.find((e) => e.gitBranch)?.gitBranch;
  if (branch) digest.gitBranch = branch;

  const pendingTools = new Map<string, { name: string; command?: DigestCommand; label: string }>();
  let lastAssistantText: string | undefined;
  const findings: string[] = [];
  const endTurn = () => {
    if (lastAssistantText) pushUnique(digest.conclusions, lastAssistantText);
    lastAssistantText = undefined;
  };
  // An earlier text of the same turn is a finding; the last one becomes the turn's conclusion.
  const noteFinding = (text: string | undefined) => {
    if (!text) return;
    const rest = sentences(text)
      .filter((sentence) => !digest.decisions.includes(sentence))
      .join(' ');
    if (rest.length >= MIN_FINDING_CHARS) pushUnique(findings, rest);
  };
  const noteDecisions = (text: string) => {
    for (const sentence of sentences(text)) if (DECISION_MARKERS.test(sentence)) pushUnique(digest.decisions, sentence);
  };

  for (const entry of entries) {
    // Sub-agent chatter repeats the main thread's work; hook output is memory we injected ourselves.
    if (entry.isSidechain || entry.kind === 'attachment') continue;
    for (const block of entry.blocks) {
      if (entry.kind === 'user' && block.type === 'text') {
        if (entry.isMeta || NOT_A_PROMPT.test(block.text)) continue;
        const text = cleanText(block.text);
        if (!text) continue;
        endTurn();
        digest.prompts.push(text);
        noteDecisions(text);
      } else if (entry.kind === 'assistant' && block.type === 'text') {
        const text = cleanText(block.text);
        if (!text) continue;
        noteFinding(lastAssistantText);
        lastAssistantText = text;
        noteDecisions(text);
      } else if (block.type === 'tool_use') {
        const input = isObject(block.input) ? block.input : {};
        const file = typeof input.file_path === 'string' ? input.file_path : typeof input.notebook_path === 'string' ? input.notebook_path : undefined;
        const rel = file ? relativePath(file, cwd) : undefined;
        let command: DigestCommand | undefined;
        if (WRITE_TOOLS.has(block.name)) pushUnique(digest.filesModified, rel);
        else if (READ_TOOLS.has(block.name)) pushUnique(digest.filesRead, rel);
        else if (COMMAND_TOOLS.has(block.name) && typeof input.command === 'string') {
          command = { command: cleanText(input.command), failed: false };
          digest.commands.push(command);
        }
        if (block.id) pendingTools.set(block.id, { name: block.name, command, label: rel ?? block.name });
      } else if (block.type === 'tool_result') {
        const tool = block.toolUseId ? pendingTools.get(block.toolUseId) : undefined;
        if (!tool) continue;
        if (tool.command) {
          const code = exitCodeOf(block.content);
          tool.command.failed = block.isError;
          tool.command.exitCode = block.isError ? (code ?? 1) : 0;
          if (block.isError) tool.command.error = cleanText(block.content.replace(/^Exit code \d+\s*/, ''));
        } else if (block.isError) {
          digest.toolErrors.push(`${tool.name} ${tool.label === tool.name ? '' : `${tool.label} `}failed: ${cleanText(block.content)}`);
        }
      }
    }
  }
  endTurn();
  digest.findings = findings.filter((finding) => !digest.conclusions.includes(finding)).slice(-MAX_FINDINGS);
  // A file that was written is modified, whatever else happened to it.
  digest.filesRead = digest.filesRead.filter((file) => !digest.filesModified.includes(file));
  return digest;
}

export function isEmptyDigest(digest: Digest): boolean {
  return digest.prompts.length === 0 && digest.conclusions.length === 0 && digest.filesModified.length === 0 && digest.commands.length === 0;
}

function renderWith(digest: Digest, cap: number): string {
  const clip = (text: string, factor = 1) => clipMiddle(text, Math.max(40, Math.round(cap * factor)));
  const lines: string[] = [];
  const section = (title: string, items: string[]) => {
    if (items.length) lines.push(`## ${title}`, ...items.map((item) => `- ${item}`), '');
  };
  const where = [digest.gitBranch ? `branch ${digest.gitBranch}` : ''].filter(Boolean).join(', ');
  if (where) lines.push(`(${where})`, '');
  section(
    'User prompts',
    digest.prompts.map((p) => clip(p)),
  );
  section(
    'Decisions and reasons',
    digest.decisions.map((d) => clip(d, 0.5)),
  );
  section(
    'Found along the way',
    (digest.findings ?? []).map((f) => clip(f, 0.25)),
  );
  section(
    'Assistant conclusions',
    digest.conclusions.map((c) => clip(c)),
  );
  section('Files modified', digest.filesModified);
  section('Files read', digest.filesRead);
  section(
    'Commands',
    digest.commands.map((c) => {
      const status = c.exitCode === undefined ? 'no result' : `exit ${c.exitCode}`;
      return `\`${clip(c.command, 0.3)}\` → ${status}${c.error ? `: ${clip(c.error, 0.6)}` : ''}`;
    }),
  );
  section(
    'Other tool failures',
    digest.toolErrors.map((e) => clip(e, 0.6)),
  );
  return lines.join('\n').trim();
}

/**
 * Pure: the digest as text within `maxTokens`. Items are clipped harder until the whole fits; as a last resort the
 * text itself keeps its beginning and end.
 */
export function renderDigest(digest: Digest, maxTokens = DEFAULT_DIGEST_TOKENS): string {
  for (let cap = 2000; cap >= 60; cap = Math.floor(cap * 0.7)) {
    const text = renderWith(digest, cap);
    if (estimateTokens(text) <= maxTokens) return text;
  }
  return clipMiddle(renderWith(digest, 60), maxTokens * 4);
}
