import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { buildDigest, type Digest } from '../../src/capture/digest.js';
import { readTranscript } from '../../src/capture/transcript.js';
import { estimateTokens } from '../../src/core/tokens.js';
import type { Note } from '../../src/core/types.js';
import fc from 'fast-check';
import {
  MAX_BODY_CHARS,
  MIN_BODY_CHARS,
  bodyBudget,
  errorSummary,
  extractiveNotes,
  failureLines,
  pickDecisions,
  sessionTitle,
} from '../../src/compress/extractive.js';
import { protectedRanges, splitSentences } from '../../src/core/text-cut.js';
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
    // The title already says the whole goal, so the body does not repeat it.
    expect(op.note.body).not.toContain('Goal:');
    expect(op.note.body).toContain(
      '- We decided to use RS256 because the billing and search services must verify tokens without being able to mint them; with HS256 every verifier would hold the signing secret.',
    );
    expect(op.note.body).toContain('Outcome: Noted: access tokens live 15 minutes');
  });

  it('says which command failed and how, and whether it was fixed later', async () => {
    const { digest, sourceTokens } = await fixtureDigest('session-with-failing-command');
    const [op] = extractiveNotes(digest, { sessionId: 's-2', sourceTokens });
    expect(op?.kind === 'create' && op.note.body).toContain(
      'Failed: `cat db/migrations/001_init.sql` failed (exit 1: cat: db/migrations/001_init.sql: No such file or directory).',
    );
    expect(
      failureLines([
        { command: 'npm test', failed: true, exitCode: 1, error: 'TypeError: x is undefined' },
        { command: 'npm test', failed: false, exitCode: 0 },
      ]),
    ).toEqual(['Fixed: `npm test` failed (exit 1: TypeError: x is undefined); `npm test` then passed.']);
  });

  it('is deterministic on every fixture', async () => {
    for (const name of fs
      .readdirSync(FIXTURES)
      .filter((f) => f.endsWith('.jsonl'))
      .map((f) => f.slice(0, -'.jsonl'.length))) {
      const { digest, sourceTokens } = await fixtureDigest(name);
      const first = extractiveNotes(digest, { sessionId: '33333333-3333-4333-8333-333333333333', sourceTokens });
      expect(extractiveNotes(digest, { sessionId: '33333333-3333-4333-8333-333333333333', sourceTokens })).toEqual(first);
      expect(first[0]?.kind, name).toBe('create');
    }
  });

  it('writes nothing for a range without work, and extends the session note of an earlier range', () => {
    const empty: Digest = { prompts: ['hi'], conclusions: [], decisions: [], filesRead: [], filesModified: [], commands: [], toolErrors: [] };
    expect(extractiveNotes(empty, { sessionId: 's', sourceTokens: 100 })).toEqual([]);
    const previous = { id: 'session-x-abc123', body: 'Goal: build the parser', files: ['src/a.ts'] } as Note;
    const later: Digest = {
      ...empty,
      prompts: ['now add tests'],
      conclusions: ['Tests added because the parser had none.'],
      filesModified: ['test/a.test.ts'],
    };
    const [op] = extractiveNotes(later, { sessionId: 's', sourceTokens: 5000, previous });
    expect(op).toMatchObject({ kind: 'update', id: 'session-x-abc123', files: ['src/a.ts', 'test/a.test.ts'] });
    expect(op?.kind === 'update' && op.body).toMatch(/^Goal: build the parser\nThen: now add tests/);
    expect(op?.kind === 'update' && op.body).toContain('Outcome: Tests added because the parser had none.');
  });

  it('ranks explicit decisions above mere advice and keeps their order', () => {
    expect(pickDecisions(['You should run lint.', 'We chose pnpm over npm.', 'Always pin versions.', 'We decided on Postgres because of JSONB.'], 2)).toEqual([
      'We chose pnpm over npm.',
      'We decided on Postgres because of JSONB.',
    ]);
    expect(sessionTitle('a'.repeat(10) + ' ' + 'word '.repeat(30)).length).toBeLessThanOrEqual(82);
  });
});

