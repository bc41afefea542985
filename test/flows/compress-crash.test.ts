/**
 * Class 5 of issue 15: compression is at least once and exactly once in effect. The real compression worker
 * (dist/bin/compress-worker.js) is SIGKILLed at each step of a run (test-only crash points, and once by timing while
 * it waits on a hanging API); the next hook of the session, or the next session start, must then finish the range
 * with exactly the notes a clean run writes: none lost, none twice. Real git repositories, the real SDK against the
 * local fake Messages API.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { entryPoint } from '../../src/bin/paths.js';
import { loadNotes } from '../../src/store/notes.js';
import { startFakeAnthropic, type FakeAnthropic, type FakeHandler } from '../helpers/fake-anthropic.js';
import { runCliSync, tempDir, tempRepo } from '../helpers/temp-repo.js';
import { TRANSCRIPTS, memoryToolUse } from '../compress/compress-repo.js';

const cleanup: string[] = [];
let fake: FakeAnthropic | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});
afterAll(() => {
  for (const dir of cleanup) fs.rmSync(dir, { recursive: true, force: true });
});

const SESSION = 'c0ffee00-0000-4000-8000-00000000c0de';
const NOTES = [
  { title: 'Access tokens are signed with RS256', type: 'decision', topic: 'auth', body: 'Verifiers hold only the public key.' },
  { title: 'Access tokens live 15 minutes', type: 'fact', topic: 'auth', body: 'Refresh tokens are out of scope for now.' },
];

interface Setup {
  root: string;
  home: string;
  transcript: string;
  env: Record<string, string>;
}

/** A repository, and a transcript where Claude Code keeps it, under a HOME of the test's own. */
function setup(route: 'llm' | 'extractive'): Setup {
  const root = tempRepo({ initMemory: true });
  const home = tempDir('cm-home-');
  cleanup.push(root, home);
  const config = path.join(root, '.claude-memory', 'config.json');
  fs.writeFileSync(
    config,
    JSON.stringify({ onNewNotes: 'off', compression: route === 'extractive' ? { useLlm: false } : { timeoutMs: 5_000, maxRetries: 0 } }),
  );
  const dir = path.join(home, '.claude', 'projects', root.replace(/[^A-Za-z0-9]/g, '-'));
  fs.mkdirSync(dir, { recursive: true });
  const transcript = path.join(dir, `${SESSION}.jsonl`);
  fs.copyFileSync(path.join(TRANSCRIPTS, 'session-with-decision-multi-prompt.jsonl'), transcript);
  return {
    root,
    home,
    transcript,
    env: { HOME: home, ANTHROPIC_API_KEY: route === 'llm' ? 'test-key' : '', ANTHROPIC_BASE_URL: fake?.url ?? 'http://127.0.0.1:9' },
  };
}

/** Run the worker as the hooks do; resolves with how it ended. */
function worker(s: Setup, args: string[], extra: Record<string, string> = {}): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [entryPoint('compressWorker'), ...args], {
      cwd: s.root,
      env: { ...process.env, ...s.env, ...extra },
      stdio: 'ignore',
    });
    child.on('exit', (code, signal) => resolve({ code, signal }));
  });
}

const forSession = (s: Setup) => ['--transcript', s.transcript, '--session', SESSION];

function state(s: Setup) {
  const cache = path.join(s.root, '.claude-memory', '.cache');
  const list = (dir: string) => (fs.existsSync(path.join(cache, dir)) ? fs.readdirSync(path.join(cache, dir)).filter((name) => !name.startsWith('.')) : []);
  const cursorFile = path.join(cache, 'cursors', `${SESSION}.json`);
  return {
    titles: loadNotes(s.root)
      .notes.map((note) => note.title)
      .sort(),
    pending: list('pending'),
    done: list('done'),
    cursor: fs.existsSync(cursorFile) ? (JSON.parse(fs.readFileSync(cursorFile, 'utf8')) as { offset: number }).offset : undefined,
  };
}

async function serve(handler: FakeHandler = () => memoryToolUse(NOTES)) {
  fake = await startFakeAnthropic(handler);
}

/** What a run that is never interrupted leaves behind, per route. */
const clean: Record<string, ReturnType<typeof state>> = {};
async function cleanRun(route: 'llm' | 'extractive') {
  const known = clean[route];
  if (known) return known;
  if (route === 'llm') await serve();
  const s = setup(route);
  expect(await worker(s, forSession(s))).toEqual({ code: 0, signal: null });
  const result = state(s);
  clean[route] = result;
  await fake?.close();
  fake = undefined;
  return result;
}

const POINTS = ['queued', 'intent', 'note', 'notes', 'done', 'cursor'] as const;

