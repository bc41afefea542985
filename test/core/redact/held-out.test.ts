/**
 * The held-out corpus: the same formats and shapes as the tuning corpus, planted with another seed (other random
 * bodies, other surroundings), never looked at while the rules were written. `REDACT_REPORT=1` prints
 * caught/planted per kind.
 */
import { describe, expect, it } from 'vitest';
import { redactText } from '../../../src/core/redact/index.js';
import { HELD_OUT_SEED, secretCorpus } from '../../fixtures/secrets/corpus.js';

describe('held-out corpus', () => {
  const corpus = secretCorpus(HELD_OUT_SEED, 3);

  it('has at least 200 secrets across 60+ kinds, and catches them', () => {
    const byKind = new Map<string, { planted: number; caught: number; missed: string[] }>();
    for (const c of corpus) {
      const row = byKind.get(c.shape === 'structure' || c.shape.startsWith('vendor') ? c.kind : c.shape) ?? { planted: 0, caught: 0, missed: [] };
      row.planted++;
      if (redactText(c.text).includes(c.secret)) row.missed.push(c.text.length > 120 ? `${c.text.slice(0, 120)}…` : c.text);
      else row.caught++;
      byKind.set(c.shape === 'structure' || c.shape.startsWith('vendor') ? c.kind : c.shape, row);
    }
    const planted = corpus.length;
    const caught = [...byKind.values()].reduce((n, r) => n + r.caught, 0);
    if (process.env.REDACT_REPORT) {
      const lines = [...byKind.entries()]
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([kind, r]) => `${kind}\t${r.caught}/${r.planted}${r.missed.length ? `\tmissed: ${r.missed.join(' | ')}` : ''}`);
      console.log(`held-out: ${caught}/${planted} caught across ${byKind.size} kinds\n${lines.join('\n')}`);
    }
    expect(planted).toBeGreaterThanOrEqual(200);
    expect(byKind.size).toBeGreaterThanOrEqual(60);
    expect(caught / planted).toBeGreaterThanOrEqual(0.98);
  });
});
