/**
 * The whole loop with the real `claude` binary against the fake API: init registers the hooks, a session's memory
 * is compressed into a note when it ends, and the next session (and a teammate's clone) starts with it.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runClaude, type RunClaudeResult } from '../helpers/claude.js';
import {
  assistantTurns,
  isMainLoopRequest,
  requestText,
  startFakeAnthropic,
  textReply,
  toolUseReply,
  type FakeAnthropic,
  type FakeRequest,
} from '../helpers/fake-anthropic.js';
import { CLI, PROJECT_ROOT, git, runCliSync, tempDir, tempRepo, writeFile } from '../helpers/temp-repo.js';

const TITLE = 'HTTP client retries idempotent requests with jittered backoff';
const cleanup: string[] = [];
let fake: FakeAnthropic;
/** What the main loop of the current session answers on its first turn. */
let firstTurn: () => ReturnType<typeof textReply> = () => textReply('Done.');

function handler(req: FakeRequest) {
  const tools = req.body?.tools ?? [];
  if (tools.some((tool) => tool.name === 'record_memories')) {
    return toolUseReply('record_memories', {
      notes: [
        {
          title: TITLE,
          type: 'decision',
          topic: 'http',
          tags: ['http', 'retry'],
          files: ['src/retry.ts'],
          body: 'Only GET, PUT and DELETE are retried, up to three times, with full jitter; POST never is, so a payment cannot be sent twice.',
        },
      ],
    });
  }
  if (!isMainLoopRequest(req.body)) return textReply('Fake side reply.');
  return assistantTurns(req.body) === 0 ? firstTurn() : textReply('Done.');
}

/** Main-loop requests received since `from` (an index into fake.requests). */
const mainRequestsSince = (from: number) => fake.requests.slice(from).filter((request) => isMainLoopRequest(request.body));

async function session(cwd: string, home: string, prompt: string): Promise<{ result: RunClaudeResult; first: string }> {
  const from = fake.requests.length;
  const result = await runClaude({ cwd, home, baseUrl: fake.url, prompt, timeoutMs: 25_000 });
  const main = mainRequestsSince(from);
  return { result, first: main[0] ? requestText(main[0].body) : '' };
}

function notesWithTitle(root: string, title: string): string[] {
  const dir = path.join(root, '.claude-memory', 'notes');
  if (!fs.existsSync(dir)) return [];
  return (fs.readdirSync(dir, { recursive: true }) as string[])
    .filter((rel) => rel.endsWith('.md'))
    .map((rel) => path.join(dir, rel))
    .filter((file) => fs.readFileSync(file, 'utf8').includes(title));
}