describe('a compression killed at each step', () => {
  for (const route of ['llm', 'extractive'] as const) {
    for (const point of POINTS) {
      for (const recovery of ['the session’s next hook', 'the next session start'] as const) {
        it(`${route}: killed after "${point}", finished by ${recovery} with exactly the notes of a clean run`, async () => {
          const expected = await cleanRun(route);
          expect(expected.titles.length).toBeGreaterThan(0);
          if (route === 'llm') await serve();
          const s = setup(route);
          const size = fs.statSync(s.transcript).size;

          const killed = await worker(s, forSession(s), { CLAUDE_MEMORY_TEST_CRASH_AT: point });
          expect(killed.signal).toBe('SIGKILL');
          const after = state(s);
          // The range is never lost: either its record is queued, or the cursor is past it (point "cursor").
          if (point === 'cursor') expect(after.cursor).toBe(size);
          else {
            expect(after.pending).toHaveLength(1);
            expect(after.cursor).toBeUndefined();
          }

          if (recovery === 'the session’s next hook') expect(await worker(s, forSession(s))).toEqual({ code: 0, signal: null });
          else expect(await worker(s, ['--pending'])).toEqual({ code: 0, signal: null });
          const final = state(s);
          expect(final.titles).toEqual(expected.titles);
          expect(final.pending).toEqual([]);
          expect(final.cursor).toBe(size);
          expect(final.done).toHaveLength(1);
          // And once more changes nothing.
          expect(await worker(s, forSession(s))).toEqual({ code: 0, signal: null });
          expect(state(s).titles).toEqual(expected.titles);
          if (route === 'llm') expect(fake!.requests.length).toBeLessThanOrEqual(2);
        });
      }
    }
  }

  it('killed by timing while it waits on a hanging API: the range is queued, and retried when the API is back', async () => {
    const expected = await cleanRun('llm');
    let hang = true;
    let asked: () => void = () => {};
    const askedOnce = new Promise<void>((resolve) => (asked = resolve));
    await serve(() => {
      asked();
      return hang ? { hang: true } : memoryToolUse(NOTES);
    });
    const s = setup('llm');
    const child = spawn(process.execPath, [entryPoint('compressWorker'), ...forSession(s)], {
      cwd: s.root,
      env: { ...process.env, ...s.env },
      stdio: 'ignore',
    });
    const exited = new Promise((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
    await askedOnce;
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');
    expect(state(s).pending).toHaveLength(1);
    // The lock the killed worker held is broken at once by the next run (its pid and start time name a dead process).
    expect(fs.readdirSync(path.join(s.root, '.claude-memory', '.cache', 'locks'))).toEqual([`compress-${SESSION}.lock`]);
    hang = false;
    expect(await worker(s, ['--pending'])).toEqual({ code: 0, signal: null });
    expect(state(s).titles).toEqual(expected.titles);
    expect(state(s).pending).toEqual([]);
  });

  it('is retried by the SessionEnd hook of the same session when the worker it started died, and by the next session start', async () => {
    const s = setup('extractive');
    const input = (event: string) => JSON.stringify({ session_id: SESSION, transcript_path: s.transcript, cwd: s.root, hook_event_name: event });
    // A worker the hook started was killed: its record is queued, its lock names a dead process.
    expect((await worker(s, forSession(s), { CLAUDE_MEMORY_TEST_CRASH_AT: 'intent' })).signal).toBe('SIGKILL');
    // The hook remembers starting it long enough ago that it should hold its lock by now.
    const sessionFile = path.join(s.root, '.claude-memory', '.cache', 'sessions', `${SESSION}.json`);
    fs.mkdirSync(path.dirname(sessionFile), { recursive: true });
    fs.writeFileSync(
      sessionFile,
      JSON.stringify({ sessionId: SESSION, given: [], compressStartedAt: fs.statSync(s.transcript).size, compressStartedMs: Date.now() - 120_000 }),
    );
    expect(runCliSync(s.root, ['hook', 'session-end'], { input: input('SessionEnd'), env: s.env })).toEqual({ code: 0, stdout: '', stderr: '' });
    const log = fs.readFileSync(path.join(s.root, '.claude-memory', '.cache', 'log.jsonl'), 'utf8');
    expect(log).toContain('compression started in the background');
    await until(() => state(s).pending.length === 0 && state(s).titles.length > 0);
    const titles = state(s).titles;

    // The other way in: the next session start sees the queue and retries it in the background.
    const t = setup('extractive');
    expect((await worker(t, forSession(t), { CLAUDE_MEMORY_TEST_CRASH_AT: 'note' })).signal).toBe('SIGKILL');
    runCliSync(t.root, ['hook', 'session-start'], {
      input: JSON.stringify({ session_id: 'another-session', cwd: t.root, hook_event_name: 'SessionStart', source: 'startup' }),
      env: t.env,
    });
    await until(() => state(t).pending.length === 0);
    expect(state(t).titles).toEqual(titles);
  });
});

async function until(condition: () => boolean, ms = 30_000): Promise<void> {
  const end = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > end) throw new Error('timed out waiting for the background compression');
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
