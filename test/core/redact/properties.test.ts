/**
 * Property-based tests (fast-check): planted secrets of every kind never get through whatever surrounds them,
 * ordinary look-alikes are never touched, redaction is a fixpoint, and no rule slows down on 100 KB of
 * adversarial input. Each property runs a fixed number of cases from a fixed seed, so failures reproduce.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findSecrets, redact, redactText } from '../../../src/core/redact/index.js';
import { RULES } from '../../../src/core/redact/catalogue.js';
import { BENIGN } from '../../fixtures/ordinary/benign.js';
import { Gen } from '../../fixtures/secrets/gen.js';
import { TUNING_SEED, secretCorpus } from '../../fixtures/secrets/corpus.js';
import { HANG_TEST_TIMEOUT_MS, redactInWorker } from '../../helpers/hang-guard.js';
import { PLANTED_SECRETS } from '../../fixtures/secrets/planted.js';

const SEED = Number(process.env.REDACT_SEED ?? 20_251_130);
const CORPUS = [...PLANTED_SECRETS, ...secretCorpus(TUNING_SEED, 1)];
const BENIGN_MAKERS = Object.values(BENIGN).flat();

/** A benign line from a random maker and seed. */
const benignLine = fc.tuple(fc.integer({ min: 0, max: BENIGN_MAKERS.length - 1 }), fc.integer()).map(([k, seed]) => BENIGN_MAKERS[k]!(new Gen(seed)));
/** Ordinary words and punctuation, the kind of text secrets sit in. */
const prose = fc
  .array(
    fc.constantFrom(
      'the',
      'deploy',
      'failed',
      'because',
      'config',
      'was',
      'stale',
      '.',
      ',',
      ':',
      '-',
      '(see',
      'logs)',
      'we',
      'decided',
      'to',
      'retry',
      'key',
      'token',
      'value',
      '42',
      'v2',
      'OK',
    ),
    { maxLength: 30 },
  )
  .map((w) => w.join(' '));
/** Any text at all, control characters and astral planes included. */
const anything = fc.string({ unit: 'binary', maxLength: 300 });
const separator = fc.constantFrom('\n', '\n\n', '. ', '\n---\n', '\r\n');
/** Gluing with `. ` puts text on the same line: only fair for one-line cases, a YAML block or key file needs its lines. */
const joinable = (sep: string, text: string): string => (sep === '. ' && text.includes('\n') ? '\n' : sep);
const surrounding = fc.oneof(prose, benignLine, anything);

describe('planted secrets never get through', () => {
  it('whatever text surrounds them', () => {
    fc.assert(
      fc.property(surrounding, separator, fc.integer({ min: 0, max: CORPUS.length - 1 }), separator, surrounding, (before, s1, k, s2, after) => {
        const planted = CORPUS[k]!;
        const text = `${before}${joinable(s1, planted.text)}${planted.text}${joinable(s2, planted.text)}${after}`;
        expect(redactText(text)).not.toContain(planted.secret);
      }),
      { seed: SEED, numRuns: Number(process.env.REDACT_RUNS ?? 1500) },
    );
  });

  it('several at once, in any order', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: CORPUS.length - 1 }), { minLength: 2, maxLength: 8 }), separator, (picks, sep) => {
        const text = picks.map((k) => CORPUS[k]!.text).reduce((acc, t) => (acc === '' ? t : `${acc}${joinable(sep, acc + t)}${t}`), '');
        const out = redactText(text);
        for (const k of picks) expect(out).not.toContain(CORPUS[k]!.secret);
      }),
      { seed: SEED, numRuns: 300 },
    );
  });
});

describe('ordinary text is left alone', () => {
  it('random look-alike lines, in any combination', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(benignLine, prose), { minLength: 1, maxLength: 12 }), separator, (lines, sep) => {
        const text = lines.join(sep);
        expect(findSecrets(text)).toEqual([]);
      }),
      { seed: SEED, numRuns: Number(process.env.REDACT_RUNS ?? 800) },
    );
  });
});

describe('redaction is a fixpoint', () => {
  it('redacting twice changes nothing, for any text', () => {
    const mixed = fc
      .array(fc.oneof(anything, prose, benignLine, fc.constantFrom(...CORPUS.map((c) => c.text))), { maxLength: 6 })
      .map((parts) => parts.join('\n'));
    fc.assert(
      fc.property(mixed, (text) => {
        const once = redact(text).text;
        expect(redact(once).text).toBe(once);
      }),
      { seed: SEED, numRuns: 600 },
    );
  });
});

// Hang guards, not stopwatches: each job runs in a worker that is stopped, failing the test, only if it never ends.
describe('redaction finishes on 100 KB of adversarial input', () => {
  const SIZE = 100_000;
  const fill = (unit: string): string => (unit.length === 0 ? '' : unit.repeat(Math.ceil(SIZE / unit.length)).slice(0, SIZE));
  /** Units that make a pattern start, grow and fail over and over: pieces of every planted case and of every rule's sources. */
  const units = new Set<string>([
    'a',
    '"',
    "'",
    '=',
    ':',
    ' ',
    '\n',
    '\r',
    '-',
    '_',
    '/',
    '@',
    'a=',
    'k="',
    'x: ',
    '://',
    'a:b@',
    '?key=',
    ';pwd=',
    '- name: DB_PASSWORD\n',
    'password ',
    'token is ',
    'machine a ',
    'Private-Lines: 9\n',
    'kind: Secret\ndata:\n',
    'docker login -p ',
    'echo a | ',
  ]);
  for (const c of CORPUS) {
    units.add(c.text.slice(0, 12));
    units.add(c.secret.slice(0, Math.ceil(c.secret.length / 2)));
    units.add(`${c.text.slice(0, -1)} `);
  }
  for (const rule of RULES) for (const re of rule.patterns) for (const lit of re.source.match(/[A-Za-z0-9_.~$-]{3,}/g) ?? []) units.add(lit.replace(/\\/g, ''));
  const inputs = [...units].map(fill).filter((s) => s.length === SIZE);

  it(`every rule on ${inputs.length} repeated-fragment inputs`, { timeout: HANG_TEST_TIMEOUT_MS }, async () => {
    const done = await redactInWorker('rules', inputs);
    expect(done.rules).toBe(RULES.length);
    expect(done.finished).toBe(RULES.length * inputs.length);
  });

  it('the whole pipeline on random nasty mixtures', { timeout: HANG_TEST_TIMEOUT_MS }, async () => {
    const nasty = fc.array(fc.constantFrom(...[...units].slice(0, 400), 'AAAA', '0000', '\\', '{', '}', '<private>', '</private>'), {
      minLength: 1,
      maxLength: 40,
    });
    const mixtures = fc.sample(nasty, { seed: SEED, numRuns: 25 }).map((parts) => fill(parts.join('')));
    const { texts } = await redactInWorker('redact', mixtures);
    expect(texts).toHaveLength(25);
    // What comes out is final: redacting it again changes nothing.
    for (const text of texts) expect(redact(text).text).toBe(text);
  });
});
