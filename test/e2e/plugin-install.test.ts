/**
 * The plugin as a user gets it: the real `claude` adds this repository as a marketplace and installs the plugin into
 * a temporary HOME. The installed copy holds the plugin's three files and nothing of the repository around them
 * (no node_modules, src, tests or bench), and its hooks reach the claude-memory installed in the project.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLAUDE_BIN, claudeEnv, runClaude } from '../helpers/claude.js';
import { isMainLoopRequest, requestText, startFakeAnthropic, textReply, type FakeAnthropic } from '../helpers/fake-anthropic.js';
import { PROJECT_ROOT, git, linkInstalledPackage, runCliSync, tempDir, tempRepo } from '../helpers/temp-repo.js';

const cleanup: string[] = [];
let fake: FakeAnthropic;
let home: string;
let installPath: string;

const claude = (args: string[], cwd = PROJECT_ROOT) =>
  execFileSync(CLAUDE_BIN, args, { cwd, env: { ...process.env, ...claudeEnv(home, 'http://127.0.0.1:9') }, encoding: 'utf8', timeout: 60_000, stdio: 'pipe' });

function filesUnder(dir: string): Array<{ rel: string; bytes: number }> {
  return (fs.readdirSync(dir, { recursive: true }) as string[])
    .filter((rel) => fs.statSync(path.join(dir, rel)).isFile())
    .map((rel) => ({ rel: rel.split(path.sep).join('/'), bytes: fs.statSync(path.join(dir, rel)).size }))
    .sort((a, b) => a.rel.localeCompare(b.rel));
}

beforeAll(async () => {
  fake = await startFakeAnthropic((req) => (isMainLoopRequest(req.body) ? textReply('Done.') : textReply('Fake side reply.')));
  home = tempDir('claude-memory-plugin-home-');
  cleanup.push(home);
  expect(claude(['plugin', 'marketplace', 'add', PROJECT_ROOT])).toContain('Successfully added marketplace: claude-memory');
  expect(claude(['plugin', 'install', 'claude-memory@claude-memory'])).toContain('Successfully installed plugin');
  const installed = JSON.parse(fs.readFileSync(path.join(home, '.claude', 'plugins', 'installed_plugins.json'), 'utf8')) as {
    plugins: Record<string, Array<{ installPath: string }>>;
  };
  installPath = installed.plugins['claude-memory@claude-memory']![0]!.installPath;
});

afterAll(async () => {
  await fake?.close();
  for (const dir of cleanup) fs.rmSync(dir, { recursive: true, force: true });
});

/** A repository with memory and one note, and no hooks of its own: only the plugin's can give it the note. */
function projectWithNote(title: string): string {
  const repo = tempRepo({ initMemory: true });
  cleanup.push(repo);
  const added = runCliSync(repo, ['add', '--title', title, '--type', 'decision', '--body', 'Recorded for the plugin test.']);
  expect(added.code, added.stderr).toBe(0);
  git(repo, 'add', '-A');
  git(repo, 'commit', '-qm', 'memory');
  return repo;
}

async function firstRequest(repo: string): Promise<{ code: number | null; stderr: string; text: string }> {
  const from = fake.requests.length;
  const result = await runClaude({ cwd: repo, home, baseUrl: fake.url, prompt: 'What do we know?', timeoutMs: 30_000 });
  const main = fake.requests.slice(from).find((request) => isMainLoopRequest(request.body));
  return { code: result.code, stderr: result.stderr, text: main ? requestText(main.body) : '' };
}

describe('the plugin installed by the real client from a local marketplace', () => {
  it('is the plugin folder alone: three small files', () => {
    const files = filesUnder(installPath);
    expect(files.map((file) => file.rel)).toEqual(['.claude-plugin/plugin.json', '.mcp.json', 'hooks/hooks.json']);
    expect(files.reduce((sum, file) => sum + file.bytes, 0)).toBeLessThan(16 * 1024);
  });

  it("runs the project's claude-memory from its hooks: the session starts with the memory", async () => {
    const repo = projectWithNote('Plugin hooks reach the project install');
    linkInstalledPackage(repo);
    const { code, stderr, text } = await firstRequest(repo);
    expect(code, stderr).toBe(0);
    expect(text).toContain('<project-memory source=".claude-memory"');
    expect(text).toContain('Plugin hooks reach the project install');
  });

  it('doctor sees the plugin in that HOME: it gives the hooks and the MCP server, and runs the project install', () => {
    const repo = projectWithNote('Doctor reads the plugin registry');
    linkInstalledPackage(repo);
    const report = runCliSync(repo, ['doctor', '--json'], { env: { HOME: home, CLAUDE_CONFIG_DIR: '' } });
    expect(report.code, report.stdout).toBe(0);
    const messages = (JSON.parse(report.stdout) as { findings: Array<{ message: string }> }).findings.map((finding) => finding.message);
    expect(messages).toContain('the Claude Code hooks come from the plugin claude-memory@claude-memory');
    expect(messages).toContain('the MCP server comes from the plugin claude-memory@claude-memory');
    expect(messages).toContain('plugin claude-memory@claude-memory is enabled (user scope)');
    expect(
      messages.some((message) => message.startsWith('the Claude Code hooks and the MCP server run ') && message.includes("(the project's node_modules")),
    ).toBe(true);
  });

  it('does nothing, and never fails the session, where no claude-memory is installed', async () => {
    const repo = projectWithNote('Nobody installed the program');
    const { code, stderr, text } = await firstRequest(repo);
    expect(code, stderr).toBe(0);
    expect(text).not.toContain('<project-memory');
  });
});
