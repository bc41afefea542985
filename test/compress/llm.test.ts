/**
 * The model path end to end: the real `@anthropic-ai/sdk` against the local fake Messages API, real files, a real
 * git repository. Nothing is mocked; failures are produced by the fake server.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { readCursor } from '../../src/capture/cursor.js';
import { compressPending, compressTranscript } from '../../src/flows/compress-session.js';
import { listJobs } from '../../src/compress/pending.js';
import { readUsage, totalTokens } from '../../src/compress/usage.js';
import { statsWithUsage } from '../../src/surfaces/api/open-memory.js';
import { lintNotes } from '../../src/store/lint.js';
import { addNote, findNote } from '../../src/store/notes.js';
import { startFakeAnthropic, requestText, type FakeAnthropic, type FakeHandler } from '../helpers/fake-anthropic.js';
import { copyTranscript, memoryToolUse, noteFiles, repoWithConfig, removeScratch, scratchDir } from './compress-repo.js';

const SESSION = '33333333-3333-4333-8333-333333333333';
let fake: FakeAnthropic | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

async function serve(handler: FakeHandler) {
  fake = await startFakeAnthropic(handler);
  // The transcripts are copied to temp folders, not where Claude Code keeps them: name those for queued retries.
  return { fake, env: { ANTHROPIC_API_KEY: 'test-key', ANTHROPIC_BASE_URL: fake.url, CLAUDE_MEMORY_TRANSCRIPT_DIRS: os.tmpdir() } };
}

const rs256 = {
  title: 'Access tokens are signed with RS256',
  type: 'decision',
  topic: 'auth',
  body: 'Verifiers (billing, search) hold only the public key, so they cannot mint tokens.',
  files: ['config/auth.json'],
};

afterAll(removeScratch);

describe('compression through the Messages API', () => {
  it('sends one forced record_memories request with the cached fixed part and related notes, and writes what comes back', async () => {
    const root = repoWithConfig();
    const old = addNote(root, {
      title: 'Access tokens are signed with HS256',
      type: 'decision',
      topic: 'auth',
      body: 'One shared secret signs and verifies API access tokens.',
    });
    const transcript = copyTranscript('session-with-decision-multi-prompt', SESSION, scratchDir());
    const { fake, env } = await serve(() =>
      memoryToolUse([
        { ...rs256, supersedes: [old.id] },
        { title: 'Access tokens live 15 minutes', type: 'fact', topic: 'auth', body: 'Refresh tokens are out of scope for now.' },
      ]),
    );

    const result = await compressTranscript(root, { transcriptPath: transcript, sessionId: SESSION, env });

    expect(result.path).toBe('llm');
    expect(result.created).toHaveLength(2);
    expect(result.updated).toEqual([old.id]);
    expect(fake.requests).toHaveLength(1);
    const body = fake.requests[0]!.body!;
    expect(body.tool_choice).toEqual({ type: 'tool', name: 'record_memories' });
    expect(body.tools?.map((t) => t.name)).toEqual(['record_memories']);
    expect((body.system as Array<Record<string, unknown>>)[0]!.cache_control).toEqual({ type: 'ephemeral' });
    expect(body.max_tokens).toBe(555); // 18,496 bytes ≈ 4,624 tokens: a 185-token note budget, three times that for the call
    expect(requestText(body)).toContain(old.id);
    expect(requestText(body)).toContain('We decided to use RS256 because');

    const created = findNote(root, result.created[0]!).note!;
    expect(created).toMatchObject({ title: rs256.title, type: 'decision', topic: 'auth', supersedes: [old.id], source: { session: SESSION } });
    expect(findNote(root, old.id).note!.status).toBe('superseded');
    expect(lintNotes(root).problems).toEqual([]);
    expect(readCursor(root, SESSION)?.offset).toBe(fs.statSync(transcript).size);

    const usage = readUsage(root).sessions[SESSION]!;
    expect(usage.requests).toBe(1);
    expect(totalTokens(usage)).toBeGreaterThan(0);
    expect(statsWithUsage(root).usage.recent[0]).toMatchObject({ session: SESSION, requests: 1 });

    // Nothing new in the transcript: no request, no note.
    const again = await compressTranscript(root, { transcriptPath: transcript, sessionId: SESSION, env });
    expect(again.path).toBe('nothing');
    expect(fake.requests).toHaveLength(1);
  });

  it("rides out 500s and a 429 with retry-after through the SDK's own retries", async () => {
    const root = repoWithConfig({ maxRetries: 3 });
    const transcript = copyTranscript('session-with-bash-and-write', SESSION, scratchDir());
    const replies = [{ status: 500 }, { status: 429, headers: { 'retry-after': '0.1' } }, { status: 529 }];
    const { fake, env } = await serve(
      () =>
        replies.shift() ??
        memoryToolUse([{ title: 'The project pins Node 20 in .nvmrc', type: 'convention', body: 'Use the Node version in .nvmrc (20).', files: ['.nvmrc'] }]),
    );

    const result = await compressTranscript(root, { transcriptPath: transcript, sessionId: SESSION, env });
    expect(result.path).toBe('llm');
    expect(fake.requests).toHaveLength(4);
    expect(noteFiles(root)).toHaveLength(1);
  });

  it('never writes a broken note from malformed tool input: bad notes are dropped, an unusable answer falls back to the extractive note', async () => {
    const root = repoWithConfig();
    const dir = scratchDir();
    const { env } = await serve((req) =>
      requestText(req.body).includes('Run the migrations')
        ? memoryToolUse([{ title: 42 }, { title: 'x', type: 'fact' }, 'junk'])
        : {
            content: [
              {
                type: 'tool_use',
                name: 'record_memories',
                input: { notes: [{ ...rs256 }, { title: 'escape', type: 'fact', body: 'x', files: ['../../../etc/passwd'] }] },
              },
            ],
          },
    );

    const allBad = await compressTranscript(root, { transcriptPath: copyTranscript('session-with-failing-command', 'bad-1', dir), sessionId: 'bad-1', env });
    expect(allBad.path).toBe('extractive');
    expect(allBad.reason).toMatch(/unusable record_memories input/);
    expect(findNote(root, allBad.created[0]!).note).toMatchObject({ type: 'session', title: 'Session: Run the migrations.' });

    const partly = await compressTranscript(root, {
      transcriptPath: copyTranscript('session-with-decision-multi-prompt', 'bad-2', dir),
      sessionId: 'bad-2',
      env,
    });
    expect(partly.path).toBe('llm');
    expect(partly.created).toHaveLength(1);
    expect(lintNotes(root).problems).toEqual([]);
    const log = fs.readFileSync(path.join(root, '.claude-memory', '.cache', 'log.jsonl'), 'utf8');
    expect(log).toContain('dropped invalid notes from the model');
  });

  it('loses nothing when the API stays down: the range is queued (no text), then --pending and the next run write it once', async () => {
    const root = repoWithConfig({ timeoutMs: 300, maxRetries: 1 });
    const dir = scratchDir();
    const transcript = copyTranscript('session-with-decision-multi-prompt', SESSION, dir);
    let down = true;
    const { fake, env } = await serve(() => (down ? { hang: true } : memoryToolUse([rs256])));

    const queued = await compressTranscript(root, { transcriptPath: transcript, sessionId: SESSION, env });
    expect(queued.path).toBe('queued');
    expect(queued.reason).toMatch(/timed out|timeout/i);
    expect(fake.requests).toHaveLength(2); // the first try and the one retry
    expect(noteFiles(root)).toEqual([]);
    expect(readCursor(root, SESSION)?.offset).toBe(fs.statSync(transcript).size);
    const { jobs } = listJobs(root);
    expect(jobs).toHaveLength(1);
    expect(Object.keys(jobs[0]!).sort()).toEqual(['attempts', 'createdAt', 'fromOffset', 'id', 'lastError', 'sessionId', 'toOffset', 'transcriptPath']);
    expect(fs.readFileSync(path.join(root, '.claude-memory', '.cache', 'pending', `${jobs[0]!.id}.json`), 'utf8')).not.toContain('RS256');

    // Still down: the job stays, with one more attempt.
    expect((await compressPending(root, { env })).remaining).toBe(1);
    expect(listJobs(root).jobs[0]!.attempts).toBe(2);

    down = false;
    const drained = await compressPending(root, { env });
    expect(drained.remaining).toBe(0);
    expect(drained.results[0]).toMatchObject({ path: 'llm' });
    expect(noteFiles(root)).toHaveLength(1);
    expect((await compressPending(root, { env })).results).toEqual([]);
    expect(noteFiles(root)).toHaveLength(1);
  });

  it('retries queued work on the next successful run of the same or another session', async () => {
    const root = repoWithConfig({ timeoutMs: 300, maxRetries: 0 });
    const dir = scratchDir();
    let down = true;
    const { env } = await serve((req) =>
      down
        ? { status: 503 }
        : memoryToolUse([{ title: requestText(req.body).includes('RS256') ? 'Tokens use RS256' : 'Node 20 is pinned', type: 'fact', body: 'b' }]),
    );
    expect(
      (await compressTranscript(root, { transcriptPath: copyTranscript('session-with-decision-multi-prompt', 'first', dir), sessionId: 'first', env })).path,
    ).toBe('queued');
    down = false;
    const next = await compressTranscript(root, { transcriptPath: copyTranscript('session-with-bash-and-write', 'second', dir), sessionId: 'second', env });
    expect(next.path).toBe('llm');
    expect(next.created).toHaveLength(2);
    expect(listJobs(root).jobs).toEqual([]);
  });

  it('does not write a range twice when a run dies after writing its notes but before moving the cursor', async () => {
    const root = repoWithConfig();
    const transcript = copyTranscript('session-with-bash-and-write', SESSION, scratchDir());
    const { fake, env } = await serve(() => memoryToolUse([{ title: 'The project pins Node 20 in .nvmrc', type: 'convention', body: 'b' }]));
    await compressTranscript(root, { transcriptPath: transcript, sessionId: SESSION, env });
    fs.rmSync(path.join(root, '.claude-memory', '.cache', 'cursors'), { recursive: true });
    const redo = await compressTranscript(root, { transcriptPath: transcript, sessionId: SESSION, env });
    expect(redo.path).toBe('nothing');
    expect(fake.requests).toHaveLength(1);
    expect(noteFiles(root)).toHaveLength(1);
  });

  it('uses the extractive path past the token ceiling, without a key, and when the key is refused', async () => {
    const dir = scratchDir();
    const capped = repoWithConfig({ maxTokensPerSession: 50 });
    const { fake, env } = await serve((req) => (JSON.stringify(req.headers).includes('bad-key') ? { status: 401 } : memoryToolUse([rs256])));
    const over = await compressTranscript(capped, { transcriptPath: copyTranscript('session-with-failing-command', 'cap', dir), sessionId: 'cap', env });
    expect(over).toMatchObject({ path: 'extractive' });
    expect(over.reason).toMatch(/session budget/);
    expect(fake.requests).toHaveLength(0);

    const root = repoWithConfig();
    const noKey = await compressTranscript(root, {
      transcriptPath: copyTranscript('session-with-failing-command', 'nokey', dir),
      sessionId: 'nokey',
      env: { ANTHROPIC_BASE_URL: fake.url },
    });
    expect(noKey).toMatchObject({ path: 'extractive', reason: 'no API key in ANTHROPIC_API_KEY or ANTHROPIC_AUTH_TOKEN; no claude binary on PATH' });

    const refused = await compressTranscript(root, {
      transcriptPath: copyTranscript('session-with-bash-and-write', 'refused', dir),
      sessionId: 'refused',
      env: { ...env, ANTHROPIC_API_KEY: 'bad-key' },
    });
    expect(refused.path).toBe('extractive');
    expect(refused.reason).toMatch(/401/);
    expect(fake.requests).toHaveLength(1);
    expect(listJobs(root).jobs).toEqual([]);
  });
});
