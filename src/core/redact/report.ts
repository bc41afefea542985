/**
 * Findings as people see them: the kind, the line, and the line itself with every finding masked, so no output
 * prints any part of a secret. The pre-commit guard and `lint` both report through here, so the same text gives
 * the same findings. Large texts are scanned in chunks that overlap, which bounds the memory of one scan while
 * every finding still sees a wide neighbourhood on both sides.
 */
import type { SecretFinding } from './types.js';
import { findSecrets } from './engine.js';
import { placeholderFor } from './placeholders.js';

export interface SecretReport {
  kind: string;
  /** 1-based line of the finding's first character. */
  line: number;
  /** The finding's line with every finding on it replaced by its placeholder, clipped and escaped for a terminal. */
  context: string;
}

export interface ScanOptions {
  /** Characters scanned per chunk. */
  chunkSize?: number;
  /** Characters of context added on each side of a chunk; secrets longer than this may be missed at a border. */
  overlap?: number;
}

const DEFAULT_CHUNK = 1 << 20;
const DEFAULT_OVERLAP = 1 << 16;
const CONTEXT_WIDTH = 100;

/** findSecrets over the whole text, chunk by chunk with overlap; findings are sorted and do not overlap. */
export function findSecretsChunked(text: string, options: ScanOptions = {}): SecretFinding[] {
  const chunk = Math.max(1, options.chunkSize ?? DEFAULT_CHUNK);
  const overlap = Math.max(0, options.overlap ?? DEFAULT_OVERLAP);
  if (text.length <= chunk) return findSecrets(text);
  const out: SecretFinding[] = [];
  for (let start = 0; start < text.length; start += chunk) {
    const from = Math.max(0, start - overlap);
    const to = Math.min(text.length, start + chunk + overlap);
    for (const f of findSecrets(text.slice(from, to))) {
      const s = f.start + from;
      // Each finding belongs to the chunk its first character is in; the overlaps only lend context.
      if (s < start || s >= start + chunk) continue;
      const e = f.end + from;
      const last = out[out.length - 1];
      if (last && s < last.end) last.end = Math.max(last.end, e);
      else out.push({ kind: f.kind, start: s, end: e });
    }
  }
  return out;
}

/** Control and bidi characters (escape sequences, BEL, CR, RLO) shown as `\uNNNN`, so a context can neither forge lines nor drive a terminal. */
function printable(s: string): string {
  return s.replace(/[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2066-\u2069]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

export function reportSecrets(text: string, options: ScanOptions = {}): SecretReport[] {
  const findings = findSecretsChunked(text, options);
  if (findings.length === 0) return [];
  const lineStarts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) lineStarts.push(i + 1);
  const lineOf = (offset: number): number => {
    let lo = 0;
    let hi = lineStarts.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((lineStarts[mid] as number) <= offset) lo = mid + 1;
      else hi = mid;
    }
    return lo; // 1-based: the count of line starts at or before `offset`
  };
  return findings.map((f, i) => {
    const line = lineOf(f.start);
    const lineStart = lineStarts[line - 1] as number;
    const nextStart = lineStarts[line];
    const lineEnd = nextStart === undefined ? text.length : nextStart - 1;
    // Mask every finding that touches this line, not only this one: a neighbour must not leak through the context.
    let masked = '';
    let pos = lineStart;
    let at = 0;
    for (let k = i; k >= 0 && (findings[k] as SecretFinding).end > lineStart; k--) at = k;
    let selfAt = -1;
    for (let k = at; k < findings.length; k++) {
      const g = findings[k] as SecretFinding;
      if (g.start >= lineEnd) break;
      masked += text.slice(pos, Math.max(pos, g.start));
      if (k === i) selfAt = masked.length;
      masked += placeholderFor(g.kind);
      pos = Math.max(pos, g.end);
    }
    masked += text.slice(Math.min(pos, lineEnd), lineEnd);
    const from = Math.max(0, selfAt - CONTEXT_WIDTH / 2);
    let context = masked.slice(from, from + CONTEXT_WIDTH).trim();
    if (from > 0) context = `…${context}`;
    if (from + CONTEXT_WIDTH < masked.length) context = `${context}…`;
    return { kind: f.kind, line, context: printable(context) };
  });
}

/** The one sentence guard and lint print for a finding. */
export function secretReason(report: SecretReport): string {
  return `looks like a secret (${report.kind}) on line ${report.line}: "${report.context}"; remove it (and rewrite history if it was pushed)`;
}
