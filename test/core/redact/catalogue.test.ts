import { describe, expect, it } from 'vitest';
import { SECRET_RULES, findSecrets, placeholderFor, redact } from '../../../src/core/redact/index.js';
import { PLANTED_SECRETS } from '../../fixtures/secrets/planted.js';
import { TUNING_SEED, secretCorpus } from '../../fixtures/secrets/corpus.js';

const CORPUS = secretCorpus(TUNING_SEED);

describe('SECRET_RULES catalogue', () => {
  it('has at least 150 uniquely named kinds with descriptions and global patterns', () => {
    const kinds = SECRET_RULES.map((r) => r.kind);
    expect(new Set(kinds).size).toBe(kinds.length);
    expect(kinds.length).toBeGreaterThanOrEqual(150);
    for (const rule of SECRET_RULES) {
      expect(rule.kind).toMatch(/^[a-z0-9-]+$/);
      expect(rule.description.length).toBeGreaterThan(10);
      expect(rule.patterns.length).toBeGreaterThan(0);
      for (const re of rule.patterns) expect(re.flags).toContain('g');
    }
  });

  it('exposes copies, so callers exec()-ing a pattern cannot disturb scanning', () => {
    const gh = 'gh' + 'p_' + 'Mn4'.repeat(12);
    const text = `${gh} and more text after it`;
    for (const rule of SECRET_RULES) for (const re of rule.patterns) re.lastIndex = text.length - 1;
    expect(findSecrets(text).map((f) => f.kind)).toEqual(['github-token']);
    for (const rule of SECRET_RULES) for (const re of rule.patterns) re.lastIndex = 0;
  });

  it('has a planted example for every kind', () => {
    const planted = new Set([...PLANTED_SECRETS, ...CORPUS].map((p) => p.kind));
    const missing = SECRET_RULES.map((r) => r.kind).filter((k) => !planted.has(k));
    expect(missing).toEqual([]);
  });
});

describe('planted secrets', () => {
  it.each(PLANTED_SECRETS.map((p, i) => [i, p.kind, p.text, p.secret] as const))('#%i %s is detected and removed', (_i, kind, text, secret) => {
    const at = text.indexOf(secret);
    const findings = findSecrets(text);
    const covering = findings.find((f) => f.start <= at && f.end >= at + secret.length);
    expect(covering, `no finding covers the secret in: ${text}`).toBeDefined();
    expect(covering?.kind).toBe(kind);

    const out = redact(text).text;
    expect(out).not.toContain(secret);
    expect(out).toContain(placeholderFor(kind));
  });

  it('keeps findings sorted and non-overlapping', () => {
    const all = PLANTED_SECRETS.map((p) => p.text).join('\n\n');
    const findings = findSecrets(all);
    for (let i = 1; i < findings.length; i++) {
      expect(findings[i]!.start).toBeGreaterThanOrEqual(findings[i - 1]!.end);
    }
    const out = redact(all).text;
    for (const p of PLANTED_SECRETS) expect(out).not.toContain(p.secret);
  });
});

describe('seeded corpus (tuning seed)', () => {
  it.each(CORPUS.map((c, i) => [i, c.kind, c.text, c.secret] as const))('#%i %s is detected, named and removed', (_i, kind, text, secret) => {
    const at = text.indexOf(secret);
    const covering = findSecrets(text).find((f) => f.start <= at && f.end >= at + secret.length);
    expect(covering, `no finding covers the secret in: ${text}`).toBeDefined();
    expect(covering?.kind).toBe(kind);
    expect(redact(text).text).not.toContain(secret);
  });
});
