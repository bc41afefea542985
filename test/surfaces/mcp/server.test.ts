import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { mcpServerEnv } from '../../helpers/embeddings.js';
import { CLI, PROJECT_ROOT, git, initRepo, runCliSync, tempDir, tempRepo, writeFile } from '../../helpers/temp-repo.js';
import { JWT_BODY, JWT_LINK_LINE, NOTES, writeLinkedAuthNotes } from './linked-auth-notes.js';

const cleanup: string[] = [];
const clients: Client[] = [];
afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => client.close()));
});
afterAll(() => {
  for (const dir of cleanup) fs.rmSync(dir, { recursive: true, force: true });
});

/** The real MCP client, talking to `claude-memory mcp` started by the built CLI in `cwd`. */
async function connect(cwd: string, extra: string[] = []): Promise<Client> {
  const client = new Client({ name: 'claude-memory-test', version: '1.0.0' });
  await client.connect(new StdioClientTransport({ command: process.execPath, args: [CLI, 'mcp', ...extra], cwd, env: mcpServerEnv(), stderr: 'pipe' }));
  clients.push(client);
  return client;
}

interface ToolAnswer {
  text: string;
  isError: boolean;
}

async function call(client: Client, name: string, args: Record<string, unknown>): Promise<ToolAnswer> {
  const result = (await client.callTool({ name, arguments: args })) as { content: Array<{ type: string; text?: string }>; isError?: boolean };
  return { text: result.content.map((block) => block.text ?? '').join('\n'), isError: result.isError === true };
}

function repoWithNotes(): string {
  const repo = tempRepo({ initMemory: true });
  cleanup.push(repo);
  writeLinkedAuthNotes(repo);
  return repo;
}

