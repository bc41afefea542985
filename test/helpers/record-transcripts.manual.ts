/**
 * Records the transcript fixtures in test/fixtures/transcripts by driving the real `claude` binary against the fake
 * API. Not part of the normal run (the name does not end in .test.ts); see test/fixtures/transcripts/README.md for
 * the command. Re-running rewrites the fixtures; ids, timestamps and tool ids will differ from the committed ones.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { findTranscripts, projectDirName, REPO_ROOT, runClaude, transcriptPathFor } from './claude.js';
import { assistantTurns, isMainLoopRequest, startFakeAnthropic, textReply, toolUseReply, type FakeReply, type FakeRequest } from './fake-anthropic.js';

const OUT_DIR = path.join(REPO_ROOT, 'test', 'fixtures', 'transcripts');
// Stable stand-ins for the temp folders, so fixtures do not leak machine paths and diff cleanly when re-recorded.
const FIXTURE_HOME = '/home/dev';
const FIXTURE_REPO = '/home/dev/projects/token-service';

const bases: string[] = [];
afterAll(() => {
  if (!process.env.KEEP_TMP) for (const b of bases) rmSync(b, { recursive: true, force: true });
});

interface Sandbox {
  home: string;
  repo: string;
}

function sandbox(hooks?: Record<string, string>): Sandbox {
  const base = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'cm-record-')));
  bases.push(base);
  const home = path.join(base, 'home');
  const repo = path.join(base, 'token-service');
  mkdirSync(home);
  mkdirSync(repo);
  execFileSync('git', ['init', '-q', '-b', 'main'], { cwd: repo });
  writeFileSync(path.join(repo, 'README.md'), '# token-service\n');
  if (hooks) {
    mkdirSync(path.join(repo, '.claude'));
    const settings = {
      hooks: Object.fromEntries(Object.entries(hooks).map(([event, command]) => [event, [{ hooks: [{ type: 'command', command }] }]])),
    };
    writeFileSync(path.join(repo, '.claude', 'settings.json'), JSON.stringify(settings, null, 2));
  }
  return { home, repo };
}

/**
 * One prompt's script. Turn n answers the n-th main-loop request of this prompt; earlier prompts' assistant messages
 * are discounted by remembering how many there were when the prompt started.
 */
function promptScript(turns: FakeReply[]) {
  let offset: number | undefined;
  return (req: FakeRequest): FakeReply => {
    if (!isMainLoopRequest(req.body)) return textReply('Fake side reply.');
    const n = assistantTurns(req.body);
    offset ??= n;
    return turns[n - offset] ?? textReply('Done.');
  };
}

async function runPrompts(box: Sandbox, sessionId: string, prompts: Array<{ prompt: string; turns: FakeReply[] }>) {
  let current = (_req: FakeRequest): FakeReply => textReply('unexpected');
  const fake = await startFakeAnthropic((req) => current(req));
  try {
    for (const [i, p] of prompts.entries()) {
      current = promptScript(p.turns);
      const r = await runClaude({
        cwd: box.repo,
        home: box.home,
        baseUrl: fake.url,
        prompt: p.prompt,
        ...(i === 0 ? { sessionId } : { resume: sessionId }),
      });
      expect(r.code, r.stderr).toBe(0);
    }
  } finally {
    await fake.close();
  }
}

function save(box: Sandbox, sessionId: string, name: string): void {
  const file = transcriptPathFor(box.home, box.repo, sessionId);
  const all = findTranscripts(box.home);
  expect(all).toContain(file);
  let text = readFileSync(file, 'utf8');
  text = text.split(box.repo).join(FIXTURE_REPO).split(box.home).join(FIXTURE_HOME);
  text = text.split(projectDirName(box.repo)).join(projectDirName(FIXTURE_REPO));
  mkdirSync(OUT_DIR, { recursive: true });
  writeFileSync(path.join(OUT_DIR, name), text);
  expect(Buffer.byteLength(text)).toBeLessThan(200 * 1024);
}

