/**
 * What must stay untouched: seeded look-alikes of many shapes (hashes, ids, versions, paths, this tool's note
 * ids), and the installed dependencies' own code and docs, measured in false positives per 10,000 lines.
 * `REDACT_REPORT=1` prints the figures and every finding (by kind and file, the value masked).
 */
import { describe, expect, it } from 'vitest';
import { findSecrets } from '../../../src/core/redact/index.js';
import { benignLines } from '../../fixtures/ordinary/benign.js';
import { ordinaryCode, ordinaryProse, type OrdinaryFile } from '../../fixtures/ordinary/files.js';
import { TUNING_SEED } from '../../fixtures/secrets/corpus.js';

describe('seeded look-alikes', () => {
  it.each(benignLines(TUNING_SEED).map((b, i) => [i, b.shape, b.text] as const))('#%i %s: %j', (_i, _shape, text) => {
    expect(findSecrets(text)).toEqual([]);
  });
});

function measure(files: OrdinaryFile[]): { lines: number; findings: number; perTenThousand: number; detail: string[] } {
  let lines = 0;
  const detail: string[] = [];
  for (const file of files) {
    lines += file.text.split('\n').length;
    for (const f of findSecrets(file.text)) detail.push(`${f.kind} ${file.path} (${f.end - f.start} chars)`);
  }
  return { lines, findings: detail.length, perTenThousand: (detail.length / lines) * 10_000, detail };
}

describe('ordinary code and prose from the dependencies', () => {
  it('code: at most 2 findings per 10,000 lines', () => {
    const m = measure(ordinaryCode());
    if (process.env.REDACT_REPORT)
      console.log(`code: ${m.lines} lines, ${m.findings} findings, ${m.perTenThousand.toFixed(2)} per 10k\n${m.detail.join('\n')}`);
    expect(m.lines).toBeGreaterThan(50_000);
    expect(m.perTenThousand).toBeLessThanOrEqual(2);
  });

  it('prose: at most 4 findings per 10,000 lines', () => {
    const m = measure(ordinaryProse());
    if (process.env.REDACT_REPORT)
      console.log(`prose: ${m.lines} lines, ${m.findings} findings, ${m.perTenThousand.toFixed(2)} per 10k\n${m.detail.join('\n')}`);
    expect(m.lines).toBeGreaterThan(20_000);
    expect(m.perTenThousand).toBeLessThanOrEqual(4);
  });
});

describe("this tool's own note ids and file names", () => {
  // Titles of the kinds notes get: words, versions, numbers, error codes, file names.
  const VOCAB = [
    'redis',
    'session',
    'store',
    'ttl',
    'fix',
    '404',
    'on',
    'v2',
    'search',
    'use',
    'pnpm',
    'for',
    'the',
    'monorepo',
    'oauth2',
    'pkce',
    'jwt',
    'rs256',
    'migrate',
    'auth',
    'to',
    'k8s',
    'deploy',
    'key',
    'rotation',
    'retry',
    'budget',
    'x509',
    'cert',
    'expiry',
    '2024',
    'q3',
    'sha256',
    'cache',
    'utf8',
    'bug',
    'in',
    'parser',
    'api',
    'rate',
    'limit',
    'e2e',
    'tests',
    'flaky',
  ];
  it('none of 3,000 generated ids, in front matter or as file names, is flagged', async () => {
    const { makeId } = await import('../../../src/store/id.js');
    const { Gen } = await import('../../fixtures/secrets/gen.js');
    const g = new Gen(TUNING_SEED);
    const flagged: string[] = [];
    for (let n = 0; n < 3000; n++) {
      const title = Array.from({ length: g.range(2, 9) }, () => g.pick(VOCAB)).join(' ');
      const id = makeId(title, g.lowerAlnum(8));
      const text = `---\nid: ${id}\ntitle: ${title}\ntype: fact\nsupersedes: [${id}]\n---\nSee ${id} and .claude-memory/notes/ops/${id}.md\n`;
      if (findSecrets(text).length) flagged.push(id);
    }
    expect(flagged).toEqual([]);
  });
});
