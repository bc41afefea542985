import { describe, expect, it } from 'vitest';
import { findSecrets, findSecretsChunked, reportSecrets, secretReason } from '../../../src/core/redact/index.js';
import { PLANTED_SECRETS } from '../../fixtures/secrets/planted.js';
import { TUNING_SEED, secretCorpus } from '../../fixtures/secrets/corpus.js';

const gh = 'gh' + 'p_' + 'Rw7'.repeat(12);
const pw = 'Tangerine-Orbit-4471';

describe('reportSecrets', () => {
  it('names the kind and the line, and masks every finding on that line', () => {
    const text = `title: Deploy\n\nthe token ${gh} and DB_PASSWORD=${pw}\nlast line`;
    const reports = reportSecrets(text);
    expect(reports.map((r) => [r.kind, r.line])).toEqual([
      ['github-token', 3],
      ['password-assignment', 3],
    ]);
    for (const r of reports) {
      expect(r.context).toBe('the token [REDACTED:github-token] and DB_PASSWORD=[REDACTED:password-assignment]');
    }
  });

  it('never prints any part of a neighbouring secret (the old "near …" context leaked 15 characters)', () => {
    for (const p of PLANTED_SECRETS) {
      const text = `${p.text} ${PLANTED_SECRETS[0]!.text}\n${p.text}`;
      for (const r of reportSecrets(text)) {
        const reason = secretReason(r);
        for (const q of PLANTED_SECRETS) {
          // Any 8-character piece of a planted secret in the output is a leak.
          for (let i = 0; i + 8 <= q.secret.length; i += 4) expect(reason, `${p.kind}: ${reason}`).not.toContain(q.secret.slice(i, i + 8));
        }
      }
    }
  });

  it('escapes control characters in the context', () => {
    const [r] = reportSecrets(`\u001b[31mred\u0007 token=${gh}\r`);
    expect(r?.context).not.toMatch(/[\u0000-\u001f]/);
    expect(r?.context).toContain('\\u001b[31mred\\u0007');
  });

  it('clips long lines around the finding', () => {
    const [r] = reportSecrets(`${'word '.repeat(200)}DB_PASSWORD=${pw} ${'tail '.repeat(200)}`);
    expect(r?.context.length).toBeLessThanOrEqual(102);
    expect(r?.context).toContain('[REDACTED:password-assignment]');
  });
});

describe('findSecretsChunked', () => {
  it('finds a secret far past the first megabyte', () => {
    const text = `${'filler text, nothing secret. '.repeat(120_000)}\ntoken ${gh}\n`;
    expect(text.length).toBeGreaterThan(3 * 1024 * 1024);
    const found = findSecretsChunked(text);
    expect(found.map((f) => f.kind)).toEqual(['github-token']);
    expect(reportSecrets(text)[0]?.line).toBe(2);
  });

  it('agrees with a single scan when secrets straddle chunk borders', () => {
    const corpus = secretCorpus(TUNING_SEED, 1);
    const text = corpus.map((c) => c.text).join('\n--\n');
    const whole = findSecrets(text);
    for (const chunkSize of [997, 4096, 65_536]) {
      expect(findSecretsChunked(text, { chunkSize, overlap: 2048 }), `chunk ${chunkSize}`).toEqual(whole);
    }
  });
});
