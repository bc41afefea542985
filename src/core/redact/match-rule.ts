/**
 * Turns rule data into rules the engine runs. Two shapes:
 *
 * - `matchRule`: one or more global regexes scanned over the whole text, with an optional capture group (the part
 *   that is the secret) and an optional acceptance check in code. For shapes with no fixed literal start.
 * - `vendorRules`: the vendor catalogue (vendors/*.ts). Scanning 150 regexes over a large text costs 150 passes, so
 *   every vendor rule names literal prefixes (tokens such as `ghp_`) or key keywords (`heroku` in
 *   `HEROKU_API=…`); one combined pass finds all of them and only then is each candidate rule tried, anchored at
 *   the hit. The result is the same as scanning each rule on its own, at the cost of about two passes.
 */
import type { RuleImpl, ScanContext, Span } from './types.js';
import { hasDigit, shannonEntropy } from './text-shape.js';

export interface MatchRuleOptions {
  /** Capture group holding the secret; the pattern must then carry the `d` flag. */
  group?: number;
  accept?: (value: string, m: RegExpExecArray | RegExpMatchArray, text: string) => boolean;
}

function trimmedSpan(text: string, start: number, end: number): Span | undefined {
  // Header-style values run to the end of the line; trailing blanks are not the secret.
  while (end > start && /\s/.test(text[end - 1] as string)) end--;
  return end > start ? { start, end } : undefined;
}

export function matchRule(kind: string, description: string, patterns: RegExp[], opts: MatchRuleOptions = {}): RuleImpl {
  return {
    kind,
    description,
    patterns,
    *find(text: string): Iterable<Span> {
      for (const pattern of patterns) {
        for (const m of text.matchAll(pattern)) {
          let start = m.index;
          let end = start + m[0].length;
          if (opts.group !== undefined) {
            const idx = m.indices?.[opts.group];
            if (!idx) continue;
            [start, end] = idx;
          }
          const span = trimmedSpan(text, start, end);
          if (!span) continue;
          if (opts.accept && !opts.accept(text.slice(span.start, span.end), m, text)) continue;
          yield span;
        }
      }
    },
  };
}

/** Checks a vendor token must pass beyond its pattern (real keys mix character classes; words and fillers do not). */
export interface TokenChecks {
  /** The token (after its prefix) holds a digit. */
  digit?: boolean;
  /** Minimum Shannon entropy of the token after its prefix, in bits per character. */
  minEntropy?: number;
  /** Mixes upper and lower case, or is at least this long. */
  mixedCaseOrLong?: number;
}

/** A vendor token recognised by its literal prefix: `ghp_…`, `xoxb-…`, `AKIA…`. */
export interface PrefixedToken {
  kind: string;
  description: string;
  /** Literal, case-sensitive starts of a match; the combined trigger looks for these. */
  prefixes: readonly string[];
  /** The token from its prefix on (a look-behind may precede it); global flag. */
  pattern: RegExp;
  /** Capture group holding the secret when only part of the match is (needs the `d` flag). */
  group?: number;
  checks?: TokenChecks;
  /** Capture group the checks look at (needs the `d` flag); by default the match after its prefix. */
  checkGroup?: number;
  /**
   * Characters before the prefix that belong to the token (the pattern's look-behind vouches for them), for
   * tokens whose only literal part is in the middle or at the end: `…Q~…`, `…NRAL`.
   */
  back?: number;
  /**
   * The prefix may sit inside a run of letters and digits (it follows other token characters, or is a URL
   * part). Otherwise the trigger only looks at token starts, which keeps runs such as `AAAA…` cheap.
   */
  anywhere?: boolean;
}

/** A vendor secret with no prefix of its own, recognised by a key naming the vendor: `HEROKU_API_KEY=<uuid>`. */
export interface KeyedToken {
  kind: string;
  description: string;
  /** Lower-case words that occur in the key name (`heroku`, `twilio`). */
  keywords: readonly string[];
  /** Source of the value pattern; matched case-insensitively. */
  value: string;
  checks?: TokenChecks;
}

const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function passesChecks(body: string, checks: TokenChecks | undefined): boolean {
  if (!checks) return true;
  if (checks.digit && !hasDigit(body)) return false;
  if (checks.minEntropy !== undefined && shannonEntropy(body) < checks.minEntropy) return false;
  if (checks.mixedCaseOrLong !== undefined && !(/[a-z]/.test(body) && /[A-Z]/.test(body)) && body.length < checks.mixedCaseOrLong) return false;
  return true;
}

/** Values under a vendor key must look like keys, not words or names. */
const KEYED_DEFAULT_CHECKS: TokenChecks = { digit: true, minEntropy: 3 };

interface Candidate {
  kind: string;
  sticky: RegExp;
  group?: number;
  checkGroup?: number;
  prefixLength: number;
  checks?: TokenChecks;
  back: number;
}

/** Key name (from the keyword on), separator, optional quote, then the value in group 1. */
const keyedSource = (keywords: readonly string[], value: string): string =>
  `(?:${keywords.map(escapeRegExp).join('|')})[\\w.-]{0,30}["']?[ \\t]*(?:=>|:=|[=:,])[ \\t]*["'\`]?(${value})(?![A-Za-z0-9_+/=-])`;