/** Every transcript of the labelled set (the real-client fixtures and the hand-built ones) with its note. */
async function labelledNotes(): Promise<
  Array<{ name: string; transcript: string; digest: Digest; sourceTokens: number; title: string; body: string; written: string }>
> {
  const facts = JSON.parse(fs.readFileSync(path.join(FIXTURES, 'labelled', 'facts.json'), 'utf8')) as Record<string, unknown>;
  const out = [];
  for (const name of Object.keys(facts).filter((key) => !key.startsWith('//'))) {
    const file = path.join(FIXTURES, name);
    const transcript = fs.readFileSync(file, 'utf8');
    const digest = buildDigest((await readTranscript(file)).entries);
    const sourceTokens = estimateTokens(transcript);
    const [op] = extractiveNotes(digest, { sessionId: 's-1', sourceTokens });
    if (op?.kind !== 'create') throw new Error(`${name}: no note`);
    const written = serializeNote(buildNote(op.note, 'session-labelled-abc123', '2026-11-24'));
    out.push({ name, transcript, digest, sourceTokens, title: op.note.title, body: op.note.body ?? '', written });
  }
  return out;
}

describe('extractive notes worth reading, on the labelled set', () => {
  it('keeps decisions and outcomes as whole sentences: no line is cut in the middle', async () => {
    for (const { name, digest, body } of await labelledNotes()) {
      expect(body, name).not.toMatch(/chars cut|…$/m);
      const decisions = digest.decisions.map((d) => d.replace(/\s+/g, ' ').trim());
      for (const line of body.split('\n').filter((l) => l.startsWith('- '))) expect(decisions, `${name}: ${line}`).toContain(line.slice(2));
      const outcome = body.split('\n').find((l) => l.startsWith('Outcome: '));
      const last = (digest.conclusions.at(-1) ?? '').replace(/\s+/g, ' ');
      if (outcome) expect(last.startsWith(outcome.slice('Outcome: '.length)) || splitSentences(last).some((s) => outcome.includes(s)), name).toBe(true);
    }
  });

  it('keeps the outcome whenever the last conclusion says something the decisions do not', async () => {
    for (const { name, digest, body } of await labelledNotes()) {
      const last = digest.conclusions.at(-1);
      if (!last) continue;
      const said = splitSentences(last).every((s) => body.includes(s));
      expect(body.includes('Outcome: ') || said, name).toBe(true);
    }
  });

  it('drops the Goal line exactly when the title already says the whole goal', async () => {
    for (const { name, title, body } of await labelledNotes()) {
      const goal = body.split('\n').find((l) => l.startsWith('Goal: '));
      if (goal) expect(title.endsWith('…') || title.length < `Session: ${goal.slice(6)}`.length, name).toBe(true);
      else expect(title.endsWith('…'), name).toBe(false);
    }
  });

  it('never breaks a #123 reference, a code span or a path: every one in the note is in the transcript whole', async () => {
    for (const { name, transcript, title, body } of await labelledNotes()) {
      const source = JSON.parse(`[${transcript.trim().split('\n').join(',')}]`) as unknown[];
      const text = JSON.stringify(source).replace(/\\"/g, '"').replace(/\\n/g, '\n');
      for (const part of [title, body]) {
        for (const [start, end] of protectedRanges(part)) {
          const token = part.slice(start, end).replace(/^`|`$/g, '');
          expect(text, `${name}: ${token}`).toContain(token);
        }
      }
    }
  });

  it('keeps issue references in titles', () => {
    expect(sessionTitle('The date tests fail on CI. See #412. Can you find out why this happens on every run?')).toBe(
      'Session: The date tests fail on CI. See #412.',
    );
    expect(sessionTitle('Remove the new_checkout flag')).toBe('Session: Remove the new_checkout flag');
  });

  it('makes room for the goal, three decisions and the outcome, up to the ceiling', () => {
    expect(bodyBudget(100)).toBe(MIN_BODY_CHARS);
    expect(bodyBudget(100, 900)).toBe(900);
    expect(bodyBudget(100, 5000)).toBe(MAX_BODY_CHARS);
    expect(bodyBudget(1_000_000)).toBe(MAX_BODY_CHARS);
  });

  it('is a few percent of the transcript on average over the set (≤ 5 %), front matter included', async () => {
    const notes = await labelledNotes();
    const ratio = notes.reduce((sum, n) => sum + estimateTokens(n.written), 0) / notes.reduce((sum, n) => sum + n.sourceTokens, 0);
    expect(ratio).toBeLessThanOrEqual(0.05);
    for (const { name, body } of notes) expect(body.length, name).toBeLessThanOrEqual(MAX_BODY_CHARS);
  });

  it('names the error of a failed command by its telling line, whole', () => {
    expect(errorSummary('RUN v1\n ✓ a.test.ts\n ❯ b.test.ts (3 tests | 1 failed)\nAssertionError: expected 1 to be 2\n ❯ b.test.ts:20:3')).toBe(
      'AssertionError: expected 1 to be 2',
    );
    expect(errorSummary('npm http fetch GET 200 x\nnpm ERR! code 1')).toBe('npm ERR! code 1');
    expect(errorSummary(`Error: ${'word '.repeat(60)}`)).toBe('');
    expect(
      failureLines([
        { command: 'TZ=UTC npm test', failed: true, exitCode: 1, error: 'AssertionError: expected 1 to be 2' },
        { command: 'npm test -- x', failed: true, exitCode: 1, error: 'AssertionError: again' },
        { command: 'npm test', failed: false, exitCode: 0 },
      ]),
    ).toEqual(['Fixed: `TZ=UTC npm test` failed (exit 1: AssertionError: expected 1 to be 2); `npm test` then passed.']);
  });
});

describe('extractive notes from any digest', () => {
  const sentence = fc
    .array(
      fc.constantFrom('we', 'decided', 'to', 'use', '`npm run build`', 'src/a/b.ts', '#42', 'because', 'it', 'is', 'fast', 'instead', 'of', 'root', 'cause'),
      { minLength: 3, maxLength: 60, size: 'large' },
    )
    .map((words) => `${words.join(' ')}.`);
  const digest = fc.record({
    prompts: fc.array(
      fc.array(sentence, { minLength: 1, maxLength: 4 }).map((s) => s.join(' ')),
      { minLength: 1, maxLength: 4 },
    ),
    conclusions: fc.array(
      fc.array(sentence, { minLength: 1, maxLength: 4 }).map((s) => s.join(' ')),
      { maxLength: 4 },
    ),
    decisions: fc.array(sentence, { maxLength: 8 }),
    filesRead: fc.constant([] as string[]),
    filesModified: fc.array(fc.constantFrom('src/a.ts', 'README.md'), { maxLength: 2 }),
    commands: fc.array(
      fc.record({
        command: fc.constantFrom('npm test', 'npx tsc', 'make'),
        failed: fc.boolean(),
        exitCode: fc.constantFrom(0, 1, 2),
        error: fc.option(sentence, { nil: undefined }),
      }),
      { maxLength: 4 },
    ),
    toolErrors: fc.constant([] as string[]),
  });

  it('stays under the ceiling, keeps each decision whole, and never cuts a line in the middle', () => {
    fc.assert(
      fc.property(digest, fc.integer({ min: 10, max: 200_000 }), (d, sourceTokens) => {
        const [op] = extractiveNotes(d, { sessionId: 's', sourceTokens });
        if (op?.kind !== 'create') return;
        const body = op.note.body ?? '';
        expect(body.length).toBeLessThanOrEqual(MAX_BODY_CHARS + 400); // the most important line always stays
        expect(body).not.toContain('chars cut');
        for (const line of body.split('\n').filter((l) => l.startsWith('- '))) expect(d.decisions).toContain(line.slice(2));
      }),
    );
  });
});
