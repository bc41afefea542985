// Compression figures on the transcripts made by the real client (test/fixtures/transcripts) plus one long synthetic
// session built from them:
//   - notes tokens / transcript tokens for the extractive path (target: at most 5 %), front matter included;
//   - the request of the model path: tokens per compression event (system + tool + related notes + digest) and the
//     output cap, measured on what the real SDK sent to a local fake Messages API.
// Token counts use the project's own estimate (src/core/tokens.ts). Run after `npm run build`:
//   node bench/compression.mjs
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { ROOT, compressionModules } from './dist.mjs';
import { reportRows } from './lib.mjs';

const { compressTranscript, estimateTokens } = await compressionModules();

const FIXTURES = path.join(ROOT, 'test', 'fixtures', 'transcripts');

function repo() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cm-bench-compress-'));
  execFileSync('git', ['init', '-q'], { cwd: dir });
  fs.mkdirSync(path.join(dir, '.claude-memory'), { recursive: true });
  fs.writeFileSync(path.join(dir, '.claude-memory', 'config.json'), JSON.stringify({ onNewNotes: 'off' }));
  return dir;
}

/** A long session: every real fixture's conversation lines, repeated with fresh ids, as one transcript. */
function longSession(dir) {
  const lines = [];
  for (let round = 0; round < 12; round++) {
    for (const name of fs
      .readdirSync(FIXTURES)
      .filter((f) => f.endsWith('.jsonl'))
      .sort()) {
      for (const line of fs.readFileSync(path.join(FIXTURES, name), 'utf8').split('\n').filter(Boolean)) {
        lines.push(line.replaceAll('"uuid":"', `"uuid":"r${round}-`).replaceAll('toolu_', `toolu_r${round}`));
      }
    }
  }
  const file = path.join(dir, 'long-synthetic-session.jsonl');
  fs.writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

function noteTokens(root, ids) {
  let total = 0;
  const walk = (dir) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (ids.some((id) => entry.name === `${id}.md`)) total += estimateTokens(fs.readFileSync(full, 'utf8'));
    }
  };
  walk(path.join(root, '.claude-memory', 'notes'));
  return total;
}

/** A fake Messages API that records each request and answers with an empty record_memories call. */
async function fakeApi() {
  const requests = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      const parsed = JSON.parse(body);
      requests.push(parsed);
      const reply = {
        id: 'msg_bench',
        type: 'message',
        role: 'assistant',
        model: parsed.model,
        stop_reason: 'tool_use',
        stop_sequence: null,
        content: [{ type: 'tool_use', id: 'toolu_bench', name: 'record_memories', input: { notes: [] } }],
        usage: { input_tokens: estimateTokens(body), output_tokens: 20 },
      };
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(reply));
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${server.address().port}`, requests, close: () => new Promise((resolve) => server.close(resolve)) };
}

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'cm-bench-transcripts-'));
const transcripts = [
  ...fs
    .readdirSync(FIXTURES)
    .filter((f) => f.endsWith('.jsonl'))
    .sort()
    .map((f) => path.join(FIXTURES, f)),
  longSession(work),
];
const api = await fakeApi();
const rows = [];
let sumNotes = 0;
let sumTranscript = 0;
for (const [i, file] of transcripts.entries()) {
  const transcriptTokens = estimateTokens(fs.readFileSync(file, 'utf8'));
  const offline = repo();
  const extractive = await compressTranscript(offline, { transcriptPath: file, sessionId: `bench-${i}`, env: {} });
  const notes = noteTokens(offline, extractive.created);
  sumNotes += notes;
  sumTranscript += transcriptTokens;

  const online = repo();
  const before = api.requests.length;
  await compressTranscript(online, { transcriptPath: file, sessionId: `bench-${i}`, env: { ANTHROPIC_API_KEY: 'bench', ANTHROPIC_BASE_URL: api.url } });
  const request = api.requests[before];
  const requestTokens = request ? estimateTokens(JSON.stringify({ system: request.system, tools: request.tools, messages: request.messages })) : 0;
  rows.push({
    transcript: path.basename(file),
    transcriptTokens,
    notes,
    ratio: notes / transcriptTokens,
    requests: api.requests.length - before,
    requestTokens,
    maxTokens: request?.max_tokens ?? 0,
  });
  fs.rmSync(offline, { recursive: true, force: true });
  fs.rmSync(online, { recursive: true, force: true });
}
await api.close();
fs.rmSync(work, { recursive: true, force: true });

console.log('\ncompression (extractive notes vs transcript; model-path request per compression event)');
console.log('transcript                                   transcript tok  notes tok  notes/transcript  requests  request tok  output cap');
for (const r of rows) {
  console.log(
    `${r.transcript.padEnd(44)} ${String(r.transcriptTokens).padStart(14)} ${String(r.notes).padStart(10)} ${`${(r.ratio * 100).toFixed(1)} %`.padStart(17)} ${String(r.requests).padStart(9)} ${String(r.requestTokens).padStart(12)} ${String(r.maxTokens).padStart(11)}`,
  );
}
const real = rows.filter((r) => r.transcript.startsWith('session-with-'));
console.log(
  `real-client fixtures: notes are ${((real.reduce((s, r) => s + r.notes, 0) / real.reduce((s, r) => s + r.transcriptTokens, 0)) * 100).toFixed(1)} % of the transcript tokens, worst ${(Math.max(...real.map((r) => r.ratio)) * 100).toFixed(1)} %`,
);
console.log(`all transcripts: notes are ${((sumNotes / sumTranscript) * 100).toFixed(1)} % of the transcript tokens (target ≤ 5 %)`);
console.log(
  `model path: ${(rows.reduce((s, r) => s + r.requestTokens, 0) / rows.length).toFixed(0)} request tokens per compression on average, max ${Math.max(...rows.map((r) => r.requestTokens))}`,
);
const share = sumNotes / sumTranscript;
reportRows([
  {
    suite: 'compression',
    name: 'notes / transcript tokens, all transcripts',
    value: Number((share * 100).toFixed(2)),
    unit: '%',
    display: `${(share * 100).toFixed(1)} %`,
    budget: { max: 5, display: '≤ 5 %' },
    verdict: share <= 0.05 ? 'PASS' : 'FAIL',
  },
  { suite: 'compression', name: 'model path: max request tokens per compression', value: Math.max(...rows.map((r) => r.requestTokens)), unit: 'tokens' },
]);
