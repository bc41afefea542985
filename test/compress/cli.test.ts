/** `claude-memory compress` as the hooks and users run it: the built CLI in real processes, in a real repository. */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { startFakeAnthropic, type FakeAnthropic } from '../helpers/fake-anthropic.js';
import { copyTranscript, memoryToolUse, noteFiles, repoWithConfig, runCompressCli, removeScratch, scratchDir } from './compress-repo.js';

let fake: FakeAnthropic | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

afterAll(removeScratch);

describe('claude-memory compress', () => {
  it('prints the ids it created, then nothing at all when there is nothing new', async () => {
    const root = repoWithConfig();
    const transcript = copyTranscript('session-with-failing-command', '11111111-1111-4111-8111-111111111111', scratchDir());
    const first = await runCompressCli(root, ['compress', '--transcript', transcript]);
    expect(first).toMatchObject({ code: 0, stderr: '' });
    expect(first.stdout).toMatch(/^created session-run-the-migrations-[a-z0-9]+\n$/);
    const [file] = noteFiles(root);
    expect(fs.readFileSync(path.join(root, '.claude-memory', 'notes', file!), 'utf8')).toContain('source: { session: 11111111-1111-4111-8111-111111111111 }');

    const second = await runCompressCli(root, ['compress', '--transcript', transcript]);
    expect(second).toEqual({ code: 0, stdout: '', stderr: '' });
    const json = await runCompressCli(root, ['compress', '--transcript', transcript, '--json']);
    expect(JSON.parse(json.stdout)).toMatchObject({ created: [], updated: [], path: 'nothing' });
  });

  it('compresses a range once when the Stop, PreCompact and SessionEnd hooks start it at the same moment', async () => {
    const root = repoWithConfig();
    fake = await startFakeAnthropic(() =>
      memoryToolUse([{ title: 'Access tokens are signed with RS256', type: 'decision', body: 'Verifiers hold only the public key.' }]),
    );
    const transcript = copyTranscript('session-with-decision-multi-prompt', '22222222-2222-4222-8222-222222222222', scratchDir());
    const env = { ANTHROPIC_API_KEY: 'test-key', ANTHROPIC_BASE_URL: fake.url };
    const runs = await Promise.all([1, 2, 3].map(() => runCompressCli(root, ['compress', '--transcript', transcript, '--json'], env)));
    expect(runs.map((r) => r.code)).toEqual([0, 0, 0]);
    expect(runs.map((r) => (JSON.parse(r.stdout) as { path: string }).path).sort()).toEqual(['llm', 'nothing', 'nothing']);
    expect(fake.requests).toHaveLength(1);
    expect(noteFiles(root)).toHaveLength(1);
  });

  it('extends the session note when the same session grows, instead of writing a second one', async () => {
    const root = repoWithConfig();
    const dir = scratchDir();
    const transcript = copyTranscript('session-with-bash-and-write', '44444444-4444-4444-8444-444444444444', dir);
    await runCompressCli(root, ['compress', '--transcript', transcript]);
    const line = (obj: unknown) => `${JSON.stringify(obj)}\n`;
    fs.appendFileSync(
      transcript,
      line({ type: 'user', cwd: '/home/dev/projects/token-service', message: { role: 'user', content: 'Now pin npm 10 as well.' } }) +
        line({ type: 'assistant', message: { id: 'm2', role: 'assistant', content: 'Pinned npm 10 in package.json "engines" because CI uses npm 10.' } }),
    );
    const second = await runCompressCli(root, ['compress', '--transcript', transcript]);
    expect(second.stdout).toMatch(/^updated session-add-a-nvmrc/);
    expect(noteFiles(root)).toHaveLength(1);
    const body = fs.readFileSync(path.join(root, '.claude-memory', 'notes', noteFiles(root)[0]!), 'utf8');
    expect(body).toContain('title: "Session: Add a .nvmrc pinning Node 20 and show me the files in the repo."');
    expect(body).toContain('Outcome: Added `.nvmrc` with `20`.');
    expect(body).toContain('Then: Now pin npm 10 as well.');
    expect(body).toContain('- Pinned npm 10 in package.json "engines" because CI uses npm 10.');
  });

  it('retries queued work with --pending and reports what is still waiting', async () => {
    const root = repoWithConfig({ maxRetries: 0 });
    let down = true;
    fake = await startFakeAnthropic(() =>
      down ? { status: 500 } : memoryToolUse([{ title: 'Node 20 is pinned in .nvmrc', type: 'convention', body: 'Use Node 20.' }]),
    );
    const env = { ANTHROPIC_API_KEY: 'test-key', ANTHROPIC_BASE_URL: fake.url };
    const transcript = copyTranscript('session-with-bash-and-write', '55555555-5555-4555-8555-555555555555', scratchDir());
    const queued = await runCompressCli(root, ['compress', '--transcript', transcript], env);
    expect(queued.stdout).toContain('queued');
    expect((await runCompressCli(root, ['compress', '--pending'], env)).stdout).toContain('1 compressions still pending');
    down = false;
    const done = await runCompressCli(root, ['compress', '--pending'], env);
    expect(done.stdout).toMatch(/^created node-20-is-pinned-in-nvmrc-[a-z0-9]+\n$/);
    const stats = await runCompressCli(root, ['stats']);
    expect(stats.stdout).toMatch(/compression API tokens: today \d+ in 1 requests/);
  });

  it('names the file and the reason when the transcript cannot be read, and logs it', async () => {
    const root = repoWithConfig();
    const missing = path.join(scratchDir(), 'gone.jsonl');
    const result = await runCompressCli(root, ['compress', '--transcript', missing]);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(`claude-memory: cannot read transcript ${missing}: file does not exist\n`);
    expect(fs.readFileSync(path.join(root, '.claude-memory', '.cache', 'log.jsonl'), 'utf8')).toContain('compress failed');
    expect((await runCompressCli(root, ['compress'])).code).toBe(2);
  });
});
