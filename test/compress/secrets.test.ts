/**
 * No planted secret escapes: not into a request the (fake) API receives, not into a note, the log, the pending
 * queue or any other file of the repository, and not into the git index. Runs the built CLI in real processes.
 *
 * The transcript is hand-built (session-with-planted-secrets) from the shared corpus: every secret line appears in a
 * prompt, in the assistant's words, in a command, and in a failed command's output, plus a `<private>` span that
 * holds something no pattern would catch. Each corpus line stands on its own line, as the corpus is meant to be used.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { PLANTED_SECRETS } from '../fixtures/secrets/planted.js';
import { countByKind, startFakeAnthropic, requestText, structuredOutputReply, type FakeAnthropic } from '../helpers/fake-anthropic.js';
import { subscriptionEnv, writeOAuthLogin } from '../helpers/claude.js';
import { git, runCliSync, writeFile } from '../helpers/temp-repo.js';
import { allFiles, memoryToolUse, noteFiles, repoWithConfig, runCompressCli, removeScratch, scratchDir } from './compress-repo.js';

const PRIVATE_PHRASE = 'the vault passphrase is tangerine-orbit-lattice-4471';

function plantedTranscript(dir: string, sessionId: string): string {
  const line = (obj: unknown) => `${JSON.stringify({ ...(obj as object), sessionId, cwd: '/home/dev/projects/api', gitBranch: 'main' })}\n`;
  let text = line({
    type: 'user',
    message: {
      role: 'user',
      content: `Set up deploy credentials. <private>${PRIVATE_PHRASE}</private> We decided to keep them in the environment, never in git.`,
    },
  });
  PLANTED_SECRETS.forEach((planted, i) => {
    text += line({ type: 'user', message: { role: 'user', content: `Use these settings (${planted.kind}):\n${planted.text}` } });
    text += line({
      type: 'assistant',
      message: {
        id: `m${i}`,
        role: 'assistant',
        content: [
          { type: 'text', text: `We decided to configure it because deploys need it:\n\n${planted.text}\n` },
          { type: 'tool_use', id: `t${i}`, name: 'Bash', input: { command: `cat >> .env <<'EOF'\n${planted.text}\nEOF\n./deploy.sh` } },
        ],
      },
    });
    text += line({
      type: 'user',
      message: {
        role: 'user',
        content: [{ type: 'tool_result', tool_use_id: `t${i}`, is_error: true, content: `Exit code 1\ndeploy failed, rejected credential:\n${planted.text}` }],
      },
    });
    text += line({
      type: 'assistant',
      message: {
        id: `w${i}`,
        role: 'assistant',
        content: [{ type: 'tool_use', id: `w${i}`, name: 'Write', input: { file_path: '/home/dev/projects/api/.env', content: planted.text } }],
      },
    });
  });
  text += line({
    type: 'assistant',
    message: { id: 'end', role: 'assistant', content: 'Credentials are set in .env, which is gitignored; the deploy script reads them from the environment.' },
  });
  const file = path.join(dir, `${sessionId}.jsonl`);
  fs.writeFileSync(file, text);
  return file;
}

/** Every place a secret could end up, as [where, text]. */
function everywhere(root: string, fake?: FakeAnthropic): Array<[string, string]> {
  const places: Array<[string, string]> = allFiles(root, { skipGit: true }).map(([rel, content]) => [rel, content.toString('utf8')]);
  for (const entry of git(root, 'ls-files', '-s').split('\n').filter(Boolean)) {
    const [, , sha, , file] = /^(\d+) ([0-9a-f]+) (\d)\t(.+)$/.exec(entry) ?? [];
    if (sha) places.push([`git index: ${file}`, git(root, 'cat-file', '-p', sha)]);
  }
  places.push(['git ls-files -s', git(root, 'ls-files', '-s')]);
  for (const [i, req] of (fake?.requests ?? []).entries()) places.push([`request ${i}`, JSON.stringify(req.body) ?? '']);
  return places;
}

function expectNoSecret(places: Array<[string, string]>): void {
  const leaks: string[] = [];
  for (const [where, text] of places) {
    for (const planted of PLANTED_SECRETS) if (text.includes(planted.secret)) leaks.push(`${planted.kind} in ${where}`);
    if (text.includes('tangerine-orbit-lattice')) leaks.push(`<private> span in ${where}`);
  }
  expect(leaks).toEqual([]);
}

let fake: FakeAnthropic | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

afterAll(removeScratch);

