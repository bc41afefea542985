import Anthropic from '@anthropic-ai/sdk';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { findTranscripts, projectDirName, runClaude, transcriptPathFor } from './claude.js';
import {
  assistantTurns,
  countByKind,
  isMainLoopRequest,
  requestKind,
  structuredOutputReply,
  requestText,
  scriptedClaudeHandler,
  startFakeAnthropic,
  textReply,
  toolUseReply,
  type FakeAnthropic,
  type FakeHandler,
} from './fake-anthropic.js';

const servers: FakeAnthropic[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function serve(handler: FakeHandler): Promise<FakeAnthropic> {
  const s = await startFakeAnthropic(handler);
  servers.push(s);
  return s;
}

function sdk(url: string, opts: { maxRetries?: number; timeout?: number } = {}): Anthropic {
  return new Anthropic({ apiKey: 'test-key', baseURL: url, maxRetries: opts.maxRetries ?? 0, timeout: opts.timeout ?? 10_000 });
}

const params = {
  model: 'claude-test',
  max_tokens: 256,
  messages: [{ role: 'user' as const, content: 'Summarise the session.' }],
};

describe('fake Anthropic server with the real SDK', () => {
  it('answers a non-streaming request with a Message object', async () => {
    const fake = await serve(() => ({ content: [{ type: 'text', text: 'A summary.' }], usage: { input_tokens: 7, output_tokens: 3 } }));
    const msg = await sdk(fake.url).messages.create({ ...params, system: 'You compress sessions.' });
    expect(msg).toMatchObject({
      type: 'message',
      role: 'assistant',
      model: 'claude-test',
      content: [{ type: 'text', text: 'A summary.' }],
      stop_reason: 'end_turn',
      usage: { input_tokens: 7, output_tokens: 3 },
    });
    expect(msg.id).toMatch(/^msg_/);
    expect(fake.requests).toHaveLength(1);
    expect(fake.requests[0]!.path).toBe('/v1/messages');
    // SDK 1.x sends the key as a bearer token; older clients use x-api-key.
    const h = fake.requests[0]!.headers;
    expect(h['x-api-key'] ?? h.authorization).toMatch(/^(Bearer )?test-key$/);
    expect(fake.requests[0]!.body).toMatchObject({ model: 'claude-test', max_tokens: 256 });
    expect(requestText(fake.requests[0]!.body)).toBe('You compress sessions.\nSummarise the session.');
  });

  it('answers tool_use without streaming, with stop_reason tool_use by default', async () => {
    const fake = await serve(() => toolUseReply('record_memories', { notes: [{ title: 'Use RS256' }] }));
    const msg = await sdk(fake.url).messages.create({
      ...params,
      tools: [{ name: 'record_memories', input_schema: { type: 'object' } }],
      tool_choice: { type: 'tool', name: 'record_memories' },
    });
    expect(msg.stop_reason).toBe('tool_use');
    const block = msg.content[0]!;
    expect(block.type).toBe('tool_use');
    if (block.type === 'tool_use') {
      expect(block.name).toBe('record_memories');
      expect(block.input).toEqual({ notes: [{ title: 'Use RS256' }] });
      expect(block.id).toMatch(/^toolu_/);
    }
    expect(isMainLoopRequest(fake.requests[0]!.body)).toBe(false);
  });

  it('streams text and tool_use as server-sent events the SDK can assemble', async () => {
    const longText = 'Streaming works in several deltas. '.repeat(5);
    const fake = await serve(() => ({
      content: [
        { type: 'text', text: longText },
        { type: 'tool_use', id: 'toolu_given', name: 'Bash', input: { command: 'echo "a long enough command to be split into pieces"' } },
      ],
    }));
    const stream = sdk(fake.url).messages.stream(params);
    const deltas: string[] = [];
    stream.on('text', (t) => deltas.push(t));
    const msg = await stream.finalMessage();
    expect(deltas.length).toBeGreaterThan(1);
    expect(deltas.join('')).toBe(longText);
    expect(msg.stop_reason).toBe('tool_use');
    expect(msg.content).toEqual([
      { type: 'text', text: longText },
      { type: 'tool_use', id: 'toolu_given', name: 'Bash', input: { command: 'echo "a long enough command to be split into pieces"' } },
    ]);
    expect(msg.usage.output_tokens).toBeGreaterThan(0);
    expect(fake.requests[0]!.body?.stream).toBe(true);
  });

  it('sends the raw event sequence Claude Code expects', async () => {
    const fake = await serve(() => toolUseReply('Write', { file_path: '/x', content: 'y' }, 'Writing.'));
    const events = await sdk(fake.url).messages.create({ ...params, stream: true });
    const seen: string[] = [];
    for await (const ev of events) {
      if (ev.type === 'content_block_delta') seen.push(`${ev.type}:${ev.delta.type}`);
      else if (ev.type === 'message_delta') seen.push(`${ev.type}:${ev.delta.stop_reason}`);
      else seen.push(ev.type);
    }
    expect(seen).toEqual([
      'message_start',
      'content_block_start',
      'content_block_delta:text_delta',
      'content_block_stop',
      'content_block_start',
      'content_block_delta:input_json_delta',
      'content_block_stop',
      'message_delta:tool_use',
      'message_stop',
    ]);
  });

  it('returns 500 with an Anthropic-shaped error body', async () => {
    const fake = await serve(() => ({ status: 500 }));
    const err = await sdk(fake.url)
      .messages.create(params)
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Anthropic.InternalServerError);
    expect((err as InstanceType<typeof Anthropic.APIError>).status).toBe(500);
    expect((err as InstanceType<typeof Anthropic.APIError>).error).toMatchObject({ type: 'error', error: { type: 'api_error' } });
  });

  it('lets the SDK retry a 429 after retry-after and then succeed', async () => {
    let calls = 0;
    const fake = await serve(() => {
      calls += 1;
      return calls === 1 ? { status: 429, headers: { 'retry-after': '0.3' } } : textReply('after retry');
    });
    const started = Date.now();
    const msg = await sdk(fake.url, { maxRetries: 2 }).messages.create(params);
    expect(msg.content).toEqual([{ type: 'text', text: 'after retry' }]);
    expect(fake.requests).toHaveLength(2);
    expect(Date.now() - started).toBeGreaterThanOrEqual(280);
  });

  it('passes custom status and body through, e.g. a 400', async () => {
    const fake = await serve(() => ({ status: 400, body: { type: 'error', error: { type: 'invalid_request_error', message: 'bad tools' } } }));
    const err = await sdk(fake.url, { maxRetries: 3 })
      .messages.create(params)
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Anthropic.BadRequestError);
    expect(String((err as Error).message)).toContain('bad tools');
    expect(fake.requests).toHaveLength(1);
  });

  it('turns a throwing handler into a 500 that names the problem', async () => {
    const fake = await serve(() => {
      throw new Error('script ran out');
    });
    const res = await fetch(`${fake.url}/v1/messages`, { method: 'POST', body: JSON.stringify(params) });
    expect(res.status).toBe(500);
    expect(JSON.stringify(await res.json())).toContain('script ran out');
  });

  it('hangs until the SDK times out, and close() still returns promptly', async () => {
    const fake = await serve(() => ({ hang: true }));
    const started = Date.now();
    const err = await sdk(fake.url, { timeout: 300 })
      .messages.create(params)
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Anthropic.APIConnectionTimeoutError);
    expect(Date.now() - started).toBeLessThan(5000);

    // Another hung request still open when the server closes.
    const pending = fetch(`${fake.url}/v1/messages`, { method: 'POST', body: '{}' }).catch(() => 'closed');
    await new Promise((r) => setTimeout(r, 50));
    await fake.close();
    servers.splice(servers.indexOf(fake), 1);
    expect(await pending).toBe('closed');
  });

  it('answers count_tokens and unknown paths harmlessly', async () => {
    const fake = await serve(() => textReply('unused'));
    const count = await sdk(fake.url).messages.countTokens(params);
    expect(count.input_tokens).toBeGreaterThan(0);
    const res = await fetch(`${fake.url}/v1/models`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({});
    expect(fake.requests.map((r) => r.path)).toEqual(['/v1/messages/count_tokens', '/v1/models']);
  });
});

