// Tokens an agent spends through the MCP server: memory_search lines versus reading the same notes whole.
// Runs the real server (`claude-memory mcp`) with the real MCP client over the retrieval dataset's notes.
// Tokens are estimated as characters / 4, the estimate every budget in claude-memory uses.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport, getDefaultEnvironment } from '@modelcontextprotocol/sdk/client/stdio.js';
import { CLI, ROOT, reportRows } from './lib.mjs';

const DATA = path.join(ROOT, 'bench', 'data', 'retrieval');
const LIMIT = Number(process.env.MCP_BENCH_LIMIT ?? 5);
const tokens = (text) => Math.ceil(text.length / 4);

const repo = fs.mkdtempSync(path.join(os.tmpdir(), 'claude-memory-mcp-bench-'));
try {
  execFileSync('git', ['init', '-q'], { cwd: repo });
  execFileSync(process.execPath, [CLI, 'init', '--no-hooks', '--no-git-hooks', '--no-mcp'], { cwd: repo, stdio: 'ignore' });
  fs.cpSync(path.join(DATA, 'notes'), path.join(repo, '.claude-memory', 'notes'), { recursive: true });
  const queries = JSON.parse(fs.readFileSync(path.join(DATA, 'queries.json'), 'utf8'));

  const client = new Client({ name: 'mcp-tokens-bench', version: '1.0.0' });
  // The SDK passes few variables on: the sentence-model switch of bench/lib.mjs is passed explicitly.
  await client.connect(
    new StdioClientTransport({
      command: process.execPath,
      args: [CLI, 'mcp'],
      cwd: repo,
      env: { ...getDefaultEnvironment(), CLAUDE_MEMORY_EMBEDDINGS: process.env.CLAUDE_MEMORY_EMBEDDINGS },
      stderr: 'ignore',
    }),
  );
  const call = async (name, args) => {
    const result = await client.callTool({ name, arguments: args });
    return result.content.map((block) => block.text ?? '').join('\n');
  };

  const rows = [];
  for (const { query, relevant } of queries) {
    const lines = await call('memory_search', { query, limit: LIMIT });
    const ids = lines
      .split('\n')
      .filter((line) => /^\S+ \| /.test(line))
      .map((line) => line.split(' | ')[0]);
    if (!ids.length) continue;
    const whole = await call('memory_get', { ids });
    // The ladder: read only the hits that answer the question (the dataset's relevant notes among the hits).
    const wanted = ids.filter((id) => relevant.includes(id));
    const picked = wanted.length ? await call('memory_get', { ids: wanted }) : '';
    rows.push({ query, hits: ids.length, search: tokens(lines), whole: tokens(whole), ladder: tokens(lines) + tokens(picked), found: wanted.length > 0 });
  }
  await client.close();

  const sum = (key) => rows.reduce((total, row) => total + row[key], 0);
  const avg = (key) => (sum(key) / rows.length).toFixed(0);
  const notes = fs.readdirSync(path.join(DATA, 'notes'), { recursive: true }).filter((name) => String(name).endsWith('.md')).length;
  console.log(`\nMCP tokens: ${rows.length} queries over ${notes} notes, memory_search limit ${LIMIT}`);
  console.log('| per query (mean) | tokens |');
  console.log('|---|---|');
  console.log(`| memory_search lines | ${avg('search')} |`);
  console.log(`| memory_get of every hit (reading whole notes) | ${avg('whole')} |`);
  console.log(`| search, then memory_get of only the relevant hit(s) | ${avg('ladder')} |`);
  console.log(`\nsearch lines cost ${((100 * sum('search')) / sum('whole')).toFixed(0)} % of reading the same ${LIMIT} notes whole;`);
  console.log(
    `the search → get ladder costs ${((100 * sum('ladder')) / sum('whole')).toFixed(0)} % (a relevant note was among the hits for ${rows.filter((row) => row.found).length}/${rows.length} queries).`,
  );
  reportRows([
    { suite: 'mcp', name: 'memory_search tokens per query', value: Number(avg('search')), unit: 'tokens' },
    { suite: 'mcp', name: 'memory_get of every hit, tokens per query', value: Number(avg('whole')), unit: 'tokens' },
    { suite: 'mcp', name: 'search then get of the relevant hits, tokens per query', value: Number(avg('ladder')), unit: 'tokens' },
  ]);
  if (process.env.MCP_BENCH_JSON) fs.writeFileSync(process.env.MCP_BENCH_JSON, JSON.stringify(rows, null, 2));
} finally {
  fs.rmSync(repo, { recursive: true, force: true });
}
