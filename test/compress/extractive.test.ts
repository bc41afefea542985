import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { buildDigest, type Digest } from '../../src/capture/digest.js';
import { readTranscript } from '../../src/capture/transcript.js';
import { estimateTokens } from '../../src/core/tokens.js';
import type { Note } from '../../src/core/types.js';
import { extractiveNotes, failureLines, pickDecisions, sessionTitle } from '../../src/compress/extractive.js';
import { buildNote } from '../../src/store/notes.js';
import { serializeNote } from '../../src/store/serialize.js';

const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'transcripts');

async function fixtureDigest(name: string): Promise<{ digest: Digest; sourceTokens: number; file: string }> {
  const file = path.join(FIXTURES, `${name}.jsonl`);
  return { digest: buildDigest((await readTranscript(file)).entries), sourceTokens: estimateTokens(fs.readFileSync(file, 'utf8')), file };
}

describe('extractive notes from real transcripts', () => {
  it('writes one session note with the goal, the decision and its reason, and the changed file', async () => {
    const { digest, sourceTokens } = await fixtureDigest('session-with-decision-multi-prompt');
    const [op, ...rest] = extractiveNotes(digest, { sessionId: 's-1', sourceTokens });
    expect(rest).toEqual([]);
    expect(op?.kind).toBe('create');
    if (op?.kind !== 'create') return;
    expect(op.note).toMatchObject({ type: 'session', topic: 'sessions', files: ['config/auth.json'], source: { session: 's-1' } });
    expect(op.note.title).toBe('Session: We need to sign the API access tokens. HS256 or RS256?');
    expect(op.note.body).toMatch(/^Goal: We need to sign the API access tokens/);
    expect(op.note.body).toContain('We decided to use RS256 because the billing and search services must verify tokens');
    expect(op.note.body).toContain('15 minutes');
  });

  it('says which command failed and how, and whether it was fixed later', async () => {
    const { digest, sourceTokens } = await fixtureDigest('session-with-failing-command');
    const [op] = extractiveNotes(digest, { sessionId: 's-2', sourceTokens });
    expect(op?.kind === 'create' && op.note.body).toContain('Failed: `cat db/migrations/001_init.sql` failed (exit 1: cat: db/migrations/001_init.sql: No such file or directory).');
    expect(
      failureLines([
        { command: 'npm test', failed: true, exitCode: 1, error: 'TypeError: x is undefined' },
        { command: 'npm test', failed: false, exitCode: 0 },
      ]),
    ).toEqual(['Fixed: `npm test` failed (exit 1: TypeError: x is undefined); `npm test` then passed.']);
  });

  it('is deterministic and, front matter included, stays at or under 5 % of the transcript on every fixture', async () => {
    for (const name of fs.readdirSync(FIXTURES).filter((f) => f.endsWith('.jsonl')).map((f) => f.slice(0, -'.jsonl'.length))) {
      const { digest, sourceTokens } = await fixtureDigest(name);
      const first = extractiveNotes(digest, { sessionId: '33333333-3333-4333-8333-333333333333', sourceTokens });
      expect(extractiveNotes(digest, { sessionId: '33333333-3333-4333-8333-333333333333', sourceTokens })).toEqual(first);
      const op = first[0];
      expect(op?.kind, name).toBe('create');
      if (op?.kind !== 'create') continue;
      const written = serializeNote(buildNote(op.note, 'session-we-need-to-sign-the-api-access-tokens-abc123', '2026-11-24'));
      expect(estimateTokens(written) / sourceTokens, name).toBeLessThanOrEqual(0.05);
    }
  });

  it('writes nothing for a range without work, and extends the session note of an earlier range', () => {
    const empty: Digest = { prompts: ['hi'], conclusions: [], decisions: [], filesRead: [], filesModified: [], commands: [], toolErrors: [] };
    expect(extractiveNotes(empty, { sessionId: 's', sourceTokens: 100 })).toEqual([]);
    const previous = { id: 'session-x-abc123', body: 'Goal: build the parser', files: ['src/a.ts'] } as Note;
    const later: Digest = { ...empty, prompts: ['now add tests'], conclusions: ['Tests added because the parser had none.'], filesModified: ['test/a.test.ts'] };
    const [op] = extractiveNotes(later, { sessionId: 's', sourceTokens: 5000, previous });
    expect(op).toMatchObject({ kind: 'update', id: 'session-x-abc123', files: ['src/a.ts', 'test/a.test.ts'] });
    expect(op?.kind === 'update' && op.body).toMatch(/^Goal: build the parser\nThen: now add tests/);
  });

  it('ranks explicit decisions above mere advice and keeps their order', () => {
    expect(pickDecisions(['You should run lint.', 'We chose pnpm over npm.', 'Always pin versions.', 'We decided on Postgres because of JSONB.'], 2)).toEqual([
      'We chose pnpm over npm.',
      'We decided on Postgres because of JSONB.',
    ]);
    expect(sessionTitle('a'.repeat(10) + ' ' + 'word '.repeat(30)).length).toBeLessThanOrEqual(82);
  });
});