describe('request helpers', () => {
  const tools = [{ name: 'Bash' }, { name: 'Write' }];

  it('tells the main loop from side requests and our own compression call', () => {
    expect(isMainLoopRequest({ tools, messages: [] })).toBe(true);
    expect(isMainLoopRequest({ tools: [], messages: [] })).toBe(false);
    expect(isMainLoopRequest({ messages: [] })).toBe(false);
    expect(isMainLoopRequest({ tools: [{ name: 'record_memories' }] })).toBe(false);
    expect(isMainLoopRequest(undefined)).toBe(false);
  });

  it('counts assistant turns and collects all text', () => {
    const body = {
      system: [{ type: 'text', text: 'sys' }],
      messages: [
        { role: 'user', content: 'hi' },
        { role: 'assistant', content: [{ type: 'tool_use', id: 't', name: 'Bash', input: { command: 'ls' } }] },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: 't', content: [{ type: 'text', text: 'out' }] }] },
        { role: 'assistant', content: [{ type: 'text', text: 'done' }] },
      ],
    };
    expect(assistantTurns(body)).toBe(2);
    expect(assistantTurns({})).toBe(0);
    expect(requestText(body)).toBe('sys\nhi\n{"command":"ls"}\nout\ndone');
  });

  it('scripts main-loop turns by assistant count and answers side requests with text', async () => {
    const handler = scriptedClaudeHandler([toolUseReply('Bash', { command: 'ls' }), 'finished']);
    const turn = (n: number) => ({
      method: 'POST',
      path: '/v1/messages',
      headers: {},
      body: { tools, messages: Array.from({ length: n }, () => ({ role: 'assistant', content: 'x' })) },
    });
    expect(await handler(turn(0))).toMatchObject({ stopReason: 'tool_use' });
    expect(await handler(turn(1))).toEqual(textReply('finished'));
    expect(await handler(turn(5))).toEqual(textReply('Done.'));
    expect(await handler({ method: 'POST', path: '/v1/messages', headers: {}, body: { messages: [] } })).toEqual(textReply('Fake side reply.'));
  });
});