it('session-with-bash-and-write', async () => {
  const box = sandbox();
  const sessionId = '11111111-1111-4111-8111-111111111111';
  await runPrompts(box, sessionId, [
    {
      prompt: 'Add a .nvmrc pinning Node 20 and show me the files in the repo.',
      turns: [
        toolUseReply('Write', { file_path: path.join(box.repo, '.nvmrc'), content: '20\n' }, "I'll pin Node 20 in .nvmrc."),
        toolUseReply('Bash', { command: 'ls -A', description: 'List repository files' }),
        textReply('Added `.nvmrc` with `20`. The repo now contains `.git`, `.nvmrc` and `README.md`.'),
      ],
    },
  ]);
  save(box, sessionId, 'session-with-bash-and-write.jsonl');
});

it('session-with-failing-command', async () => {
  const box = sandbox();
  const sessionId = '22222222-2222-4222-8222-222222222222';
  await runPrompts(box, sessionId, [
    {
      prompt: 'Run the migrations.',
      turns: [
        toolUseReply('Bash', { command: 'cat db/migrations/001_init.sql', description: 'Show first migration' }),
        toolUseReply(
          'Bash',
          { command: 'ls db 2>&1 || echo "no db folder"', description: 'Check for db folder' },
          'The migration file does not exist; checking whether there is a db folder at all.',
        ),
        textReply('There is no `db/` folder in this repository, so there are no migrations to run yet. The `cat` failed with exit code 1.'),
      ],
    },
  ]);
  save(box, sessionId, 'session-with-failing-command.jsonl');
});

it('session-with-decision-multi-prompt', async () => {
  const box = sandbox();
  const sessionId = '33333333-3333-4333-8333-333333333333';
  await runPrompts(box, sessionId, [
    {
      prompt: 'We need to sign the API access tokens. HS256 or RS256?',
      turns: [
        {
          content: [
            { type: 'thinking', thinking: 'Several services verify tokens; only the auth service should mint them. Asymmetric keys fit.' },
            {
              type: 'text',
              text:
                'We decided to use RS256 because the billing and search services must verify tokens without being able to mint them; ' +
                'with HS256 every verifier would hold the signing secret. Keys rotate every 90 days via the JWKS endpoint.',
            },
          ],
        },
      ],
    },
    {
      prompt: 'Good. Write that into config/auth.json.',
      turns: [
        toolUseReply('Bash', { command: 'mkdir -p config', description: 'Create config folder' }),
        toolUseReply('Write', {
          file_path: path.join(box.repo, 'config', 'auth.json'),
          content: JSON.stringify({ algorithm: 'RS256', jwksPath: '/.well-known/jwks.json', keyRotationDays: 90 }, null, 2) + '\n',
        }),
        textReply('Wrote `config/auth.json`: RS256, JWKS at `/.well-known/jwks.json`, 90-day key rotation.'),
      ],
    },
    {
      prompt: 'Thanks, also note the token lifetime: 15 minutes — café ☕ naming aside.',
      turns: [textReply('Noted: access tokens live 15 minutes; refresh tokens are out of scope for now. ☕')],
    },
  ]);
  save(box, sessionId, 'session-with-decision-multi-prompt.jsonl');
});

it('session-with-hook-context', async () => {
  const box = sandbox({
    SessionStart: 'echo "Project memory: tokens are signed with RS256 (decided 2026-01-10)."',
    UserPromptSubmit: `echo '{"hookSpecificOutput":{"hookEventName":"UserPromptSubmit","additionalContext":"Related note: config/auth.json holds the JWT settings."}}'`,
    PostToolUse: 'cat > /dev/null',
    Stop: 'cat > /dev/null',
  });
  const sessionId = '44444444-4444-4444-8444-444444444444';
  await runPrompts(box, sessionId, [
    {
      prompt: 'What signing algorithm do we use?',
      turns: [
        toolUseReply('Read', { file_path: path.join(box.repo, 'README.md') }),
        textReply('According to the project memory, tokens are signed with RS256.'),
      ],
    },
  ]);
  save(box, sessionId, 'session-with-hook-context.jsonl');
});
