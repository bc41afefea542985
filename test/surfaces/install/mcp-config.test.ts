import fs from 'node:fs';
import path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { afterAll, describe, expect, it } from 'vitest';
import { mcpServerEntry, registerMcpServer, unregisterMcpServer, type McpServerEntry } from '../../../src/surfaces/install/mcp-config.js';
import { CLI, PROJECT_ROOT, runCliSync, tempDir, tempRepo } from '../../helpers/temp-repo.js';

const PORTABLE = mcpServerEntry(undefined);

const dirs: string[] = [];
afterAll(() => dirs.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));
const temp = () => {
  const dir = tempDir('claude-memory-mcpjson-');
  dirs.push(dir);
  return dir;
};
const read = (dir: string) => fs.readFileSync(path.join(dir, '.mcp.json'), 'utf8');

describe('registerMcpServer', () => {
  it('creates .mcp.json with the claude-memory server, and a second run changes nothing', () => {
    const dir = temp();
    expect(registerMcpServer(dir).messages).toEqual([expect.stringContaining('registered the MCP server "claude-memory"')]);
    const first = read(dir);
    expect(JSON.parse(first)).toEqual({
      mcpServers: { 'claude-memory': { type: 'stdio', command: 'sh', args: ['-c', expect.stringContaining('exec claude-memory mcp')], env: {} } },
    });
    expect(registerMcpServer(dir).messages).toEqual([]);
    expect(read(dir)).toBe(first);
  });

  it('keeps every other server and key, and leaves a hand-edited entry of ours alone', () => {
    const dir = temp();
    const theirs = { $schema: 'x', mcpServers: { github: { command: 'gh-mcp', args: ['--ro'] }, 'claude-memory': { command: '/opt/cm', args: ['mcp'] } } };
    fs.writeFileSync(path.join(dir, '.mcp.json'), JSON.stringify(theirs));
    expect(registerMcpServer(dir).messages).toEqual([]);
    expect(JSON.parse(read(dir))).toEqual(theirs);

    const other = temp();
    fs.writeFileSync(path.join(other, '.mcp.json'), JSON.stringify({ mcpServers: { github: { command: 'gh-mcp' } }, note: 1 }));
    registerMcpServer(other);
    expect(JSON.parse(read(other))).toEqual({ mcpServers: { github: { command: 'gh-mcp' }, 'claude-memory': PORTABLE }, note: 1 });
  });

  it('replaces an entry init wrote before (a CLAUDE_MEMORY_BIN since moved) with the one it writes now', () => {
    const dir = temp();
    const old = {
      mcpServers: {
        github: { command: 'gh-mcp' },
        'claude-memory': { type: 'stdio', command: 'node', args: ['/gone/checkout/dist/bin/claude-memory.js', 'mcp'], env: {} },
      },
    };
    fs.writeFileSync(path.join(dir, '.mcp.json'), JSON.stringify(old));
    expect(registerMcpServer(dir).messages).toEqual(['updated the MCP server "claude-memory" in .mcp.json to the command init writes now']);
    expect(JSON.parse(read(dir))).toEqual({ mcpServers: { github: { command: 'gh-mcp' }, 'claude-memory': PORTABLE } });
    expect(registerMcpServer(dir).messages).toEqual([]);
  });

  it.each([
    ['{ broken', 'not valid JSON'],
    ['[1]', 'not a JSON object'],
    ['{"mcpServers": []}', '"mcpServers" is not an object'],
  ])('leaves %j unchanged and says why', (content, why) => {
    const dir = temp();
    fs.writeFileSync(path.join(dir, '.mcp.json'), content);
    const { messages } = registerMcpServer(dir);
    expect(messages).toEqual([expect.stringContaining(`${path.join(dir, '.mcp.json')}: ${why}`)]);
    expect(read(dir)).toBe(content);
  });
});

