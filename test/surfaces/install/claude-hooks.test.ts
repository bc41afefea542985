import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ourHookEvent } from '../../../src/surfaces/hooks/hook-command.js';
import { CLI, runCliSync, tempRepo } from '../../helpers/temp-repo.js';

const cleanup: string[] = [];
afterAll(() => {
  for (const dir of cleanup) fs.rmSync(dir, { recursive: true, force: true });
});

const settingsPath = (repo: string) => path.join(repo, '.claude', 'settings.json');
const readSettings = (repo: string) =>
  JSON.parse(fs.readFileSync(settingsPath(repo), 'utf8')) as {
    hooks: Record<string, Array<{ matcher?: string; hooks: Array<{ command: string; timeout?: number }> }>>;
    [key: string]: unknown;
  };
const EVENTS = ['PreCompact', 'SessionEnd', 'SessionStart', 'Stop', 'UserPromptSubmit'];

function repo(): string {
  const dir = tempRepo();
  cleanup.push(dir);
  return dir;
}

const init = (dir: string, args: string[] = [], env: Record<string, string> = {}) => runCliSync(dir, ['init', '--no-git-hooks', '--no-mcp', ...args], { env });

const USER_SETTINGS = {
  permissions: { allow: ['Bash(npm test)'] },
  hooks: {
    SessionStart: [{ matcher: 'startup', hooks: [{ type: 'command', command: 'echo "welcome"' }] }],
    PostToolUse: [{ matcher: 'Write', hooks: [{ type: 'command', command: 'npx prettier --write "$FILE"' }] }],
  },
};

describe('init registers the Claude Code hooks', () => {
  it('writes all five events with the portable command, and is idempotent to the byte', () => {
    const dir = repo();
    const first = init(dir);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toContain('registered the Claude Code hooks in .claude/settings.json');
    const settings = readSettings(dir);
    expect(Object.keys(settings.hooks).sort()).toEqual(EVENTS);
    const start = settings.hooks.SessionStart![0]!.hooks[0]!;
    expect(start.command).toContain('node_modules/claude-memory/dist/bin/claude-memory.cjs');
    expect(start.command).toContain('claude-memory hook session-start');
    expect(start.command).not.toContain('npx');
    expect(start.timeout).toBe(15);
    const bytes = fs.readFileSync(settingsPath(dir));
    const second = init(dir);
    expect(second.stdout).not.toContain('registered the Claude Code hooks');
    expect(fs.readFileSync(settingsPath(dir))).toEqual(bytes);
  });

  it('merges with the hooks and keys already there, and uninstall gives them back unchanged', () => {
    const dir = repo();
    fs.mkdirSync(path.join(dir, '.claude'));
    fs.writeFileSync(settingsPath(dir), `${JSON.stringify(USER_SETTINGS, null, 2)}\n`);
    const before = fs.readFileSync(settingsPath(dir), 'utf8');
    expect(init(dir).code).toBe(0);
    const settings = readSettings(dir);
    expect(settings.permissions).toEqual(USER_SETTINGS.permissions);
    expect(settings.hooks.PostToolUse).toEqual(USER_SETTINGS.hooks.PostToolUse);
    expect(settings.hooks.SessionStart).toHaveLength(2);
    expect(settings.hooks.SessionStart![0]).toEqual(USER_SETTINGS.hooks.SessionStart[0]);

    const removed = runCliSync(dir, ['uninstall']);
    expect(removed.code, removed.stderr).toBe(0);
    expect(removed.stdout).toContain('removed 5 Claude Code hooks from .claude/settings.json');
    expect(fs.readFileSync(settingsPath(dir), 'utf8')).toBe(before);
    expect(fs.existsSync(path.join(dir, '.claude-memory', 'config.json'))).toBe(true);
  });

  it('uninstall removes the settings file it created, and nothing when there is nothing of ours', () => {
    const dir = repo();
    init(dir);
    expect(runCliSync(dir, ['uninstall']).code).toBe(0);
    expect(fs.existsSync(path.join(dir, '.claude'))).toBe(false);
    expect(runCliSync(dir, ['uninstall']).stdout).toContain('nothing to remove');
  });

  it('replaces an older form of its own hook instead of adding a second one', () => {
    const dir = repo();
    fs.mkdirSync(path.join(dir, '.claude'));
    fs.writeFileSync(
      settingsPath(dir),
      JSON.stringify({ hooks: { SessionStart: [{ hooks: [{ type: 'command', command: 'npx claude-memory hook session-start' }] }] } }),
    );
    init(dir);
    const start = readSettings(dir).hooks.SessionStart!;
    expect(start).toHaveLength(1);
    expect(start[0]!.hooks).toHaveLength(1);
    expect(start[0]!.hooks[0]!.command).not.toContain('npx');
  });

  it('uses CLAUDE_MEMORY_BIN when set, as a checkout or a test needs', () => {
    const dir = repo();
    init(dir, [], { CLAUDE_MEMORY_BIN: CLI });
    expect(readSettings(dir).hooks.Stop![0]!.hooks[0]!.command).toBe(`node "${CLI}" hook stop`);
    expect(init(dir, [], { CLAUDE_MEMORY_BIN: 'relative/main.js' }).stdout).toContain(
      'Claude Code hooks not registered: CLAUDE_MEMORY_BIN: "relative/main.js" is not an absolute path',
    );
  });

  it('--no-hooks leaves .claude/ alone', () => {
    const dir = repo();
    expect(init(dir, ['--no-hooks']).code).toBe(0);
    expect(fs.existsSync(path.join(dir, '.claude'))).toBe(false);
  });

  it('names the file and the reason when settings.json is not JSON, and leaves it as it was', () => {
    const dir = repo();
    fs.mkdirSync(path.join(dir, '.claude'));
    fs.writeFileSync(settingsPath(dir), '{ "hooks": ');
    const result = init(dir);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/Claude Code hooks not registered: \.claude\/settings\.json: not valid JSON/);
    expect(result.stdout).not.toMatch(/\n\s+at /);
    expect(fs.readFileSync(settingsPath(dir), 'utf8')).toBe('{ "hooks": ');
    const uninstall = runCliSync(dir, ['uninstall']);
    expect(uninstall.code).toBe(1);
    expect(uninstall.stderr).toMatch(/^claude-memory: \.claude\/settings\.json: not valid JSON/);
  });
});

describe('ourHookEvent', () => {
  it('knows our commands and nobody else’s', () => {
    expect(ourHookEvent('claude-memory hook stop')).toBe('stop');
    expect(ourHookEvent('npx claude-memory hook session-end')).toBe('session-end');
    expect(ourHookEvent(`node "${CLI}" hook user-prompt-submit`)).toBe('user-prompt-submit');
    expect(ourHookEvent('node scripts/hook.js hook stop')).toBeUndefined();
    expect(ourHookEvent('./claude-memory-backup.sh')).toBeUndefined();
    expect(ourHookEvent(42)).toBeUndefined();
  });
});
