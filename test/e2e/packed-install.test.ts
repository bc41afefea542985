/**
 * Slow end-to-end test (npm downloads the dependencies, or takes them from its cache): the tarball `npm pack` makes
 * is installed into a fresh repository as a development dependency, the way a user installs the package, and then
 * used only through what npm put there. `npx claude-memory init` registers everything; the registered Claude Code
 * hook command, run by sh exactly as Claude Code runs it, answers a session-start payload with the memory; the git
 * hooks refresh through the installed copy; doctor finds nothing wrong. Nothing here runs this checkout's files.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT, git, tempDir } from '../helpers/temp-repo.js';

const INSTALL_TIMEOUT_MS = 300_000;
const cleanup: string[] = [];
let repo: string;
let version: string;
/** A PATH with node, npm and git but no claude-memory: the project's copy is the only one there is. */
const PATH = [path.dirname(process.execPath), '/usr/local/bin', '/usr/bin', '/bin'].join(path.delimiter);
const env = () => ({ ...process.env, PATH, CLAUDE_MEMORY_BIN: '', CLAUDE_MEMORY_GIT_HOOK_SYNC: '1', npm_config_update_notifier: 'false' });

function npx(args: string[], input = ''): { code: number; stdout: string; stderr: string } {
  const result = spawnSync('npx', ['--no-install', 'claude-memory', ...args], { cwd: repo, env: env(), input, encoding: 'utf8', timeout: 60_000 });
  return { code: result.status ?? 1, stdout: result.stdout, stderr: result.stderr };
}

beforeAll(() => {
  const work = tempDir('claude-memory-packed-');
  cleanup.push(work);
  // The build is current (`npm test` builds first); --ignore-scripts keeps pack from building again.
  const tarball = execFileSync('npm', ['pack', '--ignore-scripts', '--silent', '--pack-destination', work], { cwd: PROJECT_ROOT, encoding: 'utf8' })
    .trim()
    .split('\n')
    .pop()!;
  version = (JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
  repo = path.join(work, 'project');
  fs.mkdirSync(repo);
  git(repo, 'init', '-q', '-b', 'main');
  git(repo, 'config', 'user.email', 'test@example.com');
  git(repo, 'config', 'user.name', 'Test User');
  git(repo, 'config', 'commit.gpgsign', 'false');
  fs.writeFileSync(path.join(repo, 'package.json'), `${JSON.stringify({ name: 'shop', version: '3.2.1', private: true }, null, 2)}\n`);
  fs.writeFileSync(path.join(repo, '.gitignore'), 'node_modules/\n');
  execFileSync('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--save-dev', path.join(work, tarball)], {
    cwd: repo,
    env: env(),
    stdio: 'pipe',
    timeout: INSTALL_TIMEOUT_MS,
  });
}, INSTALL_TIMEOUT_MS + 60_000);

afterAll(() => {
  for (const dir of cleanup) fs.rmSync(dir, { recursive: true, force: true });
});

describe('the packed package installed into a fresh repository', () => {
  it('is a real copy with its own version, not a link to this checkout', () => {
    const installed = path.join(repo, 'node_modules', 'claude-memory');
    expect(fs.lstatSync(installed).isSymbolicLink()).toBe(false);
    expect(fs.existsSync(path.join(installed, 'src'))).toBe(false);
    // The package's own version, not the project's (3.2.1).
    expect(npx(['--version']).stdout.trim()).toBe(version);
  });

  it('npx claude-memory init sets up the memory, the hooks, the git hooks and the MCP server', () => {
    const init = npx(['init']);
    expect(init.code, init.stderr).toBe(0);
    expect(init.stdout).toContain('created .claude-memory/.gitignore');
    expect(init.stdout).toContain('registered the Claude Code hooks in .claude/settings.json');
    expect(init.stdout).toContain('installed git hooks post-merge, post-checkout, post-rewrite in .git/hooks');
    expect(init.stdout).toContain('registered the MCP server "claude-memory" in .mcp.json');
    for (const file of ['.claude/settings.json', '.mcp.json', '.git/hooks/post-merge'])
      expect(fs.readFileSync(path.join(repo, file), 'utf8')).not.toContain(PROJECT_ROOT);
    const added = npx(['add', '--title', 'Checkout totals are rounded half-even', '--type', 'decision', '--body', 'The ledger rounds that way.', '--json']);
    expect(added.code, added.stderr).toBe(0);
  });

  it('the registered session-start command, run as Claude Code runs it, answers with the memory', () => {
    const settings = JSON.parse(fs.readFileSync(path.join(repo, '.claude', 'settings.json'), 'utf8')) as {
      hooks: Record<string, Array<{ hooks: Array<{ command: string }> }>>;
    };
    const command = settings.hooks.SessionStart![0]!.hooks[0]!.command;
    const payload = JSON.stringify({
      session_id: 'packed-1',
      transcript_path: path.join(repo, 'none.jsonl'),
      cwd: repo,
      hook_event_name: 'SessionStart',
      source: 'startup',
    });
    const result = spawnSync('sh', ['-c', command], {
      cwd: repo,
      env: { ...env(), CLAUDE_PROJECT_DIR: repo },
      input: payload,
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(result.status, result.stderr).toBe(0);
    const answer = JSON.parse(result.stdout) as { hookSpecificOutput: { hookEventName: string; additionalContext: string } };
    expect(answer.hookSpecificOutput.hookEventName).toBe('SessionStart');
    expect(answer.hookSpecificOutput.additionalContext).toContain('<project-memory source=".claude-memory"');
    expect(answer.hookSpecificOutput.additionalContext).toContain('Checkout totals are rounded half-even');
  });

  it('the git hooks refresh the index through the installed copy', () => {
    git(repo, 'add', '-A');
    git(repo, 'commit', '-qm', 'memory');
    git(repo, 'checkout', '-q', '-b', 'feature');
    const added = npx(['add', '--title', 'Refunds go back to the original card', '--type', 'fact', '--body', 'Never to store credit.', '--json']);
    const id = (JSON.parse(added.stdout) as { id: string }).id;
    git(repo, 'add', '-A');
    git(repo, 'commit', '-qm', 'refunds');
    git(repo, 'checkout', '-q', 'main');
    fs.rmSync(path.join(repo, '.claude-memory', '.cache'), { recursive: true, force: true });
    execFileSync('git', ['merge', '-q', 'feature'], { cwd: repo, env: env() });
    const catalog = fs.readFileSync(path.join(repo, '.claude-memory', '.cache', 'catalog.json'), 'utf8');
    expect(catalog).toContain(id);
  });

  it('doctor finds everything in place, and the cache is not committed', () => {
    const report = npx(['doctor']);
    expect(report.code, report.stdout).toBe(0);
    expect(report.stdout).toContain(`(the project's node_modules, version ${version})`);
    expect(report.stdout).toContain('Everything is in place.');
    expect(git(repo, 'ls-files', '.claude-memory/.cache')).toBe('');
  });
});
