// Facts kept per compression path on the labelled set (test/fixtures/transcripts: the real-client fixtures plus the
// hand-built ones in labelled/, with the facts each note must keep in labelled/facts.json):
//   - extractive: facts found in the note files written (title, front matter and body);
//   - sdk and claude routes: the fake API returns whatever it is scripted to, so what is measured is what the request
//     CONTAINS: facts present in what was sent (the digest and related notes). The claude route runs the real
//     `claude` (node_modules/.bin) headless with an OAuth login in a temporary HOME.
// Also: what one compression request costs per route (system prompt and whole request, characters and estimated
// tokens, cost reported by the client) and the extractive notes' size against their transcripts.
// Run after `npm run build`:  node bench/compression-facts.mjs [--no-claude]
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { ROOT } from './lib.mjs';

const { compressTranscript } = await import(path.join(ROOT, 'dist', 'flows', 'compress-session.js'));
const { estimateTokens } = await import(path.join(ROOT, 'dist', 'core', 'tokens.js'));

const FIXTURES = path.join(ROOT, 'test', 'fixtures', 'transcripts');
const CLAUDE_BIN = path.join(ROOT, 'node_modules', '.bin', 'claude');
const withClaude = !process.argv.includes('--no-claude') && fs.existsSync(CLAUDE_BIN);
const FACTS = JSON.parse(fs.readFileSync(path.join(FIXTURES, 'labelled', 'facts.json'), 'utf8'));

function matcher(fact) {
  const regex = /^\/(.*)\/([a-z]*)$/s.exec(fact);
  if (regex) {
    const re = new RegExp(regex[1], regex[2]);
    return (text) => re.test(text);
  }
  return (text) => text.toLowerCase().includes(fact.toLowerCase());
}

const kept = (facts, text) => facts.filter((fact) => matcher(fact)(text));

function repo() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cm-bench-facts-'));
  execFileSync('git', ['init', '-q'], { cwd: dir });
  fs.mkdirSync(path.join(dir, '.claude-memory'), { recursive: true });
  fs.writeFileSync(path.join(dir, '.claude-memory', 'config.json'), JSON.stringify({ onNewNotes: 'off' }));
  return dir;
}

function notesText(root) {
  const dir = path.join(root, '.claude-memory', 'notes');
  if (!fs.existsSync(dir)) return '';
  return fs
    .readdirSync(dir, { recursive: true })
    .filter((f) => f.endsWith('.md'))
    .map((f) => fs.readFileSync(path.join(dir, f), 'utf8'))
    .join('\n');
}

function text(body) {
  const parts = [];
  const walk = (value) => {
    if (typeof value === 'string') parts.push(value);
    else if (Array.isArray(value)) value.forEach(walk);
    else if (value && typeof value === 'object') for (const key of ['text', 'content']) if (key in value) walk(value[key]);
  };
  walk(body?.system);
  walk(body?.messages);
  return parts.join('\n');
}

function sse(res, reply) {
  res.writeHead(200, { 'content-type': 'text/event-stream' });
  const send = (event, data) => res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  const usage = { input_tokens: reply.inputTokens, output_tokens: 1, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 };
  send('message_start', {
    type: 'message_start',
    message: { id: 'msg_bench', type: 'message', role: 'assistant', model: reply.model, content: [], stop_reason: null, stop_sequence: null, usage },
  });
  if (reply.tool) {
    send('content_block_start', { type: 'content_block_start', index: 0, content_block: { type: 'tool_use', id: 'toolu_bench', name: reply.tool, input: {} } });
    send('content_block_delta', { type: 'content_block_delta', index: 0, delta: { type: 'input_json_delta', partial_json: JSON.stringify(reply.input) } });
  } else {
    send('content_block_start', { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } });
    send('content_block_delta', { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'Recorded.' } });
  }
  send('content_block_stop', { type: 'content_block_stop', index: 0 });
  send('message_delta', {
    type: 'message_delta',
    delta: { stop_reason: reply.tool ? 'tool_use' : 'end_turn', stop_sequence: null },
    usage: { output_tokens: 20 },
  });
  send('message_stop', { type: 'message_stop' });
  res.end();
}

