/**
 * A subscription user, end to end, with the real client: Claude Code signed in through an OAuth credentials file in a
 * temporary HOME, no API key anywhere, the project's hooks registered by `init`. When the session ends, the
 * background compression finds the user's `claude` on PATH and runs it headless; the fake Messages API answers its
 * StructuredOutput tool. A user-level hook in that HOME records every hook that fires and whether it fired inside
 * the nested run, so the test can see that the nested run fired none.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runClaude, subscriptionEnv, writeOAuthLogin } from '../helpers/claude.js';
import {
  assistantTurns,
  countByKind,
  isMainLoopRequest,
  startFakeAnthropic,
  structuredOutputReply,
  textReply,
  toolUseReply,
  type FakeAnthropic,
  type FakeRequest,
} from '../helpers/fake-anthropic.js';
import { CLI, git, runCliSync, tempDir, tempRepo, writeFile } from '../helpers/temp-repo.js';

const TITLE = 'Payment requests are never retried automatically';
const MEMORY = {
  title: TITLE,
  type: 'decision',
  topic: 'http',
  files: ['src/retry.ts'],
  body: 'Only GET, PUT and DELETE are retried (three times, full jitter); a retried POST could charge a card twice.',
};

const cleanup: string[] = [];
let fake: FakeAnthropic;
let repo: string;
let home: string;
let marker: string;

function handler(req: FakeRequest) {
  const kind = req.body?.tools?.some((t) => t.name === 'record_memories') ? 'record_memories' : undefined;
  if (kind) return { status: 400 }; // there is no API key: the SDK route must not be taken
  if (!isMainLoopRequest(req.body)) {
    return req.body?.tools?.length ? structuredOutputReply(req, { notes: [MEMORY] }) : textReply('Fake side reply.');
  }
  return assistantTurns(req.body) === 0
    ? toolUseReply('Write', { file_path: path.join(fs.realpathSync(repo), 'src', 'retry.ts'), content: 'export const RETRIED = ["GET", "PUT", "DELETE"];\n' })
    : textReply('Done: POST is never retried.');
}

async function waitFor<T>(probe: () => T | undefined, deadlineMs: number): Promise<T | undefined> {
  const end = Date.now() + deadlineMs;
  for (;;) {
    const value = probe();
    if (value !== undefined || Date.now() > end) return value;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

const notes = () => {
  const dir = path.join(repo, '.claude-memory', 'notes');
  return fs.existsSync(dir) ? (fs.readdirSync(dir, { recursive: true }) as string[]).filter((f) => f.endsWith('.md')).sort() : [];
};
const log = () => {
  const file = path.join(repo, '.claude-memory', '.cache', 'log.jsonl');
  return fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
};

beforeAll(async () => {
  fake = await startFakeAnthropic(handler);
  repo = tempRepo();
  home = tempDir('claude-memory-home-');
  cleanup.push(repo, home);
  writeFile(repo, 'README.md', '# payments\n');
  git(repo, 'add', '-A');
  git(repo, 'commit', '-qm', 'initial');
  const init = runCliSync(repo, ['init', '--no-git-hooks', '--no-mcp'], { env: { CLAUDE_MEMORY_BIN: CLI } });
  expect(init.code, init.stderr).toBe(0);
  writeOAuthLogin(home);
  marker = path.join(home, 'hooks-fired.log');
  const record = (event: string) => ({ hooks: [{ type: 'command', command: `printf '%s nested=%s\\n' ${event} "$CLAUDE_MEMORY_NESTED" >> '${marker}'` }] });
  const events = ['SessionStart', 'UserPromptSubmit', 'Stop', 'SessionEnd', 'PreCompact'];
  fs.writeFileSync(path.join(home, '.claude', 'settings.json'), JSON.stringify({ hooks: Object.fromEntries(events.map((e) => [e, [record(e)]])) }));
});

afterAll(async () => {
  await fake?.close();
  // Detached workers the hooks started may still be writing: retry instead of failing on ENOTEMPTY.
  for (const dir of cleanup) fs.rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
});

describe('a Claude Code subscription user with no API key', () => {
  it("gets the model's memory as a note through a nested claude -p that costs one request and fires no hook", async () => {
    const env = subscriptionEnv(home, fake.url);
    const result = await runClaude({
      cwd: repo,
      home,
      baseUrl: fake.url,
      prompt: 'Add retries to the HTTP client, but never for payments',
      env: { ...env, ANTHROPIC_API_KEY: undefined },
      timeoutMs: 30_000,
    });
    expect(result.timedOut).toBe(false);
    expect(result.code, result.stderr).toBe(0);
    const atExit = countByKind(fake.requests);
    expect(atExit.main).toBe(2); // the Write turn and the final answer
    expect(atExit.structured_output).toBe(0);

    // SessionEnd started the compression in the background; wait until it has logged what it wrote.
    const done = await waitFor(() => (log().includes('compression wrote') ? true : undefined), 30_000);
    expect(done, log()).toBe(true);

    expect(notes()).toHaveLength(1);
    const [only] = notes();
    const text = fs.readFileSync(path.join(repo, '.claude-memory', 'notes', only!), 'utf8');
    expect(text).toContain(`title: ${TITLE}`);
    expect(only).toMatch(/^http\//); // the model's note, and no extractive session note beside it
    expect(log()).toMatch(/"route":"claude"/);

    const after = countByKind(fake.requests);
    expect(after).toMatchObject({ main: atExit.main, structured_output: 1, record_memories: 0 });
    expect(after.side).toBe(atExit.side); // the nested run made no side request either
    const compression = fake.requests.find((r) => r.body?.tools?.every((t) => t.name === 'StructuredOutput'))!;
    expect(compression.headers.authorization).toMatch(/^Bearer sk-ant-oat01-/);
    expect(fake.requests.some((r) => r.headers['x-api-key'] !== undefined)).toBe(false);
    expect(JSON.stringify(compression.body?.system).length).toBeLessThan(2500);

    const fired = fs.readFileSync(marker, 'utf8').trim().split('\n');
    expect(fired.filter((line) => line.startsWith('SessionStart'))).toEqual(['SessionStart nested=']);
    expect(fired.filter((line) => line.startsWith('SessionEnd'))).toEqual(['SessionEnd nested=']);
    expect(fired.filter((line) => line.endsWith('nested=1'))).toEqual([]);
  });
});
