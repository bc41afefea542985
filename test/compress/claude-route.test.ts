/**
 * The subscription route with the real client: no API key anywhere, Claude Code signed in through an OAuth
 * credentials file in a temporary HOME, the real `claude` (node_modules/.bin) run headless by compression against
 * the local fake Messages API, which answers its StructuredOutput tool. Nothing is mocked.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { compressTranscript } from '../../src/flows/compress-session.js';
import { listJobs } from '../../src/compress/pending.js';
import { readUsage } from '../../src/compress/usage.js';
import { findNote } from '../../src/store/notes.js';
import { subscriptionEnv, writeOAuthLogin } from '../helpers/claude.js';
import { countByKind, requestText, startFakeAnthropic, structuredOutputReply, type FakeAnthropic, type FakeHandler } from '../helpers/fake-anthropic.js';
import { copyTranscript, memoryToolUse, noteFiles, repoWithConfig, removeScratch, runCompressCli, scratchDir } from './compress-repo.js';

const SESSION = '77777777-7777-4777-8777-777777777777';
const rs256 = {
  title: 'Access tokens are signed with RS256',
  type: 'decision',
  topic: 'auth',
  body: 'Billing and search verify tokens with the public key only, so they cannot mint them.',
  files: ['config/auth.json'],
};

let fake: FakeAnthropic | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});
afterAll(removeScratch);

async function signedIn(handler: FakeHandler): Promise<{ fake: FakeAnthropic; env: Record<string, string> }> {
  fake = await startFakeAnthropic(handler);
  const home = scratchDir();
  writeOAuthLogin(home);
  return { fake, env: subscriptionEnv(home, fake.url) };
}

describe("compression through the user's own claude login", () => {
  it("turns the model's StructuredOutput answer into a note, with one request carrying our prompt and the redacted digest", async () => {
    const root = repoWithConfig();
    const transcript = copyTranscript('session-with-decision-multi-prompt', SESSION, scratchDir());
    const { fake, env } = await signedIn((req) => structuredOutputReply(req, { notes: [rs256] }));

    const result = await compressTranscript(root, { transcriptPath: transcript, sessionId: SESSION, env });

    expect(result).toMatchObject({ path: 'llm', route: 'claude', created: [expect.stringMatching(/^access-tokens-are-signed-with-rs256/)] });
    expect(noteFiles(root)).toEqual([`auth/${result.created[0]}.md`]);
    expect(findNote(root, result.created[0]!).note).toMatchObject({ title: rs256.title, files: ['config/auth.json'], source: { session: SESSION } });
    // One compression request, nothing else: no main loop, no title or other side request, no SDK call.
    expect(countByKind(fake.requests)).toMatchObject({ structured_output: 1, main: 0, side: 0, record_memories: 0 });
    const request = fake.requests.find((r) => r.body?.tools?.length)!;
    expect(request.headers.authorization).toMatch(/^Bearer sk-ant-oat01-/);
    expect(request.headers['x-api-key']).toBeUndefined();
    const system = JSON.stringify(request.body?.system);
    expect(system).toContain('You maintain the long-term memory of a software repository');
    expect(system).toContain('Call StructuredOutput exactly once');
    expect(system.length).toBeLessThan(2500);
    expect(requestText(request.body)).toContain('We decided to use RS256 because');
    expect(request.body?.model).toBe('claude-haiku-4-5');
    const usage = readUsage(root);
    expect(usage.routes?.claude).toMatchObject({ requests: 1 });
    expect(usage.routes?.claude?.costUsd).toBeGreaterThan(0);
    expect(usage.sessions[SESSION]?.input).toBeGreaterThan(0);
  });

  it("queues the range when the API stays down after the client's retries, and --pending writes it later", async () => {
    const root = repoWithConfig({ maxRetries: 1 });
    const transcript = copyTranscript('session-with-bash-and-write', SESSION, scratchDir());
    let up = false;
    const { fake, env } = await signedIn((req) =>
      up
        ? structuredOutputReply(req, { notes: [{ title: 'The project pins Node 20 in .nvmrc', type: 'convention', body: 'nvm use picks it up.' }] })
        : { status: 500 },
    );

    const down = await compressTranscript(root, { transcriptPath: transcript, sessionId: SESSION, env });
    expect(down).toMatchObject({ path: 'queued', reason: expect.stringMatching(/claude -p failed: API Error: 500/) });
    expect(countByKind(fake.requests).structured_output).toBe(2); // the first try and the client's one retry
    expect(listJobs(root).jobs).toHaveLength(1);
    expect(noteFiles(root)).toEqual([]);

    up = true;
    const later = await runCompressCli(root, ['compress', '--pending', '--json'], { ...env, CLAUDE_MEMORY_CLAUDE_BIN: '' });
    expect(JSON.parse(later.stdout)).toMatchObject({ created: [expect.stringMatching(/^the-project-pins-node-20/)], remaining: 0 });
    expect(listJobs(root).jobs).toEqual([]);
  });

  it.each([
    ['a refused login', () => ({ status: 401 }), /401/],
    ['an answer that never calls StructuredOutput', () => ({ content: [{ type: 'text' as const, text: 'No.' }] }), /without structured output/],
    [
      'an answer the schema lets through but the note rules do not',
      (req: Parameters<FakeHandler>[0]) =>
        structuredOutputReply(req, { notes: [{ title: 'x', type: 'fact', body: 'Too short a title for a note.', files: ['../../etc/passwd'] }] }),
      /unusable record_memories input/,
    ],
  ])('writes the extractive note after %s', async (_what, reply, reason) => {
    const root = repoWithConfig();
    const transcript = copyTranscript('session-with-failing-command', SESSION, scratchDir());
    const { env } = await signedIn(reply);
    const result = await compressTranscript(root, { transcriptPath: transcript, sessionId: SESSION, env });
    expect(result).toMatchObject({ path: 'extractive', reason: expect.stringMatching(reason) });
    expect(noteFiles(root)).toEqual([expect.stringMatching(/^sessions\//)]);
    expect(listJobs(root).jobs).toEqual([]);
  });

  it('stops at the cost ceiling, records what the run cost, and then keeps to the extractive path for the day', async () => {
    const root = repoWithConfig({ maxBudgetUsd: 0.05, maxUsdPerDay: 0.1 });
    const dir = scratchDir();
    const { fake, env } = await signedIn((req) => ({
      ...structuredOutputReply(req, { notes: [rs256] }),
      usage: { input_tokens: 90_000, output_tokens: 10_000 },
    }));
    const first = await compressTranscript(root, { transcriptPath: copyTranscript('session-with-bash-and-write', 'one', dir), sessionId: 'one', env });
    expect(first).toMatchObject({ path: 'extractive', reason: expect.stringMatching(/cost ceiling/) });
    expect(readUsage(root).routes?.claude?.costUsd).toBeCloseTo(0.14, 5); // Haiku prices: 90 k in at $1/M, 10 k out at $5/M
    const second = await compressTranscript(root, { transcriptPath: copyTranscript('session-with-failing-command', 'two', dir), sessionId: 'two', env });
    expect(second).toMatchObject({ path: 'extractive', reason: expect.stringMatching(/^daily cost ceiling: \$0\.1400 spent today/) });
    expect(countByKind(fake.requests).structured_output).toBe(1);
  });

  it('kills a run that outlives its time and queues the range; a binary that is not Claude Code gives the extractive note', async () => {
    const dir = scratchDir();
    const { env } = await signedIn(() => ({ hang: true }));
    const slow = await compressTranscript(repoWithConfig({ timeoutMs: 1500, maxRetries: 0 }), {
      transcriptPath: copyTranscript('session-with-bash-and-write', 'slow', dir),
      sessionId: 'slow',
      env,
    });
    expect(slow).toMatchObject({ path: 'queued', reason: 'claude -p timed out after 1500 ms' });

    const impostor = path.join(dir, 'impostor');
    fs.writeFileSync(impostor, '#!/bin/sh\nyes "not json" | head -c 3000000\necho oops >&2\n', { mode: 0o755 });
    const noisy = await compressTranscript(repoWithConfig(), {
      transcriptPath: copyTranscript('session-with-bash-and-write', 'noisy', dir),
      sessionId: 'noisy',
      env: { ...env, CLAUDE_MEMORY_CLAUDE_BIN: impostor },
    });
    expect(noisy).toMatchObject({ path: 'extractive', reason: expect.stringMatching(/printed more than 2097152 bytes/) });
    fs.writeFileSync(impostor, '#!/bin/sh\necho "usage: something else" >&2\nexit 3\n', { mode: 0o755 });
    const wrong = await compressTranscript(repoWithConfig(), {
      transcriptPath: copyTranscript('session-with-bash-and-write', 'wrong', dir),
      sessionId: 'wrong',
      env: { ...env, CLAUDE_MEMORY_CLAUDE_BIN: impostor },
    });
    expect(wrong).toMatchObject({ path: 'extractive', reason: expect.stringMatching(/gave no result \(exit 3\): no output \(usage: something else\)/) });
  });

  it('never starts claude from inside a nested run, nor when the repository allows the SDK route only', async () => {
    const dir = scratchDir();
    const { fake, env } = await signedIn(() => memoryToolUse([rs256]));
    const nested = await compressTranscript(repoWithConfig(), {
      transcriptPath: copyTranscript('session-with-bash-and-write', 'n', dir),
      sessionId: 'n',
      env: { ...env, CLAUDE_MEMORY_NESTED: '1' },
    });
    expect(nested).toMatchObject({ path: 'extractive', reason: expect.stringMatching(/already inside a nested compression run/) });
    const sdkOnly = await compressTranscript(repoWithConfig({ routes: ['sdk', 'extractive'] }), {
      transcriptPath: copyTranscript('session-with-bash-and-write', 's', dir),
      sessionId: 's',
      env,
    });
    expect(sdkOnly).toMatchObject({ path: 'extractive' });
    expect(fake.requests.filter((r) => r.method === 'POST')).toEqual([]);
  });

  it('prefers an API key when there is one (bearer ANTHROPIC_AUTH_TOKEN too), and claude when the repository puts it first', async () => {
    const dir = scratchDir();
    const { fake, env } = await signedIn((req) =>
      req.body?.tools?.some((t) => t.name === 'record_memories') ? memoryToolUse([rs256]) : structuredOutputReply(req, { notes: [rs256] }),
    );
    const withToken = await compressTranscript(repoWithConfig(), {
      transcriptPath: copyTranscript('session-with-bash-and-write', 'k', dir),
      sessionId: 'k',
      env: { ...env, ANTHROPIC_AUTH_TOKEN: 'gateway-token' },
    });
    expect(withToken).toMatchObject({ path: 'llm', route: 'sdk' });
    expect(fake.requests.at(-1)!.headers.authorization).toBe('Bearer gateway-token');
    const claudeFirst = await compressTranscript(repoWithConfig({ routes: ['claude', 'sdk'] }), {
      transcriptPath: copyTranscript('session-with-bash-and-write', 'c', dir),
      sessionId: 'c',
      env: { ...env, ANTHROPIC_API_KEY: 'test-key' },
    });
    expect(claudeFirst).toMatchObject({ path: 'llm', route: 'claude' });
    expect(countByKind(fake.requests)).toMatchObject({ record_memories: 1, structured_output: 1 });
  });
});