/** A fake Messages API: an empty record_memories call for the SDK, an empty StructuredOutput answer for claude. */
async function fakeApi() {
  const requests = [];
  const server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (chunk) => (raw += chunk));
    req.on('end', () => {
      let body;
      try {
        body = JSON.parse(raw);
      } catch {
        body = undefined;
      }
      if (req.method !== 'POST' || !req.url.startsWith('/v1/messages') || !body) {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('{}');
        return;
      }
      requests.push({ body, raw });
      const inputTokens = estimateTokens(raw);
      const tools = (body.tools ?? []).map((t) => t.name);
      if (tools.includes('record_memories')) {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify({
            id: 'msg_bench',
            type: 'message',
            role: 'assistant',
            model: body.model,
            stop_reason: 'tool_use',
            stop_sequence: null,
            content: [{ type: 'tool_use', id: 'toolu_bench', name: 'record_memories', input: { notes: [] } }],
            usage: { input_tokens: inputTokens, output_tokens: 20 },
          }),
        );
        return;
      }
      const answered = JSON.stringify(body.messages ?? []).includes('tool_result');
      sse(res, {
        model: body.model,
        inputTokens,
        ...(tools.includes('StructuredOutput') && !answered ? { tool: 'StructuredOutput', input: { notes: [] } } : {}),
      });
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    requests,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(resolve);
      }),
  };
}

function oauthHome() {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'cm-bench-home-'));
  fs.mkdirSync(path.join(home, '.claude'));
  const claudeAiOauth = {
    accessToken: 'bench-access',
    refreshToken: 'bench-refresh',
    expiresAt: Date.now() + 86_400_000,
    scopes: ['user:inference'],
    subscriptionType: 'pro',
  };
  fs.writeFileSync(path.join(home, '.claude', '.credentials.json'), JSON.stringify({ claudeAiOauth }));
  return home;
}

/** Characters of each part of a request body, as sent. */
const parts = (body) => ({
  system: JSON.stringify(body.system ?? '').length,
  tools: JSON.stringify(body.tools ?? []).length,
  messages: JSON.stringify(body.messages ?? []).length,
});

const names = Object.keys(FACTS).filter((key) => !key.startsWith('//'));
const api = await fakeApi();
const home = oauthHome();
const rows = [];
for (const [i, name] of names.entries()) {
  const file = path.join(FIXTURES, name);
  const source = fs.readFileSync(file, 'utf8');
  const facts = FACTS[name];
  const row = { name, facts: facts.length, inTranscript: kept(facts, source).length, transcriptTokens: estimateTokens(source) };

  const offline = repo();
  await compressTranscript(offline, { transcriptPath: file, sessionId: `bench-x-${i}`, env: {} });
  const note = notesText(offline);
  row.extractive = kept(facts, note).length;
  row.extractiveMissed = facts.filter((fact) => !matcher(fact)(note));
  row.noteTokens = estimateTokens(note);
  // A line clipped in the middle shows the clipping marker; whole sentences never do.
  row.cuts = (note.match(/chars cut/g) ?? []).length;

  const online = repo();
  let before = api.requests.length;
  await compressTranscript(online, { transcriptPath: file, sessionId: `bench-s-${i}`, env: { ANTHROPIC_API_KEY: 'bench', ANTHROPIC_BASE_URL: api.url } });
  const sdk = api.requests.slice(before);
  row.sdk = kept(facts, sdk.map((r) => text(r.body)).join('\n')).length;
  const sdkUsage = JSON.parse(fs.readFileSync(path.join(online, '.claude-memory', '.cache', 'usage.json'), 'utf8'));
  row.sdkRequest = sdk[0] && {
    requests: sdk.length,
    ...parts(sdk[0].body),
    chars: sdk.reduce((s, r) => s + r.raw.length, 0),
    costUsd: sdkUsage.routes?.sdk?.costUsd ?? 0,
  };

  if (withClaude) {
    const viaClaude = repo();
    before = api.requests.length;
    const env = {
      HOME: home,
      PATH: `${path.dirname(CLAUDE_BIN)}${path.delimiter}${process.env.PATH}`,
      ANTHROPIC_BASE_URL: api.url,
      DISABLE_AUTOUPDATER: '1',
      DISABLE_TELEMETRY: '1',
      DISABLE_ERROR_REPORTING: '1',
    };
    const result = await compressTranscript(viaClaude, { transcriptPath: file, sessionId: `bench-c-${i}`, env });
    const sent = api.requests.slice(before);
    row.claude = kept(facts, sent.map((r) => text(r.body)).join('\n')).length;
    const usage = JSON.parse(fs.readFileSync(path.join(viaClaude, '.claude-memory', '.cache', 'usage.json'), 'utf8'));
    row.claudeRequest = sent[0] && {
      requests: sent.length,
      ...parts(sent[0].body),
      chars: sent.reduce((s, r) => s + r.raw.length, 0),
      costUsd: usage.routes?.claude?.costUsd ?? 0,
      path: result.path,
    };
    fs.rmSync(viaClaude, { recursive: true, force: true });
  }
  rows.push(row);
  fs.rmSync(offline, { recursive: true, force: true });
  fs.rmSync(online, { recursive: true, force: true });
}
await api.close();
fs.rmSync(home, { recursive: true, force: true });