describe('the real claude binary against the fake server', () => {
  const base = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'cm-e2e-')));
  afterAll(() => rmSync(base, { recursive: true, force: true }));

  it('runs a Bash tool call for real, then ends, leaving a transcript', async () => {
    const home = path.join(base, 'home');
    const repo = path.join(base, 'demo_repo.v2');
    mkdirSync(home);
    mkdirSync(path.join(repo, '.claude'), { recursive: true });
    execFileSync('git', ['init', '-q', '-b', 'main'], { cwd: repo });
    writeFileSync(
      path.join(repo, '.claude', 'settings.json'),
      JSON.stringify({ hooks: { SessionStart: [{ hooks: [{ type: 'command', command: 'echo "MARKER-FROM-SESSION-START"' }] }] } }),
    );

    const fake = await serve(scriptedClaudeHandler([toolUseReply('Bash', { command: 'echo hi > out.txt', description: 'Write hi' }), 'Wrote out.txt.']));
    const sessionId = '0b7c8a2e-5d8f-4c3e-9a61-2f4e8d9c1a07';
    const r = await runClaude({ cwd: repo, home, baseUrl: fake.url, prompt: 'Put hi in out.txt', sessionId, timeoutMs: 30_000 });

    expect(r.timedOut).toBe(false);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.trim()).toBe('Wrote out.txt.');
    expect(readFileSync(path.join(repo, 'out.txt'), 'utf8')).toBe('hi\n');

    const main = fake.requests.filter((q) => isMainLoopRequest(q.body));
    expect(main.map((q) => assistantTurns(q.body))).toEqual([0, 1]);
    expect(main.every((q) => q.body?.stream === true)).toBe(true);
    expect(requestText(main[0]!.body)).toContain('MARKER-FROM-SESSION-START');
    expect(requestText(main[1]!.body)).toContain('Put hi in out.txt');

    const transcript = transcriptPathFor(home, repo, sessionId);
    expect(path.basename(path.dirname(transcript))).toBe(projectDirName(repo));
    expect(projectDirName(repo)).toBe(repo.replace(/[/._]/g, '-'));
    expect(existsSync(transcript)).toBe(true);
    expect(findTranscripts(home)).toEqual([transcript]);
    const types = readFileSync(transcript, 'utf8')
      .trim()
      .split('\n')
      .map((l) => (JSON.parse(l) as { type: string }).type);
    expect(types).toEqual(expect.arrayContaining(['user', 'assistant', 'attachment']));
  });
});

describe('telling requests apart', () => {
  const req = (body: Record<string, unknown>, path = '/v1/messages?beta=true') => ({ method: 'POST', path, headers: {}, body });
  it.each([
    ['main', { tools: [{ name: 'Bash' }, { name: 'StructuredOutput' }], messages: [] }],
    ['side', { messages: [] }],
    ['record_memories', { tools: [{ name: 'record_memories' }] }],
    ['structured_output', { tools: [{ name: 'StructuredOutput' }] }],
  ])('%s', (kind, body) => {
    expect(requestKind(req(body))).toBe(kind);
  });

  it('counts by kind, and answers StructuredOutput once, then text once its result came back', () => {
    const first = req({ tools: [{ name: 'StructuredOutput' }], messages: [{ role: 'user', content: 'digest' }] });
    const second = req({
      tools: [{ name: 'StructuredOutput' }],
      messages: [{ role: 'user', content: [{ type: 'tool_result', tool_use_id: 't', content: 'ok' }] }],
    });
    expect(countByKind([first, second, req({}, '/v1/messages/count_tokens'), { method: 'HEAD', path: '/', headers: {}, body: undefined }])).toEqual({
      main: 0,
      side: 0,
      record_memories: 0,
      structured_output: 2,
      other: 2,
    });
    expect(structuredOutputReply(first, { notes: [] }).content).toEqual([{ type: 'tool_use', name: 'StructuredOutput', input: { notes: [] } }]);
    expect(structuredOutputReply(second, { notes: [] }).content).toEqual([{ type: 'text', text: 'Recorded.' }]);
  });
});