describe('claude-memory mcp over stdio, with the real MCP client', () => {
  let repo: string;
  beforeAll(() => {
    repo = repoWithNotes();
  });

  it('offers the five tools, and their descriptions teach search first, then get', async () => {
    const client = await connect(repo);
    const { tools } = await client.listTools();
    expect(tools.map((tool) => tool.name).sort()).toEqual(['memory_forget', 'memory_get', 'memory_related', 'memory_remember', 'memory_search']);
    const search = tools.find((tool) => tool.name === 'memory_search')!;
    expect(search.description).toMatch(/first/i);
    expect(search.description).toContain('memory_get');
    expect(tools.find((tool) => tool.name === 'memory_get')!.description).toContain('memory_search');
    expect(search.annotations?.readOnlyHint).toBe(true);
    expect(client.getInstructions()).toContain('memory_search');
  });

  it('memory_search answers with one compact line per note, never the body', async () => {
    const client = await connect(repo);
    const answer = await call(client, 'memory_search', { query: 'jwt signing' });
    expect(answer.isError).toBe(false);
    const line = answer.text.split('\n').find((l) => l.startsWith(`${NOTES.jwt} |`));
    // The token figure is the catalog's estimate for the whole note (title, body, front matter allowance).
    const tokens = Math.ceil(('Auth service signs JWTs with RS256'.length + `${JWT_BODY}\n${JWT_LINK_LINE}`.length + 120) / 4);
    expect(line).toBe(
      `${NOTES.jwt} | Auth service signs JWTs with RS256 | decision | 2026-11-23 | .claude-memory/notes/auth/${NOTES.jwt}.md | ~${tokens} tokens`,
    );
    expect(answer.text).not.toContain('public key only');
    // Superseded notes leave search.
    expect(answer.text).not.toContain(NOTES.old);
  });

  it('memory_search filters by type, topic and file, and lists the newest notes for an empty query', async () => {
    const client = await connect(repo);
    const ids = (text: string) =>
      text
        .split('\n')
        .filter((l) => /^\S+ \| /.test(l))
        .map((l) => l.split(' | ')[0]);
    expect(ids((await call(client, 'memory_search', { query: 'auth', type: 'howto' })).text)).toEqual([NOTES.rotation]);
    expect(ids((await call(client, 'memory_search', { query: '', topic: 'build' })).text)).toEqual([NOTES.pnpm]);
    expect(ids((await call(client, 'memory_search', { query: 'gateway key', file: 'services/gateway/src/verify.ts' })).text)).toEqual([NOTES.gateway]);
    expect(ids((await call(client, 'memory_search', { query: '', file: 'services/auth' })).text)).toEqual([NOTES.jwt, NOTES.gateway, NOTES.rotation]);
    expect(ids((await call(client, 'memory_search', { query: '', limit: 2 })).text)).toEqual([NOTES.jwt, NOTES.gateway]);
    const none = await call(client, 'memory_search', { query: 'kubernetes' });
    expect(none).toEqual({ isError: false, text: expect.stringContaining('No notes match "kubernetes"') });
  });

  it('memory_get returns whole notes with front matter, and says which ids it did not find', async () => {
    const client = await connect(repo);
    const answer = await call(client, 'memory_get', { ids: [NOTES.jwt, 'no-such-note-123456'] });
    expect(answer.isError).toBe(false);
    expect(answer.text).toContain(`---\nid: ${NOTES.jwt}\ntitle: Auth service signs JWTs with RS256\ntype: decision`);
    expect(answer.text).toContain(JWT_BODY);
    expect(answer.text).toContain('Not found: no-such-note-123456.');
    const missing = await call(client, 'memory_get', { ids: ['no-such-note-123456'] });
    expect(missing.isError).toBe(true);
    expect(missing.text).toContain('No note with id no-such-note-123456');
  });

  it('memory_related finds linked notes, notes about the same files and the same topic', async () => {
    const client = await connect(repo);
    const answer = await call(client, 'memory_related', { id: NOTES.jwt });
    expect(answer.isError).toBe(false);
    const lines = answer.text.split('\n').slice(1);
    expect(lines[0]).toMatch(new RegExp(`^${NOTES.gateway} \\|.*why: links to it; same files: services/auth/src/jwt.ts`));
    expect(lines.find((l) => l.startsWith(NOTES.rotation))).toContain('why: linked from it; same topic; same tags: auth');
    expect(lines.find((l) => l.startsWith(NOTES.old))).toContain('decision, superseded');
    expect(answer.text).not.toContain(NOTES.pnpm);
    const byFile = await call(client, 'memory_related', { file: path.join(repo, 'services/auth/src/keys.ts') });
    expect(
      byFile.text
        .split('\n')
        .slice(1)
        .map((l) => l.split(' | ')[0]),
    ).toEqual([NOTES.rotation, NOTES.jwt, NOTES.gateway]);
    expect(byFile.text).toContain('why: about this file');
    expect(byFile.text).toContain('why: about a file next to it');
    expect((await call(client, 'memory_related', {})).isError).toBe(true);
    expect((await call(client, 'memory_related', { id: 'missing-note-000000' })).text).toContain('no note with id "missing-note-000000"');
  });
});