const sum = (key) => rows.reduce((s, r) => s + (r[key] ?? 0), 0);
const pct = (a, b) => `${((a / b) * 100).toFixed(1)} %`;
console.log('\nfacts kept per compression path (labelled set; model routes: facts present in what was sent)');
console.log(`${'transcript'.padEnd(58)} facts  in-transcript  extractive  sdk-request${withClaude ? '  claude-request' : ''}`);
for (const r of rows) {
  console.log(
    `${r.name.padEnd(58)} ${String(r.facts).padStart(5)} ${String(r.inTranscript).padStart(14)} ${String(r.extractive).padStart(11)} ${String(r.sdk).padStart(12)}${withClaude ? String(r.claude).padStart(16) : ''}`,
  );
}
const total = sum('facts');
console.log(
  `${'total'.padEnd(58)} ${String(total).padStart(5)} ${String(sum('inTranscript')).padStart(14)} ${String(sum('extractive')).padStart(11)} ${String(sum('sdk')).padStart(12)}${withClaude ? String(sum('claude')).padStart(16) : ''}`,
);
console.log(
  `extractive notes keep ${sum('extractive')}/${total} facts (${pct(sum('extractive'), total)}); the SDK request carries ${sum('sdk')}/${total}${withClaude ? `; the claude -p request carries ${sum('claude')}/${total}` : ''}`,
);
console.log(`extractive notes with a sentence cut in the middle: ${rows.filter((r) => r.cuts).length} of ${rows.length} (${sum('cuts')} cuts)`);
const missed = rows.flatMap((r) => r.extractiveMissed.map((fact) => `${r.name}: ${fact}`));
if (missed.length) console.log(`extractive misses:\n  ${missed.join('\n  ')}`);
console.log(
  `extractive notes are ${pct(sum('noteTokens'), sum('transcriptTokens'))} of the transcript tokens over the set (${sum('noteTokens')} / ${sum('transcriptTokens')}); per transcript ${pct(Math.min(...rows.map((r) => r.noteTokens / r.transcriptTokens)), 1)} to ${pct(Math.max(...rows.map((r) => r.noteTokens / r.transcriptTokens)), 1)}`,
);

const avg = (list, key) => list.reduce((s, x) => s + x[key], 0) / list.length;
const sdkRows = rows.map((r) => r.sdkRequest).filter(Boolean);
console.log(`\nrequest per compression event, averaged over ${sdkRows.length} transcripts (tokens estimated at 4 characters):`);
console.log(
  `  sdk:    ${avg(sdkRows, 'requests').toFixed(2)} requests, system ${avg(sdkRows, 'system').toFixed(0)} + tools ${avg(sdkRows, 'tools').toFixed(0)} + messages ${avg(sdkRows, 'messages').toFixed(0)} chars; whole request ${avg(sdkRows, 'chars').toFixed(0)} chars ≈ ${(avg(sdkRows, 'chars') / 4).toFixed(0)} tokens, cost estimated $${avg(sdkRows, 'costUsd').toFixed(5)} (list prices, fake token counts)`,
);
if (withClaude) {
  const claudeRows = rows.map((r) => r.claudeRequest).filter(Boolean);
  console.log(
    `  claude: ${avg(claudeRows, 'requests').toFixed(2)} requests, system ${avg(claudeRows, 'system').toFixed(0)} + tools ${avg(claudeRows, 'tools').toFixed(0)} + messages ${avg(claudeRows, 'messages').toFixed(0)} chars; whole request ${avg(claudeRows, 'chars').toFixed(0)} chars ≈ ${(avg(claudeRows, 'chars') / 4).toFixed(0)} tokens, cost reported by the client $${avg(claudeRows, 'costUsd').toFixed(5)} (fake token counts); paths ${[...new Set(claudeRows.map((r) => r.path))].join(', ')}`,
  );
}
