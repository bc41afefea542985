/**
 * Runs the catalogue over a text: collects every rule's spans, merges overlaps (fail closed: the union is
 * redacted, named by the higher-priority rule), replaces them with placeholders and rescans until nothing new
 * turns up, so the output is a fixpoint of redaction.
 */
import type { ScanContext, SecretFinding, Span } from './types.js';
import { RANK, RULES } from './catalogue.js';
import { coveredByPlaceholders, placeholderFor, placeholderSpans } from './placeholders.js';
import { stripPrivate } from './private-spans.js';

/**
 * Locates secrets in `text` (which is scanned as given: `<private>` spans are
 * not stripped here). Findings are sorted and non-overlapping; overlapping
 * detections are merged into their union and named by the higher-priority rule.
 */
export function findSecrets(text: string): SecretFinding[] {
  return findSecretsDetailed(text).findings;
}

/** findSecrets, plus every rule's own span before overlaps were merged (a merged finding can hold several values). */
export function findSecretsDetailed(text: string): { findings: SecretFinding[]; spans: SecretFinding[] } {
  const placeholders = placeholderSpans(text);
  const candidates: Array<Span & { rank: number }> = [];
  const ctx: ScanContext = {};
  RULES.forEach((rule, rank) => {
    for (const span of rule.find(text, ctx)) {
      if (coveredByPlaceholders(text, span, placeholders)) continue;
      candidates.push({ start: span.start, end: span.end, rank });
    }
  });
  candidates.sort((a, b) => a.start - b.start || a.rank - b.rank);

  const findings: SecretFinding[] = [];
  let cur: (Span & { rank: number }) | undefined;
  for (const c of candidates) {
    if (cur && c.start < cur.end) {
      cur.end = Math.max(cur.end, c.end);
      if (c.rank < cur.rank) cur.rank = c.rank;
      continue;
    }
    if (cur) findings.push({ kind: RULES[cur.rank]!.kind, start: cur.start, end: cur.end });
    cur = { ...c };
  }
  if (cur) findings.push({ kind: RULES[cur.rank]!.kind, start: cur.start, end: cur.end });
  return { findings, spans: candidates.map((c) => ({ kind: RULES[c.rank]!.kind, start: c.start, end: c.end })) };
}

const MAX_PASSES = 4;

export function applyFindings(text: string, findings: readonly SecretFinding[]): string {
  const parts: string[] = [];
  let last = 0;
  for (const f of findings) {
    parts.push(text.slice(last, f.start), placeholderFor(f.kind));
    last = f.end;
  }
  parts.push(text.slice(last));
  return parts.join('');
}

/** Translates findings on `applyFindings(base, prior)` back to offsets in `base`. */
function mapBack(later: readonly SecretFinding[], prior: readonly SecretFinding[]): SecretFinding[] {
  const outStart: number[] = [];
  const outEnd: number[] = [];
  let shift = 0;
  for (const f of prior) {
    const s = f.start - shift;
    const len = placeholderFor(f.kind).length;
    outStart.push(s);
    outEnd.push(s + len);
    shift += f.end - f.start - len;
  }
  // Last placeholder starting at or before x (or strictly before, for span ends).
  const locate = (x: number, strict: boolean): number => {
    let lo = 0;
    let hi = outStart.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const v = outStart[mid] as number;
      if (strict ? v < x : v <= x) lo = mid + 1;
      else hi = mid;
    }
    return lo - 1;
  };
  const toBase = (x: number, isEnd: boolean): number => {
    const i = locate(x, isEnd);
    if (i < 0) return x;
    const f = prior[i] as SecretFinding;
    const pe = outEnd[i] as number;
    if (isEnd ? x <= pe : x < pe) return isEnd ? f.end : f.start;
    return f.end + (x - pe);
  };
  return later.map((f) => ({ kind: f.kind, start: toBase(f.start, false), end: toBase(f.end, true) }));
}

export function mergeFindings(a: readonly SecretFinding[], b: readonly SecretFinding[]): SecretFinding[] {
  const all = [...a, ...b].sort((x, y) => x.start - y.start);
  const out: SecretFinding[] = [];
  for (const f of all) {
    const cur = out[out.length - 1];
    if (cur && f.start < cur.end) {
      cur.end = Math.max(cur.end, f.end);
      if ((RANK.get(f.kind) ?? Infinity) < (RANK.get(cur.kind) ?? Infinity)) cur.kind = f.kind;
    } else {
      out.push({ ...f });
    }
  }
  return out;
}

/**
 * Strips `<private>` spans, then replaces each secret with `[REDACTED:kind]`.
 * Finding offsets refer to the private-stripped text, before replacement.
 *
 * Replacing a multi-line secret can join what used to be separate lines, so
 * the result is rescanned and any newly exposed secret is folded into the
 * findings until nothing more is found: that makes the output a fixpoint
 * (idempotent) and never less redacted than a single pass.
 */
export function redact(text: string): { text: string; findings: SecretFinding[] } {
  const base = stripPrivate(text);
  let findings = findSecrets(base);
  let out = findings.length === 0 ? base : applyFindings(base, findings);
  for (let pass = 1; pass < MAX_PASSES && findings.length > 0; pass++) {
    const later = findSecrets(out);
    if (later.length === 0) break;
    findings = mergeFindings(findings, mapBack(later, findings));
    out = applyFindings(base, findings);
  }
  return { text: out, findings };
}