/**
 * Rules for the whole vendor catalogue, sharing one trigger scan per call (kept in the scan context).
 * Returned in catalogue order; each yields only its own kind's spans.
 */
export function vendorRules(prefixed: readonly PrefixedToken[], keyed: readonly KeyedToken[]): RuleImpl[] {
  // Prefix → every rule whose prefix is a prefix of it (the trigger reports the longest prefix at a position).
  const byPrefix = new Map<string, Candidate[]>();
  const allPrefixes = [...new Set(prefixed.flatMap((t) => t.prefixes))].sort((a, b) => b.length - a.length);
  const anywhere = new Set(prefixed.filter((t) => t.anywhere || t.back).flatMap((t) => t.prefixes));
  for (const p of allPrefixes) byPrefix.set(p, []);
  for (const t of prefixed) {
    const flags = t.pattern.flags.replace('g', '') + 'y';
    for (const own of t.prefixes) {
      for (const p of allPrefixes) {
        if (!p.startsWith(own)) continue;
        const list = byPrefix.get(p) as Candidate[];
        if (!list.some((c) => c.kind === t.kind && c.prefixLength === own.length)) {
          list.push({
            kind: t.kind,
            sticky: new RegExp(t.pattern.source, flags),
            group: t.group,
            checkGroup: t.checkGroup,
            prefixLength: own.length,
            checks: t.checks,
            back: t.back ?? 0,
          });
        }
      }
    }
  }
  // Token-start prefixes only at a word boundary (each rule's own pattern then decides exactly what may precede
  // its token; `\b` measured twice as fast as a look-behind here); the few mid-token ones anywhere.
  const startPrefixes = allPrefixes.filter((p) => !anywhere.has(p));
  const midPrefixes = allPrefixes.filter((p) => anywhere.has(p));
  const prefixTrigger = new RegExp([`\\b(?:${startPrefixes.map(escapeRegExp).join('|')})`, ...midPrefixes.map(escapeRegExp)].join('|'), 'g');

  const byKeyword = new Map<string, Candidate[]>();
  for (const t of keyed) {
    for (const kw of t.keywords) {
      const list = byKeyword.get(kw) ?? [];
      list.push({
        kind: t.kind,
        sticky: new RegExp(keyedSource([kw], t.value), 'iyd'),
        group: 1,
        checkGroup: 1,
        prefixLength: 0,
        checks: t.checks ?? KEYED_DEFAULT_CHECKS,
        back: 0,
      });
      byKeyword.set(kw, list);
    }
  }
  const keywords = [...byKeyword.keys()].sort((a, b) => b.length - a.length);
  // Not after a letter (`MY_HEROKU_KEY` counts, `myheroku` does not): the look-behind lets the engine skip most
  // positions, which a bare case-insensitive alternation cannot (measured four times faster).
  const keywordTrigger = keywords.length ? new RegExp(`(?<![a-z])(?:${keywords.map(escapeRegExp).join('|')})`, 'gi') : undefined;

  const run = (text: string, ctx: ScanContext): Map<string, Span[]> => {
    if (ctx.triggered) return ctx.triggered;
    const found = new Map<string, Span[]>();
    // A hit inside a token this kind already matched can only find a piece of it again: skip it, which also
    // keeps a long run of repeated prefixes from being rescanned once per prefix.
    const coveredUntil = new Map<string, number>();
    const record = (c: Candidate, at: number): void => {
      if (at < (coveredUntil.get(c.kind) ?? 0)) return;
      c.sticky.lastIndex = at;
      const m = c.sticky.exec(text);
      if (m === null) return;
      let start = m.index - c.back;
      let end = m.index + m[0].length;
      if (c.group !== undefined) {
        const idx = m.indices?.[c.group];
        if (!idx) return;
        [start, end] = idx;
      }
      coveredUntil.set(c.kind, end);
      let body = m[0].slice(c.prefixLength);
      if (c.checkGroup !== undefined) body = m[c.checkGroup] ?? '';
      if (!passesChecks(body, c.checks)) return;
      const list = found.get(c.kind) ?? [];
      list.push({ start, end });
      found.set(c.kind, list);
    };
    const re = new RegExp(prefixTrigger);
    for (let m = re.exec(text); m !== null; m = re.exec(text)) {
      for (const c of byPrefix.get(m[0]) ?? []) record(c, m.index);
      // Resume right after the hit's first character so a prefix starting inside another is still seen.
      re.lastIndex = m.index + 1;
    }
    if (keywordTrigger) {
      const kre = new RegExp(keywordTrigger);
      for (let m = kre.exec(text); m !== null; m = kre.exec(text)) {
        for (const c of byKeyword.get(m[0].toLowerCase()) ?? []) record(c, m.index);
      }
    }
    ctx.triggered = found;
    return found;
  };

  const rules: RuleImpl[] = [];
  for (const t of prefixed) {
    rules.push({ kind: t.kind, description: t.description, patterns: [t.pattern], find: (text, ctx) => run(text, ctx).get(t.kind) ?? [] });
  }
  for (const t of keyed) {
    rules.push({
      kind: t.kind,
      description: t.description,
      patterns: [new RegExp(keyedSource(t.keywords, t.value), 'gid')],
      find: (text, ctx) => run(text, ctx).get(t.kind) ?? [],
    });
  }
  return rules;
}
