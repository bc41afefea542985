import fs from 'node:fs';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { EMBEDDINGS_ON, MEANING_NOTES, MODEL_INSTALLED, PARAPHRASE, mcpServerEnv, writeMeaningNotes } from '../../helpers/embeddings.js';
import { CLI, runCliSync, tempRepo } from '../../helpers/temp-repo.js';

const cleanup: string[] = [];
const clients: Client[] = [];
afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => client.close()));
});
afterAll(() => {
  for (const dir of cleanup) fs.rmSync(dir, { recursive: true, force: true });
});

/** The real MCP client, talking to `claude-memory mcp`, with the sentence model on or off. */
async function connect(cwd: string, model: boolean): Promise<Client> {
  const client = new Client({ name: 'claude-memory-test', version: '1.0.0' });
  await client.connect(new StdioClientTransport({ command: process.execPath, args: [CLI, 'mcp'], cwd, env: mcpServerEnv(model), stderr: 'pipe' }));
  clients.push(client);
  return client;
}

async function call(client: Client, name: string, args: Record<string, unknown>): Promise<string> {
  const result = (await client.callTool({ name, arguments: args })) as { content: Array<{ text?: string }>; isError?: boolean };
  expect(result.isError ?? false).toBe(false);
  return result.content.map((block) => block.text ?? '').join('\n');
}
const ids = (text: string) =>
  text
    .split('\n')
    .filter((line) => /^\S+ \| /.test(line))
    .map((line) => line.split(' | ')[0]);

describe.skipIf(!MODEL_INSTALLED)('MCP tools with the sentence model, through the real MCP client', () => {
  let repo: string;
  beforeAll(() => {
    repo = tempRepo({ initMemory: true });
    cleanup.push(repo);
    writeMeaningNotes(repo);
    expect(runCliSync(repo, ['embed'], { env: EMBEDDINGS_ON }).code).toBe(0);
  });

  it('memory_search finds a note asked for in other words, once the server has loaded the model, and keeps it for the next call', async () => {
    const client = await connect(repo, true);
    expect(ids(await call(client, 'memory_search', { query: PARAPHRASE }))[0]).toBe(MEANING_NOTES.grandmother.id);
    expect(ids(await call(client, 'memory_search', { query: 'Chromium invoice PDF' }))[0]).toBe(MEANING_NOTES.pdf.id);
    expect(ids(await call(client, 'memory_search', { query: 'grandma cooking', limit: 1 }))).toEqual([MEANING_NOTES.grandmother.id]);
  });

  it('memory_related adds notes close in meaning that share no topic, tag, file or link, and says why', async () => {
    const client = await connect(repo, true);
    const text = await call(client, 'memory_related', { id: MEANING_NOTES.stripe.id });
    const line = text.split('\n').find((l) => l.startsWith(`${MEANING_NOTES.redelivery.id} |`));
    expect(line).toMatch(/why: similar in meaning \(0\.\d\d\)$/);
    expect(ids(text)).not.toContain(MEANING_NOTES.grandmother.id);
  });

  it('without the model the same server tools work by words and structure alone', async () => {
    const client = await connect(repo, false);
    expect(await call(client, 'memory_search', { query: PARAPHRASE })).toMatch(/^No notes match/);
    expect(ids(await call(client, 'memory_search', { query: 'Chromium invoice PDF' }))[0]).toBe(MEANING_NOTES.pdf.id);
    expect(await call(client, 'memory_related', { id: MEANING_NOTES.stripe.id })).toMatch(/^No notes related/);
  });
});