describe('memory_remember and memory_forget write through the store', () => {
  it('remembers a note, finds it, archives it with its reason, and search drops it', async () => {
    const repo = tempRepo({ initMemory: true });
    cleanup.push(repo);
    const client = await connect(repo);
    const saved = await call(client, 'memory_remember', {
      title: 'Migrations run before the deploy',
      type: 'convention',
      body: 'The deploy job runs `make migrate` first; a failed migration stops the deploy.',
      topic: 'deploy',
      tags: ['deploy'],
      files: ['Makefile', path.join(repo, 'deploy/job.yaml')],
    });
    expect(saved.isError).toBe(false);
    const id = /Saved note (\S+) at (\S+)/.exec(saved.text)?.[1];
    expect(id).toMatch(/^migrations-run-before-the-deploy-[a-z0-9]+$/);
    const file = path.join(repo, '.claude-memory', 'notes', 'deploy', `${id}.md`);
    expect(fs.readFileSync(file, 'utf8')).toContain('files: [Makefile, deploy/job.yaml]');
    expect((await call(client, 'memory_search', { query: 'migrate deploy' })).text).toContain(`${id} | Migrations run before the deploy | convention`);

    const forgotten = await call(client, 'memory_forget', { id, reason: 'the deploy job was replaced' });
    expect(forgotten).toEqual({ isError: false, text: expect.stringContaining(`Archived note ${id}`) });
    const text = fs.readFileSync(file, 'utf8');
    expect(text).toContain('status: archived');
    expect(text).toContain('archivedReason: the deploy job was replaced');
    expect((await call(client, 'memory_search', { query: 'migrate deploy' })).text).toContain('No notes match');
    expect((await call(client, 'memory_forget', { id, reason: 'again' })).text).toContain('already archived');
    expect((await call(client, 'memory_forget', { id: 'nope-000000', reason: 'x' })).isError).toBe(true);
  });

  it('refuses files outside the repository and notes without a title', async () => {
    const repo = tempRepo({ initMemory: true });
    cleanup.push(repo);
    const client = await connect(repo);
    const outside = await call(client, 'memory_remember', { title: 'x', type: 'fact', body: 'y', files: ['../../etc/passwd'] });
    expect(outside).toEqual({ isError: true, text: expect.stringContaining('lies outside the repository') });
    expect((await call(client, 'memory_remember', { title: '', type: 'fact', body: 'y' })).isError).toBe(true);
    expect((await call(client, 'memory_remember', { title: 'x', type: 'opinion', body: 'y' })).isError).toBe(true);
    expect(fs.readdirSync(path.join(repo, '.claude-memory', 'notes'))).toEqual(['.gitkeep']);
  });

  const secret = 'AKIAIOSFODNN7EXAMPLE';
  it('redacts a secret before the note is written', async () => {
    const repo = tempRepo({ initMemory: true });
    cleanup.push(repo);
    const client = await connect(repo);
    const saved = await call(client, 'memory_remember', { title: 'Deploy key', type: 'fact', body: `The deploy uses ${secret} for S3.` });
    const notePath = /at (\S+)/.exec(saved.text)?.[1] ?? '';
    expect(fs.readFileSync(path.join(repo, notePath), 'utf8')).not.toContain(secret);
    expect(saved.text).toContain('replaced by a placeholder');
  });
});

describe('ids that try to leave the notes folder', () => {
  const attacks = [
    '../../../etc/passwd',
    '/etc/passwd',
    '..%2F..%2Fsecret',
    '%2e%2e%2f%2e%2e%2fsecret',
    '%252e%252e%252fsecret',
    '..\\..\\secret',
    'C:\\Windows\\win.ini',
    'notes/auth/jwt-rs256-k3f9',
    'secret\u0000.md',
    '..',
    '.',
    '%E0%A4%A',
    'a'.repeat(129),
    'file:///etc/passwd',
  ];

  it('refuses every one with an error that says why, and reads nothing outside the store', async () => {
    const repo = tempRepo({ initMemory: true });
    const outside = tempDir('claude-memory-outside-');
    cleanup.push(repo, outside);
    const secretNote = '---\nid: secret\ntitle: SECRET-OUTSIDE\ntype: fact\n---\nSECRET-OUTSIDE body\n';
    writeFile(repo, 'secret.md', secretNote);
    writeFile(repo, '.claude-memory/secret.md', secretNote);
    writeFile(outside, 'secret.md', secretNote);
    // A planted link in the notes folder, to a file outside the repository and to one outside the notes folder.
    fs.symlinkSync(path.join(outside, 'secret.md'), path.join(repo, '.claude-memory', 'notes', 'planted.md'));
    fs.symlinkSync(path.join(repo, 'secret.md'), path.join(repo, '.claude-memory', 'notes', 'inside-repo.md'));
    const client = await connect(repo);

    for (const id of attacks) {
      for (const [tool, args] of [
        ['memory_get', { ids: [id] }],
        ['memory_related', { id }],
        ['memory_forget', { id, reason: 'test' }],
      ] as const) {
        const answer = await call(client, tool, args);
        expect(answer.isError, `${tool} ${JSON.stringify(id)}`).toBe(true);
        expect(answer.text).not.toContain('SECRET-OUTSIDE');
      }
    }
    expect((await call(client, 'memory_get', { ids: ['..%2F..%2Fsecret'] })).text).toContain('is not a valid note id: ids never contain slashes');
    for (const id of ['planted', 'inside-repo', 'secret']) {
      const answer = await call(client, 'memory_get', { ids: [id] });
      expect(answer.isError, id).toBe(true);
      expect(answer.text).not.toContain('SECRET-OUTSIDE');
    }
    // The store follows a linked note only when it resolves inside the notes folder: this one is not a note at all.
    expect((await call(client, 'memory_get', { ids: ['secret'] })).text).toContain('No note with id secret');
    expect((await call(client, 'memory_search', { query: 'SECRET-OUTSIDE' })).text).toContain('No notes match');
    expect((await call(client, 'memory_search', { query: '' })).text).not.toContain('SECRET');
    expect((await call(client, 'memory_related', { file: 'secret.md' })).text).not.toContain('SECRET');
    expect(fs.readFileSync(path.join(repo, 'secret.md'), 'utf8')).toBe(secretNote);
  });
});

