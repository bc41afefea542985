/** The guard's secret checks, on staged content directly (the hook itself is exercised in guard.test.ts). */
import { describe, expect, it } from 'vitest';
import { checkStagedFile } from '../../src/git/guard.js';
import { secretProblems } from '../../src/store/lint.js';
import { makeId } from '../../src/store/id.js';
import { PLANTED_SECRETS } from '../fixtures/secrets/planted.js';
import { TUNING_SEED, secretCorpus } from '../fixtures/secrets/corpus.js';

const notePath = (id: string) => `.claude-memory/notes/ops/${id}.md`;
const noteText = (id: string, title: string, body: string) => `---\nid: ${id}\ntitle: ${title}\ntype: fact\n---\n${body}\n`;
const secretReasons = (file: string, text: string) =>
  checkStagedFile(file, Buffer.from(text))
    .filter((f) => f.reason.startsWith('looks like a secret'))
    .map((f) => f.reason);

describe('guard: secrets in staged memory files', () => {
  it('refuses a token that comes after the first megabyte of a file', () => {
    const gh = PLANTED_SECRETS.find((p) => p.kind === 'github-token')!;
    const text = `# Index\n${'- a line of the generated index, nothing secret\n'.repeat(40_000)}${gh.text}\n`;
    expect(text.length).toBeGreaterThan(1024 * 1024);
    const reasons = secretReasons('.claude-memory/INDEX.md', text);
    expect(reasons).toHaveLength(1);
    expect(reasons[0]).toMatch(/^looks like a secret \(github-token\) on line 40002: /);
    expect(reasons[0]).not.toContain(gh.secret);
  });

  it("passes the tool's own generated note ids and file names", () => {
    const titles = [
      'Redis session store TTL',
      'Fix 404 on /v2/search',
      'OAuth2 PKCE flow for the CLI',
      'Migrate auth to JWT (RS256)',
      'x509 cert expiry in q3 2024',
    ];
    for (let i = 0; i < 400; i++) {
      const title = `${titles[i % titles.length]} ${i}`;
      const id = makeId(title);
      expect(checkStagedFile(notePath(id), Buffer.from(noteText(id, title, `Related: ${id}.`))), id).toEqual([]);
    }
  });

  it('reports the kind, the line and a masked context, never any part of the secret', () => {
    for (const p of PLANTED_SECRETS) {
      const id = makeId('Deploy settings');
      for (const reason of secretReasons(notePath(id), noteText(id, 'Deploy settings', `Notes:\n\n${p.text}\n`))) {
        for (let i = 0; i + 8 <= p.secret.length; i += 4) expect(reason, p.kind).not.toContain(p.secret.slice(i, i + 8));
      }
    }
  });
});

describe('guard and lint agree', () => {
  it('give the same findings for the same note text', () => {
    const cases = [...PLANTED_SECRETS, ...secretCorpus(TUNING_SEED, 1)];
    for (const c of cases) {
      const id = makeId(`Note about ${c.kind}`);
      const text = noteText(id, `Note about ${c.kind}`, c.text);
      const fromGuard = secretReasons(notePath(id), text);
      const fromLint = secretProblems(notePath(id), text).map((p) => p.reason);
      expect(fromGuard.length, c.kind).toBeGreaterThan(0);
      expect(fromLint, c.kind).toEqual(fromGuard);
    }
  });
});