async function waitFor<T>(probe: () => T | undefined, deadlineMs: number): Promise<T | undefined> {
  const end = Date.now() + deadlineMs;
  for (;;) {
    const value = probe();
    if (value !== undefined || Date.now() > end) return value;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

let repo: string;
let home: string;

beforeAll(async () => {
  fake = await startFakeAnthropic(handler);
  repo = tempRepo();
  home = tempDir('claude-memory-home-');
  cleanup.push(repo, home);
  writeFile(repo, 'README.md', '# shop\n');
  git(repo, 'add', '-A');
  git(repo, 'commit', '-qm', 'initial');
  // The package is not installed in the temp repository: the hooks run this checkout's build.
  const init = runCliSync(repo, ['init', '--no-git-hooks', '--no-mcp'], { env: { CLAUDE_MEMORY_BIN: CLI } });
  expect(init.code, init.stderr).toBe(0);
});

afterAll(async () => {
  await fake?.close();
  // Detached workers the hooks started may still be writing: retry instead of failing on ENOTEMPTY.
  for (const dir of cleanup) fs.rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
});

describe.sequential('memory carried from one Claude Code session to the next', () => {
  it('init registers every hook in .claude/settings.json', () => {
    const settings = JSON.parse(fs.readFileSync(path.join(repo, '.claude', 'settings.json'), 'utf8')) as { hooks: Record<string, unknown[]> };
    expect(Object.keys(settings.hooks).sort()).toEqual(['PreCompact', 'SessionEnd', 'SessionStart', 'Stop', 'UserPromptSubmit']);
    expect(JSON.stringify(settings)).toContain(`node \\"${CLI}\\" hook session-start`);
  });

  it('turns session 1 into a note under .claude-memory/notes/ once it ends', async () => {
    firstTurn = () => toolUseReply('Write', { file_path: path.join(repo, 'src', 'retry.ts'), content: 'export const MAX_RETRIES = 3;\n' });
    const { result } = await session(repo, home, 'Add a retry helper for the HTTP client');
    expect(result.timedOut).toBe(false);
    expect(result.code, result.stderr).toBe(0);
    expect(fs.existsSync(path.join(repo, 'src', 'retry.ts'))).toBe(true);
    // SessionEnd started the compression in the background; it writes the note shortly after the client exits.
    const notes = await waitFor(() => {
      const found = notesWithTitle(repo, TITLE);
      return found.length ? found : undefined;
    }, 20_000);
    const log = path.join(repo, '.claude-memory', '.cache', 'log.jsonl');
    expect(notes, fs.existsSync(log) ? fs.readFileSync(log, 'utf8') : 'no log').toBeDefined();
    expect(notes).toHaveLength(1);
  });

  it("gives session 2 that note's title in its first model request", async () => {
    firstTurn = () => textReply('Done.');
    const { result, first } = await session(repo, home, 'What do we know about retries?');
    expect(result.code, result.stderr).toBe(0);
    expect(first).toContain('<project-memory source=".claude-memory"');
    expect(first).toContain(TITLE);
  });

  it('gives a fresh clone (after a commit) the same memory in its first request', async () => {
    git(repo, 'add', '-A');
    git(repo, 'commit', '-qm', 'retry helper and its memory');
    const clone = tempDir('claude-memory-clone-');
    cleanup.push(clone);
    git(clone, 'clone', '-q', repo, '.');
    // The generated index and cache are gitignored: the clone has notes only, and the hook rebuilds the rest.
    expect(fs.existsSync(path.join(clone, '.claude-memory', 'INDEX.md'))).toBe(false);
    expect(fs.existsSync(path.join(clone, '.claude', 'settings.json'))).toBe(true);
    const { result, first } = await session(clone, tempDir('claude-memory-home-'), 'Where were we?');
    expect(result.code, result.stderr).toBe(0);
    expect(first).toContain(TITLE);
  });

  it('completes a session normally when the memory cache is garbage', async () => {
    const cache = path.join(repo, '.claude-memory', '.cache');
    const garbage = '\u0000{{ not json';
    for (const file of fs.readdirSync(cache, { recursive: true }) as string[]) {
      const full = path.join(cache, file);
      if (fs.statSync(full).isFile() && file.endsWith('.json')) fs.writeFileSync(full, garbage);
    }
    const { result, first } = await session(repo, home, 'Anything to know before I start?');
    expect(result.timedOut).toBe(false);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('Done.');
    // The hook rebuilt what it needed from the notes, so the memory still arrived.
    expect(first).toContain(TITLE);
  });
});

describe('the plugin route', () => {
  it('gives the session its memory through plugin/hooks/hooks.json and a claude-memory on PATH', async () => {
    const project = tempRepo({ initMemory: true });
    const pluginHome = tempDir('claude-memory-home-');
    // The plugin folder exactly as the marketplace ships it.
    const plugin = path.join(PROJECT_ROOT, 'plugin');
    const bin = tempDir('claude-memory-bin-');
    cleanup.push(project, pluginHome, bin);
    runCliSync(project, [
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
    // A global install, as `npm install -g claude-memory` leaves it: a `claude-memory` command on PATH.
    fs.writeFileSync(path.join(bin, 'claude-memory'), `#!/bin/sh\nexec "${process.execPath}" "${CLI}" "$@"\n`, { mode: 0o755 });
    firstTurn = () => textReply('Done.');
    const from = fake.requests.length;
    const result = await runClaude({
      cwd: project,
      home: pluginHome,
      baseUrl: fake.url,
      prompt: 'Which package manager?',
      extraArgs: ['--plugin-dir', plugin],
      env: { PATH: `${bin}${path.delimiter}${process.env.PATH ?? ''}` },
      timeoutMs: 25_000,
    });
    expect(result.code, result.stderr).toBe(0);
    const first = mainRequestsSince(from)[0];
    expect(requestText(first?.body)).toContain('Builds run with pnpm, never npm');
  });
});
