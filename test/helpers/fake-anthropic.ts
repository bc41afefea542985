/**
 * A local stand-in for the Anthropic Messages API, good enough for both the real `claude` binary (which always
 * streams) and `@anthropic-ai/sdk` (which our compression code calls without streaming by default).
 * There is no real API in tests, so every byte a client sees comes from here.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeToolDef {
  name: string;
  [key: string]: unknown;
}

export interface FakeMessage {
  role: string;
  content: string | Array<Record<string, unknown>>;
}

/** The parts of a Messages request body the helpers look at; everything else is kept as sent. */
export interface FakeRequestBody {
  model?: string;
  stream?: boolean;
  system?: string | Array<Record<string, unknown>>;
  messages?: FakeMessage[];
  tools?: FakeToolDef[];
  max_tokens?: number;
  [key: string]: unknown;
}

export interface FakeRequest {
  method: string;
  /** Path with query string, e.g. `/v1/messages?beta=true`. */
  path: string;
  headers: http.IncomingHttpHeaders;
  /** Parsed JSON body; `undefined` when the body was empty or not JSON. */
  body: FakeRequestBody | undefined;
}

export type FakeContentBlock =
  { type: 'text'; text: string } | { type: 'tool_use'; id?: string; name: string; input: unknown } | { type: 'thinking'; thinking: string; signature?: string };

export interface FakeUsage {
  input_tokens?: number;
  output_tokens?: number;
  cache_creation_input_tokens?: number;
  cache_read_input_tokens?: number;
}

export interface FakeMessageReply {
  content: FakeContentBlock[];
  /** Defaults to `tool_use` when the content has a tool_use block, else `end_turn`. */
  stopReason?: 'end_turn' | 'tool_use' | 'max_tokens' | 'stop_sequence';
  usage?: FakeUsage;
}

export interface FakeStatusReply {
  status: number;
  headers?: Record<string, string>;
  /** Defaults to an Anthropic-shaped error object for 4xx/5xx. */
  body?: unknown;
}

export interface FakeHangReply {
  hang: true;
}

export type FakeReply = FakeMessageReply | FakeStatusReply | FakeHangReply;

export type FakeHandler = (req: FakeRequest) => FakeReply | Promise<FakeReply>;

export interface FakeAnthropic {
  /** Base URL to give as ANTHROPIC_BASE_URL / `baseURL`, e.g. `http://127.0.0.1:41234`. */
  url: string;
  /** Every request received, in arrival order, including count_tokens and unknown paths. */
  requests: FakeRequest[];
  close(): Promise<void>;
}

const ERROR_TYPES: Record<number, string> = {
  400: 'invalid_request_error',
  401: 'authentication_error',
  403: 'permission_error',
  404: 'not_found_error',
  413: 'request_too_large',
  429: 'rate_limit_error',
  500: 'api_error',
  529: 'overloaded_error',
};

export function textReply(text: string): FakeMessageReply {
  return { content: [{ type: 'text', text }], stopReason: 'end_turn' };
}

export function toolUseReply(name: string, input: unknown, text?: string): FakeMessageReply {
  const content: FakeContentBlock[] = [];
  if (text !== undefined) content.push({ type: 'text', text });
  content.push({ type: 'tool_use', name, input });
  return { content, stopReason: 'tool_use' };
}

/** The tool `claude -p --json-schema` offers for its answer. */
export const STRUCTURED_OUTPUT = 'StructuredOutput';

/** A request of a headless `claude -p --json-schema … --tools ""` run: its only tool is StructuredOutput. */
export function isStructuredOutputRequest(body: FakeRequestBody | undefined): boolean {
  const tools = body?.tools;
  return Array.isArray(tools) && tools.length > 0 && tools.every((t) => t?.name === STRUCTURED_OUTPUT);
}