describe('unregisterMcpServer', () => {
  it('removes exactly our entry, and the file when nothing else was in it', () => {
    const dir = temp();
    fs.writeFileSync(path.join(dir, '.mcp.json'), JSON.stringify({ mcpServers: { github: { command: 'gh-mcp' } } }));
    registerMcpServer(dir);
    expect(unregisterMcpServer(dir).messages).toEqual([expect.stringContaining('removed')]);
    expect(JSON.parse(read(dir))).toEqual({ mcpServers: { github: { command: 'gh-mcp' } } });
    expect(unregisterMcpServer(dir).messages).toEqual([]);

    const alone = temp();
    registerMcpServer(alone);
    unregisterMcpServer(alone);
    expect(fs.existsSync(path.join(alone, '.mcp.json'))).toBe(false);
    expect(unregisterMcpServer(alone).messages).toEqual([]);
  });
});

describe('claude-memory init', () => {
  it('registers the server unless told --no-mcp', () => {
    const repo = tempRepo();
    const skipped = tempRepo();
    dirs.push(repo, skipped);
    expect(runCliSync(repo, ['init', '--no-hooks', '--no-git-hooks']).stdout).toContain('registered the MCP server');
    expect(JSON.parse(read(repo)).mcpServers['claude-memory']).toEqual(PORTABLE);
    runCliSync(skipped, ['init', '--no-hooks', '--no-git-hooks', '--no-mcp']);
    expect(fs.existsSync(path.join(skipped, '.mcp.json'))).toBe(false);
  });
});

describe('the entry init writes', () => {
  /** Start the server exactly as Claude Code would from the entry, and ask it for its tools. */
  async function toolsFrom(entry: McpServerEntry, cwd: string, env: Record<string, string> = {}): Promise<string[]> {
    const client = new Client({ name: 'entry-test', version: '1.0.0' });
    const inherited = Object.fromEntries(Object.entries(process.env).filter((pair): pair is [string, string] => pair[1] !== undefined));
    await client.connect(new StdioClientTransport({ command: entry.command, args: entry.args, cwd, env: { ...inherited, ...env }, stderr: 'pipe' }));
    try {
      return (await client.listTools()).tools.map((tool) => tool.name);
    } finally {
      await client.close();
    }
  }

  it('runs the project install under node_modules, even from a subfolder', async () => {
    const repo = tempRepo({ initMemory: true });
    dirs.push(repo);
    fs.mkdirSync(path.join(repo, 'node_modules'));
    fs.symlinkSync(PROJECT_ROOT, path.join(repo, 'node_modules', 'claude-memory'));
    fs.mkdirSync(path.join(repo, 'src', 'deep'), { recursive: true });
    // An empty PATH for the server apart from node and git: a global claude-memory cannot be what answers.
    const pathWithoutCli = [path.dirname(process.execPath), '/usr/bin', '/bin'].join(path.delimiter);
    expect(await toolsFrom(PORTABLE, path.join(repo, 'src', 'deep'), { PATH: pathWithoutCli })).toContain('memory_search');
  });

  it('falls back to a global claude-memory on PATH', async () => {
    const repo = tempRepo({ initMemory: true });
    const bin = temp();
    dirs.push(repo);
    fs.writeFileSync(path.join(bin, 'claude-memory'), `#!/bin/sh\nexec "${process.execPath}" "${CLI}" "$@"\n`, { mode: 0o755 });
    expect(await toolsFrom(PORTABLE, repo, { PATH: `${bin}${path.delimiter}${process.env.PATH ?? ''}` })).toContain('memory_get');
  });

  it('runs CLAUDE_MEMORY_BIN when init is given one, and refuses a relative one', async () => {
    expect(mcpServerEntry(CLI)).toEqual({ type: 'stdio', command: 'node', args: [CLI, 'mcp'], env: {} });
    expect(() => mcpServerEntry('dist/main.js')).toThrow('not an absolute path');
    const repo = tempRepo();
    dirs.push(repo);
    expect(runCliSync(repo, ['init', '--no-hooks', '--no-git-hooks'], { env: { CLAUDE_MEMORY_BIN: CLI } }).code).toBe(0);
    const entry = JSON.parse(read(repo)).mcpServers['claude-memory'] as McpServerEntry;
    expect(entry.args).toEqual([CLI, 'mcp']);
    expect(await toolsFrom(entry, repo)).toHaveLength(5);
  });
});
