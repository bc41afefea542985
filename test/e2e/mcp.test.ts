import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runClaude } from '../helpers/claude.js';
import { isMainLoopRequest, requestText, scriptedClaudeHandler, startFakeAnthropic, toolUseReply, type FakeAnthropic } from '../helpers/fake-anthropic.js';
import { CLI, PROJECT_ROOT, linkInstalledPackage, runCliSync, tempDir, tempRepo } from '../helpers/temp-repo.js';

const TOOL = 'mcp__claude-memory__memory_search';
const GET = 'mcp__claude-memory__memory_get';
const cleanup: string[] = [];
const servers: FakeAnthropic[] = [];
afterAll(async () => {
  await Promise.all(servers.map((server) => server.close()));
  for (const dir of cleanup) fs.rmSync(dir, { recursive: true, force: true });
});

/** A `claude-memory` command on PATH that runs this checkout's build, as a global install would. */
function binDirWithCli(): string {
  const bin = tempDir('claude-memory-bin-');
  cleanup.push(bin);
  const shim = path.join(bin, 'claude-memory');
  fs.writeFileSync(shim, `#!/bin/sh\nexec "${process.execPath}" "${CLI}" "$@"\n`, { mode: 0o755 });
  return bin;
}

/**
 * Headless Claude Code connects MCP servers in the background and may send its first request before they are up.
 * These make it wait for them, as a headless user of the memory tools would set them.
 */
const WAIT_FOR_MCP = { MCP_CONNECTION_NONBLOCKING: 'false', MCP_CONNECT_TIMEOUT_MS: '25000' };

function toolResults(body: unknown): Array<{ tool_use_id?: string; content?: unknown; is_error?: boolean }> {
  const messages = (body as { messages?: Array<{ content: unknown }> })?.messages ?? [];
  return messages.flatMap((m) => (Array.isArray(m.content) ? m.content.filter((b: { type?: string }) => b?.type === 'tool_result') : []));
}

describe('Claude Code calls the memory tools through the server that init registered', () => {
  it('search lines reach the model in its next request, then memory_get brings the whole note', async () => {
    const repo = tempRepo();
    const home = tempDir('claude-memory-home-');
    cleanup.push(repo, home);
    expect(runCliSync(repo, ['init', '--no-hooks', '--no-git-hooks']).code).toBe(0);
    const added = runCliSync(repo, [
      'add',
      '--json',
      '--title',
      'Auth service signs JWTs with RS256',
      '--type',
      'decision',
      '--topic',
      'auth',
      '--file',
      'services/auth/jwt.ts',
      '--body',
      'The gateway verifies tokens with the public key only, so the auth service signs with RS256.',
    ]);
    const { id } = JSON.parse(added.stdout) as { id: string };
    // A project's .mcp.json servers wait for the user's approval, which Claude Code only takes from the user's own
    // files (a committed .claude/settings.json cannot approve them): here the untracked settings.local.json.
    fs.mkdirSync(path.join(repo, '.claude'), { recursive: true });
    fs.writeFileSync(path.join(repo, '.claude', 'settings.local.json'), JSON.stringify({ enabledMcpjsonServers: ['claude-memory'] }));

    const fake = await startFakeAnthropic(
      scriptedClaudeHandler([toolUseReply(TOOL, { query: 'jwt signing', limit: 5 }), toolUseReply(GET, { ids: [id] }), 'The auth service signs with RS256.']),
    );
    servers.push(fake);
    const result = await runClaude({
      cwd: repo,
      home,
      baseUrl: fake.url,
      prompt: 'How are JWTs signed here?',
      allowedTools: [TOOL, GET],
      env: { ...WAIT_FOR_MCP, PATH: `${binDirWithCli()}${path.delimiter}${process.env.PATH ?? ''}` },
      timeoutMs: 30_000,
    });
    expect(result.timedOut).toBe(false);
    expect(result.code, result.stderr).toBe(0);

    const main = fake.requests.filter((request) => isMainLoopRequest(request.body));
    expect(main.length).toBeGreaterThanOrEqual(3);
    expect(main[0]!.body?.tools?.map((tool) => tool.name)).toContain(TOOL);
    const results = toolResults(main[1]!.body);
    expect(results).toHaveLength(1);
    expect(results[0]!.is_error ?? false).toBe(false);
    const text = requestText(main[1]!.body);
    expect(text).toContain(id);
    expect(text).toContain('Auth service signs JWTs with RS256');
    expect(text).toContain('| decision |');
    // The line is a pointer, not the note: the body stays out until memory_get asks for it.
    expect(text).not.toContain('public key only');

    const afterGet = toolResults(main[2]!.body);
    expect(afterGet).toHaveLength(2);
    expect(afterGet[1]!.is_error ?? false).toBe(false);
    const got = requestText(main[2]!.body);
    expect(got).toContain(`---\nid: ${id}\ntitle: Auth service signs JWTs with RS256\ntype: decision`);
    expect(got).toContain('The gateway verifies tokens with the public key only');
    expect(result.stdout.trim()).toBe('The auth service signs with RS256.');
  });
});

describe('the plugin ships the same server', () => {
  it("starts it from the plugin folder, running the project's install", async () => {
    const repo = tempRepo({ initMemory: true });
    const home = tempDir('claude-memory-home-');
    // The plugin folder exactly as the marketplace ships it; the program is the project's dependency.
    const plugin = path.join(PROJECT_ROOT, 'plugin');
    cleanup.push(repo, home);
    runCliSync(repo, [
      'add',
      '--title',
      'Builds run with pnpm, never npm',
      '--type',
      'convention',
      '--topic',
      'build',
      '--body',
      'The lockfile is pnpm-lock.yaml.',
    ]);
    linkInstalledPackage(repo);

    const pluginTool = 'mcp__plugin_claude-memory_claude-memory__memory_search';
    const fake = await startFakeAnthropic(scriptedClaudeHandler([toolUseReply(pluginTool, { query: 'pnpm' }), 'Use pnpm.']));
    servers.push(fake);
    const result = await runClaude({
      cwd: repo,
      home,
      baseUrl: fake.url,
      prompt: 'Which package manager?',
      allowedTools: [pluginTool],
      extraArgs: ['--plugin-dir', plugin],
      env: WAIT_FOR_MCP,
      timeoutMs: 30_000,
    });
    expect(result.code, result.stderr).toBe(0);
    const main = fake.requests.filter((request) => isMainLoopRequest(request.body));
    expect(main[0]!.body?.tools?.map((tool) => tool.name)).toContain(pluginTool);
    // The plugin's server runs in the project folder, so it finds the project's notes.
    expect(requestText(main[1]!.body)).toContain('Builds run with pnpm, never npm | convention');
  });
});
