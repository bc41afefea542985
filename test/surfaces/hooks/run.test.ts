/**
 * `claude-memory hook …` as Claude Code runs it: the built CLI in a real repository, a JSON payload on stdin,
 * stdout read back as Claude Code would read it.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { git, initRepo, runCli, runCliSync, tempDir, tempRepo, writeFile, type CliResult } from '../../helpers/temp-repo.js';

const cleanup: string[] = [];
afterAll(() => {
  for (const dir of cleanup) fs.rmSync(dir, { recursive: true, force: true });
});

function repoWithNotes(): string {
  const repo = tempRepo({ initMemory: true });
  cleanup.push(repo);
  writeFile(repo, 'src/retry.ts', 'export const MAX = 3;\n');
  writeFile(repo, 'src/auth/jwt.ts', 'export {};\n');
  runCliSync(repo, [
    'add',
    '--title',
    'HTTP client retries idempotent requests',
    '--type',
    'decision',
    '--topic',
    'http',
    '--file',
    'src/retry.ts',
    '--body',
    'POST is never retried, so a payment cannot be sent twice.',
  ]);
  runCliSync(repo, [
    'add',
    '--title',
    'Auth service signs JWTs with RS256',
    '--type',
    'fact',
    '--topic',
    'auth',
    '--file',
    'src/auth/jwt.ts',
    '--body',
    'The gateway verifies tokens with the public key only.',
  ]);
  git(repo, 'add', '-A');
  git(repo, 'commit', '-qm', 'initial');
  return repo;
}

const payload = (repo: string, event: string, extra: Record<string, unknown> = {}) =>
  JSON.stringify({ session_id: 'session-1', transcript_path: path.join(repo, 'none.jsonl'), cwd: repo, hook_event_name: event, ...extra });

function hook(repo: string, args: string[], input: string): CliResult {
  return runCliSync(repo, ['hook', ...args], { input });
}

function context(result: CliResult, event: string): string {
  expect(result.code).toBe(0);
  const parsed = JSON.parse(result.stdout) as { hookSpecificOutput: { hookEventName: string; additionalContext: string } };
  expect(parsed.hookSpecificOutput.hookEventName).toBe(event);
  return parsed.hookSpecificOutput.additionalContext;
}

describe('hook session-start', () => {
  let repo: string;
  beforeAll(() => {
    repo = repoWithNotes();
  });

  it('answers with the fenced memory as additionalContext JSON and nothing else on stdout', () => {
    const text = context(hook(repo, ['session-start'], payload(repo, 'SessionStart', { source: 'startup' })), 'SessionStart');
    expect(text.startsWith('<project-memory source=".claude-memory"')).toBe(true);
    expect(text).toContain('HTTP client retries idempotent requests');
    expect(text.length).toBeLessThan(10_000);
  });

  it('stands down inside the claude -p that compression starts (CLAUDE_MEMORY_NESTED=1): no output, no log', () => {
    const nested = runCliSync(repo, ['hook', 'session-start'], {
      input: payload(repo, 'SessionStart', { source: 'startup' }),
      env: { CLAUDE_MEMORY_NESTED: '1' },
    });
    expect(nested).toEqual({ code: 0, stdout: '', stderr: '' });
    const stop = runCliSync(repo, ['hook', 'session-end'], { input: payload(repo, 'SessionEnd'), env: { CLAUDE_MEMORY_NESTED: '1' } });
    expect(stop).toEqual({ code: 0, stdout: '', stderr: '' });
  });

  it('takes the event from hook_event_name when no argument names it', () => {
    context(hook(repo, [], payload(repo, 'SessionStart')), 'SessionStart');
  });

  it('lists the notes about files changed on the branch, committed or not', () => {
    git(repo, 'checkout', '-q', '-b', 'feature');
    writeFile(repo, 'src/retry.ts', 'export const MAX = 5;\n');
    const uncommitted = context(hook(repo, ['session-start'], payload(repo, 'SessionStart')), 'SessionStart');
    expect(uncommitted).toMatch(/## Notes about files changed on this branch \(against main[^\n]*\)\n- \[HTTP client retries idempotent requests\]/);
    git(repo, 'commit', '-qam', 'five retries');
    const committed = context(hook(repo, ['session-start'], payload(repo, 'SessionStart')), 'SessionStart');
    expect(committed).toContain('about src/retry.ts');
    expect(committed).not.toMatch(/changed on this branch[^\n]*\n- \[Auth service/);
    git(repo, 'checkout', '-q', 'main');
  });

  it('regenerates a stale index first, so a note added since (a pull) shows up', () => {
    writeFile(
      repo,
      '.claude-memory/notes/build/pnpm-only.md',
      '---\ntitle: Builds run with pnpm, never npm\ntype: convention\n---\nThe lockfile is pnpm-lock.yaml.\n',
    );
    expect(context(hook(repo, ['session-start'], payload(repo, 'SessionStart')), 'SessionStart')).toContain('Builds run with pnpm, never npm');
  });

  it('prints the same text as claude-memory context', () => {
    const text = context(hook(repo, ['session-start'], payload(repo, 'SessionStart')), 'SessionStart');
    expect(runCliSync(repo, ['context']).stdout).toBe(`${text}\n`);
  });

  it('rebuilds from the notes when every cache file is garbage', () => {
    const cache = path.join(repo, '.claude-memory', '.cache');
    for (const file of fs.readdirSync(cache, { recursive: true }) as string[]) {
      const full = path.join(cache, file);
      if (fs.statSync(full).isFile()) fs.writeFileSync(full, '\u0000garbage{');
    }
    const result = hook(repo, ['session-start'], payload(repo, 'SessionStart'));
    expect(result.stderr).toBe('');
    expect(context(result, 'SessionStart')).toContain('HTTP client retries idempotent requests');
  });
});

describe('hooks fail open', () => {
  it('does nothing, silently, in a repository without .claude-memory/', () => {
    const repo = tempRepo();
    cleanup.push(repo);
    const result = hook(repo, ['session-start'], payload(repo, 'SessionStart'));
    expect(result).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(fs.existsSync(path.join(repo, '.claude-memory'))).toBe(false);
  });

  it('does nothing outside a git repository', () => {
    const dir = tempDir();
    cleanup.push(dir);
    expect(hook(dir, ['session-start'], payload(dir, 'SessionStart'))).toEqual({ code: 0, stdout: '', stderr: '' });
  });

  it('exits 0 with nothing but valid JSON or nothing on stdout for garbage, empty or hostile payloads', () => {
    const repo = repoWithNotes();
    for (const [args, input] of [
      [['session-start'], '\u0000\u0001 not json'],
      [['user-prompt-submit'], ''],
      [['user-prompt-submit'], '[1,2,3]'],
      [['no-such-event'], payload(repo, 'NoSuchEvent')],
      [[], '{"hook_event_name": "Nonsense"}'],
      [['stop'], JSON.stringify({ session_id: '../../etc', transcript_path: '/etc/passwd', cwd: repo })],
      [['session-end'], JSON.stringify({ session_id: 42, transcript_path: { x: 1 }, cwd: repo })],
      [['user-prompt-submit'], JSON.stringify({ session_id: '../../../x', cwd: repo, prompt: { toString: 1 } })],
    ] as Array<[string[], string]>) {
      const result = hook(repo, args, input);
      expect(result.code, `${args.join(' ')} ${input}`).toBe(0);
      expect(result.stderr).toBe('');
      if (result.stdout) expect(JSON.parse(result.stdout).hookSpecificOutput.hookEventName).toBe('SessionStart');
    }
    // Nothing was written outside the repository's cache, and no compression started for a file that is not a transcript.
    expect(fs.existsSync(path.join(repo, '.claude-memory', '.cache', 'sessions', 'etc.json'))).toBe(false);
    expect(fs.readdirSync(path.join(repo, '.claude-memory', 'notes'), { recursive: true }).filter((f) => String(f).endsWith('.md'))).toHaveLength(2);
  });

  it('logs a failure under .cache/ instead of telling Claude', () => {
    const repo = repoWithNotes();
    // A config that is a folder cannot be read: the hook exits 0, says nothing, and the log names the file and why.
    fs.rmSync(path.join(repo, '.claude-memory', 'config.json'));
    fs.mkdirSync(path.join(repo, '.claude-memory', 'config.json'));
    const result = hook(repo, ['session-start'], payload(repo, 'SessionStart'));
    expect(result).toEqual({ code: 0, stdout: '', stderr: '' });
    const log = fs
      .readFileSync(path.join(repo, '.claude-memory', '.cache', 'log.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { level: string; message: string });
    expect(log.at(-1)).toMatchObject({
      level: 'error',
      message: expect.stringMatching(/^hook session-start failed: \.claude-memory\/config\.json: is not a file/),
    });
  });

  it('stays silent and exits 0 when even the log cannot be written', () => {
    const repo = repoWithNotes();
    fs.rmSync(path.join(repo, '.claude-memory', 'config.json'));
    fs.mkdirSync(path.join(repo, '.claude-memory', 'config.json'));
    fs.rmSync(path.join(repo, '.claude-memory', '.cache'), { recursive: true, force: true });
    fs.writeFileSync(path.join(repo, '.claude-memory', '.cache'), 'a file where the cache folder should be');
    expect(hook(repo, ['session-start'], payload(repo, 'SessionStart'))).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(fs.readFileSync(path.join(repo, '.claude-memory', '.cache'), 'utf8')).toBe('a file where the cache folder should be');
  });
});

describe('hook user-prompt-submit', () => {
  it('injects a pointer for a relevant prompt, once per session, and nothing for an irrelevant one', () => {
    const repo = repoWithNotes();
    const ask = (prompt: string, session = 'prompt-session') =>
      hook(repo, ['user-prompt-submit'], payload(repo, 'UserPromptSubmit', { prompt, session_id: session }));
    const first = ask('how does the auth service sign the jwt tokens?');
    const log = path.join(repo, '.claude-memory', '.cache', 'log.jsonl');
    expect(first.stdout, fs.existsSync(log) ? fs.readFileSync(log, 'utf8') : first.stderr).not.toBe('');
    const text = context(first, 'UserPromptSubmit');
    expect(text).toContain('Auth service signs JWTs with RS256 (fact, id ');
    expect(text).toContain('.claude-memory/notes/auth/');
    expect(ask('how does the auth service sign the jwt tokens?').stdout).toBe('');
    expect(ask('write a haiku about autumn', 'other-session').stdout).toBe('');
  });

  it('does not repeat what session start gave the session', () => {
    const repo = repoWithNotes();
    context(hook(repo, ['session-start'], payload(repo, 'SessionStart', { session_id: 'started' })), 'SessionStart');
    const result = hook(
      repo,
      ['user-prompt-submit'],
      payload(repo, 'UserPromptSubmit', { session_id: 'started', prompt: 'how does the auth service sign the jwt tokens?' }),
    );
    expect(result).toEqual({ code: 0, stdout: '', stderr: '' });
  });
});

describe('the plugin copy of a hook', () => {
  it('stands down when the project registered its own hooks, so the memory comes once', async () => {
    const repo = repoWithNotes();
    const input = payload(repo, 'SessionStart');
    context(hook(repo, ['session-start', '--plugin'], input), 'SessionStart');
    await initRepo(repo, { hooks: true });
    expect(hook(repo, ['session-start', '--plugin'], input).stdout).toBe('');
    context(hook(repo, ['session-start'], input), 'SessionStart');
  });

  it('names the MCP tools whichever way the server was installed', async () => {
    const repo = repoWithNotes();
    const input = payload(repo, 'SessionStart');
    // Nothing registered: no tools to name.
    expect(context(hook(repo, ['session-start'], input), 'SessionStart')).not.toContain('memory_search');
    // The plugin's hook: the plugin's server serves the project.
    expect(context(hook(repo, ['session-start', '--plugin'], input), 'SessionStart')).toContain('the MCP tools memory_search, memory_get and memory_related');
    // init's hook with the plugin enabled in the project's settings (init --no-mcp): the plugin's server.
    writeFile(repo, '.claude/settings.json', JSON.stringify({ enabledPlugins: { 'claude-memory@claude-memory': true } }));
    expect(context(hook(repo, ['session-start'], input), 'SessionStart')).toContain('memory_search');
    writeFile(repo, '.claude/settings.local.json', JSON.stringify({ enabledPlugins: { 'claude-memory@claude-memory': false } }));
    expect(context(hook(repo, ['session-start'], input), 'SessionStart')).not.toContain('memory_search');
    // init's own registration in .mcp.json.
    await initRepo(repo, { mcp: true });
    expect(context(hook(repo, ['session-start'], input), 'SessionStart')).toContain('memory_search');
  });
});

describe('several sessions at once', () => {
  it('corrupt nothing: parallel hooks on a stale index all answer, and the index ends consistent', async () => {
    const repo = repoWithNotes();
    const words = Array.from({ length: 30 }, (_, i) => `word${String.fromCharCode(97 + (i % 26))}${String.fromCharCode(97 + Math.floor(i / 26))}`);
    for (const [i, word] of words.entries()) {
      writeFile(repo, `.claude-memory/notes/bulk/note-${i}.md`, `---\ntitle: Bulk convention ${word}\ntype: convention\n---\nBody of ${word}.\n`);
    }
    const runs = await Promise.all(
      Array.from({ length: 6 }, (_, i) => {
        const event = i % 2 ? 'user-prompt-submit' : 'session-start';
        return runCli(
          repo,
          ['hook', event],
          payload(repo, i % 2 ? 'UserPromptSubmit' : 'SessionStart', { session_id: `s-${i}`, prompt: `bulk convention ${words[7]}` }),
        );
      }),
    );
    for (const run of runs) {
      expect(run.code).toBe(0);
      expect(run.stderr).toBe('');
      if (run.stdout) JSON.parse(run.stdout);
    }
    const list = runCliSync(repo, ['list', '--json']);
    expect((JSON.parse(list.stdout) as unknown[]).length).toBe(32);
    expect(runCliSync(repo, ['search', words[7]!, '-n', '1']).stdout).toContain(`Bulk convention ${words[7]}`);
  });
});