export function isMainLoopRequest(body: FakeRequestBody | undefined): boolean {
  const tools = body?.tools;
  if (!Array.isArray(tools) || tools.length === 0) return false;
  return !tools.some((t) => t?.name === 'record_memories') && !isStructuredOutputRequest(body);
}

export type RequestKind = 'main' | 'side' | 'record_memories' | 'structured_output' | 'other';

/** What a request is, for counting: the client's main loop, its side requests, or one of the compression routes. */
export function requestKind(request: FakeRequest): RequestKind {
  if (request.method !== 'POST' || !request.path.startsWith('/v1/messages') || request.path.startsWith('/v1/messages/count_tokens')) return 'other';
  const tools = request.body?.tools;
  if (Array.isArray(tools) && tools.some((t) => t?.name === 'record_memories')) return 'record_memories';
  if (isStructuredOutputRequest(request.body)) return 'structured_output';
  return isMainLoopRequest(request.body) ? 'main' : 'side';
}

export function countByKind(requests: FakeRequest[]): Record<RequestKind, number> {
  const counts: Record<RequestKind, number> = { main: 0, side: 0, record_memories: 0, structured_output: 0, other: 0 };
  for (const request of requests) counts[requestKind(request)] += 1;
  return counts;
}

/**
 * The answer of a `claude -p --json-schema` run: the StructuredOutput tool call with `input` first, then, once the
 * client sends the tool's result back, plain text so the run ends (the client may also end on the call itself).
 */
export function structuredOutputReply(request: FakeRequest, input: unknown): FakeMessageReply {
  const answered = (request.body?.messages ?? []).some(
    (m) => Array.isArray(m.content) && m.content.some((b) => (b as { type?: unknown }).type === 'tool_result'),
  );
  return answered ? textReply('Recorded.') : toolUseReply(STRUCTURED_OUTPUT, input);
}

export function assistantTurns(body: FakeRequestBody | undefined): number {
  const messages = body?.messages;
  if (!Array.isArray(messages)) return 0;
  return messages.filter((m) => m?.role === 'assistant').length;
}

function blockText(block: unknown): string[] {
  if (typeof block === 'string') return [block];
  if (!block || typeof block !== 'object') return [];
  const b = block as Record<string, unknown>;
  const out: string[] = [];
  if (typeof b.text === 'string') out.push(b.text);
  if (typeof b.thinking === 'string') out.push(b.thinking);
  if (b.type === 'tool_use' && b.input !== undefined) out.push(JSON.stringify(b.input));
  if (b.type === 'tool_result') {
    if (typeof b.content === 'string') out.push(b.content);
    else if (Array.isArray(b.content)) for (const c of b.content) out.push(...blockText(c));
  }
  return out;
}

/** Every piece of text in the system prompt and the messages, joined by newlines: what the model would have seen. */
export function requestText(body: FakeRequestBody | undefined): string {
  if (!body) return '';
  const parts: string[] = [];
  const system = body.system;
  if (typeof system === 'string') parts.push(system);
  else if (Array.isArray(system)) for (const b of system) parts.push(...blockText(b));
  for (const m of body.messages ?? []) {
    if (typeof m.content === 'string') parts.push(m.content);
    else if (Array.isArray(m.content)) for (const b of m.content) parts.push(...blockText(b));
  }
  return parts.join('\n');
}

export type ScriptedTurn = FakeReply | string;

/**
 * Drives the real client through a fixed conversation: the n-th main-loop request (n = assistant messages so far)
 * gets turns[n]. Past the end of the script it answers plain text so a runaway client still stops.
 */
export function scriptedClaudeHandler(turns: ScriptedTurn[], opts: { sideReply?: (req: FakeRequest) => FakeReply | Promise<FakeReply> } = {}): FakeHandler {
  return (req) => {
    if (!isMainLoopRequest(req.body)) {
      return opts.sideReply ? opts.sideReply(req) : textReply('Fake side reply.');
    }
    const turn = turns[assistantTurns(req.body)];
    if (turn === undefined) return textReply('Done.');
    return typeof turn === 'string' ? textReply(turn) : turn;
  };
}