describe('bounded answers and bad input', () => {
  it('keeps every answer under 20,000 characters, cutting long notes with a marker', async () => {
    const repo = tempRepo({ initMemory: true });
    cleanup.push(repo);
    const ids: string[] = [];
    for (let i = 0; i < 12; i++) {
      const id = `long-note-${String(i).padStart(2, '0')}`;
      ids.push(id);
      writeFile(
        repo,
        `.claude-memory/notes/big/${id}.md`,
        `---\nid: ${id}\ntitle: Long note ${i} about caching\ntype: fact\ntopic: big\n---\n${'Caching detail line. '.repeat(3000)}\n`,
      );
    }
    const client = await connect(repo);
    const one = await call(client, 'memory_get', { ids: [ids[0]] });
    expect(one.text.length).toBeLessThanOrEqual(20_000);
    expect(one.text).toMatch(/\[… truncated: \d+ more characters; the rest is in \.claude-memory\/notes\/big\/long-note-00\.md\]/);
    const many = await call(client, 'memory_get', { ids: ids.slice(0, 10) });
    expect(many.text.length).toBeLessThanOrEqual(20_000);
    expect(many.text).toContain('Left out to keep this answer short: long-note-02');
    const search = await call(client, 'memory_search', { query: 'caching', limit: 50 });
    expect(search.text.length).toBeLessThanOrEqual(20_000);
    expect((await call(client, 'memory_get', { ids: ids })).text).toContain('Too big: expected array to have <=10 items');
  });

  it('answers wrong types, unknown tools and huge strings with errors, and keeps serving', async () => {
    const repo = tempRepo({ initMemory: true });
    cleanup.push(repo);
    writeLinkedAuthNotes(repo);
    const client = await connect(repo);
    const bad: Array<[string, Record<string, unknown>]> = [
      ['memory_search', { query: 42 }],
      ['memory_search', { query: 'x'.repeat(100_000) }],
      ['memory_search', { query: 'jwt', limit: -1 }],
      ['memory_search', { query: 'jwt', type: 'opinion' }],
      ['memory_search', { query: 'jwt', file: '/etc' }],
      ['memory_get', { ids: 'jwt-rs256-k3f9' }],
      ['memory_get', { ids: [] }],
      ['memory_get', {}],
      ['memory_related', { id: NOTES.jwt, file: 'a.ts' }],
      ['memory_forget', { id: NOTES.jwt }],
      ['memory_nothing', {}],
    ];
    for (const [tool, args] of bad) {
      const answer = await call(client, tool, args);
      expect(answer.isError, `${tool} ${JSON.stringify(args).slice(0, 80)}`).toBe(true);
      expect(answer.text.length).toBeGreaterThan(10);
      expect(answer.text).not.toMatch(/\n\s+at /);
    }
    expect((await call(client, 'memory_search', { query: 'jwt' })).text).toContain(NOTES.jwt);
  });

  it('survives lines that are not JSON-RPC and writes nothing but protocol messages to stdout', async () => {
    const repo = tempRepo({ initMemory: true });
    cleanup.push(repo);
    const child = spawn(process.execPath, [CLI, 'mcp'], { cwd: repo, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    const send = (line: string) => child.stdin.write(`${line}\n`);
    send(
      '{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"raw","version":"1"}}}',
    );
    send('not json at all');
    send('{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"memory_search","arguments":null}}');
    send('{"jsonrpc":"2.0","id":3,"method":"no/such/method"}');
    send('[1,2,3]');
    send('{"jsonrpc":"2.0","id":4,"method":"tools/call","params":{"name":"memory_search","arguments":{"query":"anything"}}}');
    child.stdin.end();
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(code).toBe(0);
    const messages = stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { id?: number; result?: { content?: Array<{ text: string }> }; error?: unknown });
    expect(messages.every((message) => (message as { jsonrpc?: string }).jsonrpc === '2.0')).toBe(true);
    expect(messages.find((message) => message.id === 3)?.error).toBeDefined();
    expect(messages.find((message) => message.id === 4)?.result?.content?.[0]?.text).toContain('No notes match "anything"');
  });

  it('explains what is missing outside a repository or before init', async () => {
    const bare = tempDir('claude-memory-bare-');
    const repo = tempRepo();
    cleanup.push(bare, repo);
    const notRepo = await call(await connect(bare), 'memory_search', { query: 'x' });
    expect(notRepo).toEqual({ isError: true, text: expect.stringContaining('is not inside a git work tree') });
    const noInit = await call(await connect(repo), 'memory_remember', { title: 'x', type: 'fact', body: 'y' });
    expect(noInit).toEqual({ isError: true, text: expect.stringContaining('run "claude-memory init"') });
    expect(git(repo, 'status', '--porcelain')).toBe('');
    expect(runCliSync(repo, ['--help']).stdout).toContain('mcp');
  });
});

describe('the plugin copy of the server', () => {
  const toolNames = async (client: Client) => (client.getServerCapabilities()?.tools ? (await client.listTools()).tools.map((tool) => tool.name).sort() : []);

  it('stands down where the project registers the server itself, so the tools are offered once', async () => {
    const repo = repoWithNotes();
    // Plugin only: the plugin's server offers the tools.
    expect(await toolNames(await connect(repo, ['--plugin']))).toHaveLength(5);
    // A project .mcp.json that is the plugin's own file (a checkout of claude-memory) is not another registration.
    writeFile(repo, '.mcp.json', fs.readFileSync(path.join(PROJECT_ROOT, 'plugin', '.mcp.json'), 'utf8'));
    expect(await toolNames(await connect(repo, ['--plugin']))).toHaveLength(5);
    fs.rmSync(path.join(repo, '.mcp.json'));
    // init registers the project's own server: the plugin's copy offers nothing and says why.
    await initRepo(repo, { mcp: true });
    const standing = await connect(repo, ['--plugin']);
    expect(await toolNames(standing)).toEqual([]);
    expect(standing.getInstructions()).toContain("project's own .mcp.json registers the claude-memory server");
    expect(fs.readFileSync(path.join(repo, '.claude-memory/.cache/log.jsonl'), 'utf8')).toContain('the plugin server offers no tools');
    // The project's own server still offers them.
    expect(await toolNames(await connect(repo))).toHaveLength(5);
    // A project that turned its .mcp.json server off keeps the plugin's.
    writeFile(repo, '.claude/settings.local.json', JSON.stringify({ disabledMcpjsonServers: ['claude-memory'] }));
    expect(await toolNames(await connect(repo, ['--plugin']))).toHaveLength(5);
  });
});