describe('planted secrets never escape compression', () => {
  it('the corpus is the shared one, with at least 20 kinds', () => {
    expect(new Set(PLANTED_SECRETS.map((p) => p.kind)).size).toBeGreaterThanOrEqual(20);
  });

  it('model path: not in the request, not in notes even when the model answers with secrets, not in the log or the git index', async () => {
    const root = repoWithConfig({}, 'stage');
    const transcript = plantedTranscript(scratchDir(), 'planted-llm');
    // A hostile or confused model: echoes the whole request back and adds every planted secret it could have seen.
    fake = await startFakeAnthropic((req) =>
      memoryToolUse([
        { title: 'Deploy credentials live in the environment', type: 'decision', body: requestText(req.body).slice(-1900) },
        ...PLANTED_SECRETS.slice(0, 3).map((p, i) => ({
          title: `Credential number ${i}`,
          type: 'fact',
          body: `Copied: ${p.text}`,
          tags: [p.secret.slice(0, 30)],
        })),
      ]),
    );
    const result = await runCompressCli(root, ['compress', '--transcript', transcript, '--json'], {
      ANTHROPIC_API_KEY: 'test-key',
      ANTHROPIC_BASE_URL: fake.url,
    });
    expect(result.stderr).toBe('');
    expect(JSON.parse(result.stdout)).toMatchObject({ path: 'llm' });
    expect(fake.requests).toHaveLength(1);
    expect(requestText(fake.requests[0]!.body)).toContain('REDACTED');
    expect(noteFiles(root).length).toBeGreaterThanOrEqual(1);
    // onNewNotes "stage" staged the notes; staging everything else too shows no other file holds a secret either.
    expect(git(root, 'diff', '--cached', '--name-only')).toContain('.claude-memory/notes/');
    git(root, 'add', '-A');
    expectNoSecret(everywhere(root, fake));
  });

  it('claude route: not in what the nested claude -p sends, not in notes, the log or the git index', async () => {
    const root = repoWithConfig({}, 'stage');
    const transcript = plantedTranscript(scratchDir(), 'planted-claude');
    const home = scratchDir();
    writeOAuthLogin(home);
    fake = await startFakeAnthropic((req) =>
      structuredOutputReply(req, {
        notes: [
          { title: 'Deploy credentials live in the environment', type: 'decision', body: requestText(req.body).slice(-1900) },
          ...PLANTED_SECRETS.slice(0, 3).map((p, i) => ({ title: `Credential number ${i}`, type: 'fact', body: `Copied: ${p.text}` })),
        ],
      }),
    );
    const result = await runCompressCli(root, ['compress', '--transcript', transcript, '--json'], {
      ...subscriptionEnv(home, fake.url),
      CLAUDE_MEMORY_CLAUDE_BIN: '',
    });
    expect(JSON.parse(result.stdout)).toMatchObject({ path: 'llm', route: 'claude' });
    expect(countByKind(fake.requests).structured_output).toBe(1);
    expect(requestText(fake.requests.find((r) => r.body?.tools)!.body)).toContain('REDACTED');
    git(root, 'add', '-A');
    expectNoSecret(everywhere(root, fake));
  });

  it('extractive path: the session note, the log and the git index hold no secret', async () => {
    const root = repoWithConfig({}, 'stage');
    const transcript = plantedTranscript(scratchDir(), 'planted-extractive');
    const result = await runCompressCli(root, ['compress', '--transcript', transcript, '--json'], { ANTHROPIC_API_KEY: '' });
    expect(JSON.parse(result.stdout)).toMatchObject({ path: 'extractive' });
    expect(noteFiles(root)).toHaveLength(1);
    git(root, 'add', '-A');
    expectNoSecret(everywhere(root));
  });

  it('queued path: the pending job and the log hold no secret, and neither do the notes written later', async () => {
    const root = repoWithConfig({ maxRetries: 0 }, 'stage');
    const transcript = plantedTranscript(scratchDir(), 'planted-queued');
    let down = true;
    fake = await startFakeAnthropic((req) =>
      down
        ? { status: 503, body: { type: 'error', error: { type: 'api_error', message: `upstream said: ${PLANTED_SECRETS[0]!.text}` } } }
        : memoryToolUse([{ title: 'Deploy reads credentials from the environment', type: 'convention', body: requestText(req.body).slice(0, 1500) }]),
    );
    const env = { ANTHROPIC_API_KEY: 'test-key', ANTHROPIC_BASE_URL: fake.url };
    expect(JSON.parse((await runCompressCli(root, ['compress', '--transcript', transcript, '--json'], env)).stdout)).toMatchObject({ path: 'queued' });
    expect(fs.readdirSync(path.join(root, '.claude-memory', '.cache', 'pending'))).toHaveLength(1);
    expectNoSecret(everywhere(root, fake));

    down = false;
    const pending = await runCompressCli(root, ['compress', '--pending', '--json'], env);
    expect(JSON.parse(pending.stdout)).toMatchObject({ done: 1, remaining: 0 });
    git(root, 'add', '-A');
    expectNoSecret(everywhere(root, fake));
  });

  it('lint reports a secret in a hand-written note by kind, without printing it', () => {
    const root = repoWithConfig();
    const planted = PLANTED_SECRETS.find((p) => p.kind === 'aws-access-key') ?? PLANTED_SECRETS[0]!;
    writeFile(root, '.claude-memory/notes/ops/deploy-keys.md', `---\ntitle: Deploy keys\ntype: fact\n---\nThe key is ${planted.text}\n`);
    const result = runCliSync(root, ['lint']);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('.claude-memory/notes/ops/deploy-keys.md');
    expect(result.stdout).toMatch(/looks like a secret/);
    expect(result.stdout).not.toContain(planted.secret);
  });
});