/** Rough token estimate so usage numbers are plausible and grow with the request. */
function estimateTokens(value: unknown): number {
  const s = typeof value === 'string' ? value : JSON.stringify(value ?? '');
  return Math.max(1, Math.ceil(s.length / 4));
}

function isStatusReply(r: FakeReply): r is FakeStatusReply {
  return typeof (r as FakeStatusReply).status === 'number';
}

function isHangReply(r: FakeReply): r is FakeHangReply {
  return (r as FakeHangReply).hang === true;
}

interface Counter {
  n: number;
}

function nextId(counter: Counter, prefix: string): string {
  counter.n += 1;
  // Real ids look like `toolu_01ABC…`; only uniqueness within a server matters to clients.
  return `${prefix}_fake${String(counter.n).padStart(6, '0')}`;
}

interface ResolvedBlock {
  block: Record<string, unknown>;
  source: FakeContentBlock;
}

function resolveContent(content: FakeContentBlock[], counter: Counter): ResolvedBlock[] {
  return content.map((source) => {
    if (source.type === 'tool_use') {
      return { source, block: { type: 'tool_use', id: source.id ?? nextId(counter, 'toolu'), name: source.name, input: source.input ?? {} } };
    }
    if (source.type === 'thinking') {
      return { source, block: { type: 'thinking', thinking: source.thinking, signature: source.signature ?? 'fake-signature' } };
    }
    return { source, block: { type: 'text', text: source.text } };
  });
}

function usageFor(reply: FakeMessageReply, body: FakeRequestBody | undefined, blocks: ResolvedBlock[]) {
  return {
    input_tokens: reply.usage?.input_tokens ?? estimateTokens({ s: body?.system, m: body?.messages }),
    output_tokens: reply.usage?.output_tokens ?? estimateTokens(blocks.map((b) => b.block)),
    cache_creation_input_tokens: reply.usage?.cache_creation_input_tokens ?? 0,
    cache_read_input_tokens: reply.usage?.cache_read_input_tokens ?? 0,
  };
}

function sse(res: http.ServerResponse, event: string, data: unknown): void {
  res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
}

/** Splits a string into a few pieces so clients exercise their delta-joining code, not just a single chunk. */
function chunks(s: string, size = 40): string[] {
  if (s.length === 0) return [];
  const out: string[] = [];
  for (let i = 0; i < s.length; i += size) out.push(s.slice(i, i + size));
  return out;
}

function writeStream(
  res: http.ServerResponse,
  msgId: string,
  model: string,
  blocks: ResolvedBlock[],
  stopReason: string,
  usage: ReturnType<typeof usageFor>,
): void {
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache',
    'request-id': `req_${msgId}`,
  });
  sse(res, 'message_start', {
    type: 'message_start',
    message: {
      id: msgId,
      type: 'message',
      role: 'assistant',
      model,
      content: [],
      stop_reason: null,
      stop_sequence: null,
      usage: { ...usage, output_tokens: 1 },
    },
  });
  blocks.forEach(({ block }, index) => {
    if (block.type === 'tool_use') {
      sse(res, 'content_block_start', { type: 'content_block_start', index, content_block: { type: 'tool_use', id: block.id, name: block.name, input: {} } });
      for (const part of chunks(JSON.stringify(block.input))) {
        sse(res, 'content_block_delta', { type: 'content_block_delta', index, delta: { type: 'input_json_delta', partial_json: part } });
      }
    } else if (block.type === 'thinking') {
      sse(res, 'content_block_start', { type: 'content_block_start', index, content_block: { type: 'thinking', thinking: '', signature: '' } });
      for (const part of chunks(String(block.thinking))) {
        sse(res, 'content_block_delta', { type: 'content_block_delta', index, delta: { type: 'thinking_delta', thinking: part } });
      }
      sse(res, 'content_block_delta', { type: 'content_block_delta', index, delta: { type: 'signature_delta', signature: block.signature } });
    } else {
      sse(res, 'content_block_start', { type: 'content_block_start', index, content_block: { type: 'text', text: '' } });
      for (const part of chunks(String(block.text))) {
        sse(res, 'content_block_delta', { type: 'content_block_delta', index, delta: { type: 'text_delta', text: part } });
      }
    }
    sse(res, 'content_block_stop', { type: 'content_block_stop', index });
  });
  sse(res, 'message_delta', {
    type: 'message_delta',
    delta: { stop_reason: stopReason, stop_sequence: null },
    usage: { output_tokens: usage.output_tokens },
  });
  sse(res, 'message_stop', { type: 'message_stop' });
  res.end();
}

function sendJson(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

function errorBody(status: number, message: string) {
  return { type: 'error', error: { type: ERROR_TYPES[status] ?? (status >= 500 ? 'api_error' : 'invalid_request_error'), message } };
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    req.on('data', (c: Buffer) => parts.push(c));
    req.on('end', () => resolve(Buffer.concat(parts).toString('utf8')));
    req.on('error', reject);
  });
}

export async function startFakeAnthropic(handler: FakeHandler): Promise<FakeAnthropic> {
  const requests: FakeRequest[] = [];
  const counter: Counter = { n: 0 };

  const server = http.createServer((req, res) => {
    void (async () => {
      const raw = await readBody(req);
      let body: FakeRequestBody | undefined;
      try {
        body = raw ? (JSON.parse(raw) as FakeRequestBody) : undefined;
      } catch {
        body = undefined;
      }
      const path = req.url ?? '/';
      const fakeReq: FakeRequest = { method: req.method ?? 'GET', path, headers: req.headers, body };
      requests.push(fakeReq);
      const pathname = path.split('?')[0] ?? path;

      if (pathname === '/v1/messages/count_tokens') {
        sendJson(res, 200, { input_tokens: estimateTokens({ s: body?.system, m: body?.messages, t: body?.tools }) });
        return;
      }
      if (!(req.method === 'POST' && pathname === '/v1/messages')) {
        // Clients probe other endpoints (models, metrics…); an empty object keeps them from failing loudly.
        sendJson(res, 200, {});
        return;
      }

      let reply: FakeReply;
      try {
        reply = await handler(fakeReq);
      } catch (err) {
        sendJson(res, 500, errorBody(500, `fake handler threw: ${err instanceof Error ? err.message : String(err)}`));
        return;
      }

      if (isHangReply(reply)) return; // the socket stays open until the client gives up or close() runs
      if (isStatusReply(reply)) {
        const payload = reply.body ?? (reply.status >= 400 ? errorBody(reply.status, `fake ${reply.status}`) : {});
        sendJson(res, reply.status, payload, reply.headers);
        return;
      }

      const msgId = nextId(counter, 'msg');
      const model = body?.model ?? 'claude-fake';
      const blocks = resolveContent(reply.content, counter);
      const stopReason = reply.stopReason ?? (blocks.some((b) => b.block.type === 'tool_use') ? 'tool_use' : 'end_turn');
      const usage = usageFor(reply, body, blocks);

      if (body?.stream === true) {
        writeStream(res, msgId, model, blocks, stopReason, usage);
        return;
      }
      sendJson(
        res,
        200,
        { id: msgId, type: 'message', role: 'assistant', model, content: blocks.map((b) => b.block), stop_reason: stopReason, stop_sequence: null, usage },
        { 'request-id': `req_${msgId}` },
      );
    })().catch((err: unknown) => {
      if (!res.headersSent) sendJson(res, 500, errorBody(500, `fake server error: ${String(err)}`));
      else res.destroy();
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve, reject) => {
        // Hung requests and keep-alive sockets would otherwise hold close() open forever.
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}
