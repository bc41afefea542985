/**
 * Class 1 of issue 15 end to end: a committed config.json cannot send another credential to the API, cannot flood
 * the model's context through the hooks, and what it tried is reported by lint and the log. Real repositories, the
 * real SDK against the local fake Messages API, the built CLI and hooks.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { compressTranscript } from '../../src/flows/compress-session.js';
import { estimateTokens } from '../../src/core/tokens.js';
import { startFakeAnthropic, type FakeAnthropic } from '../helpers/fake-anthropic.js';
import { runCliSync, writeFile } from '../helpers/temp-repo.js';
import { copyTranscript, memoryToolUse, removeScratch, repoWithConfig, scratchDir } from '../compress/compress-repo.js';

let fake: FakeAnthropic | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});
afterAll(removeScratch);

const GITHUB_TOKEN = 'ghp_' + 'A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8';
const reply = () => memoryToolUse([{ title: 'Access tokens are signed with RS256', type: 'decision', body: 'Verifiers hold only the public key.' }]);

function log(root: string): string {
  return fs.readFileSync(path.join(root, '.claude-memory', '.cache', 'log.jsonl'), 'utf8');
}

describe('a committed config.json and the credential', () => {
  it('cannot point the API key at GITHUB_TOKEN: nothing is sent, lint fails, the log says why', async () => {
    const root = repoWithConfig({ apiKeyEnv: 'GITHUB_TOKEN' });
    fake = await startFakeAnthropic(reply);
    const transcript = copyTranscript('session-with-decision-multi-prompt', 's-github', scratchDir());
    const result = await compressTranscript(root, { transcriptPath: transcript, sessionId: 's-github', env: { GITHUB_TOKEN, ANTHROPIC_BASE_URL: fake.url } });
    expect(result).toMatchObject({ path: 'extractive', reason: expect.stringMatching(/^no API key in ANTHROPIC_API_KEY/) });
    expect(fake.requests).toHaveLength(0);
    expect(log(root)).toContain('belongs to this machine, not the repository');
    expect(log(root)).not.toContain(GITHUB_TOKEN);

    const lint = runCliSync(root, ['lint']);
    expect(lint.code).toBe(1);
    expect(lint.stdout).toContain('.claude-memory/config.json: error: "compression.apiKeyEnv" belongs to this machine');
  });

  it('sends the key the user chose in their own settings, and only that one', async () => {
    const root = repoWithConfig({ apiKeyEnv: 'GITHUB_TOKEN' });
    const home = scratchDir();
    writeFile(home, 'cm.json', JSON.stringify({ compression: { apiKeyEnv: 'WORK_ANTHROPIC_KEY' } }));
    fake = await startFakeAnthropic(reply);
    const transcript = copyTranscript('session-with-decision-multi-prompt', 's-user', scratchDir());
    const env = {
      GITHUB_TOKEN,
      WORK_ANTHROPIC_KEY: 'sk-ant-work-key',
      ANTHROPIC_API_KEY: 'sk-ant-default',
      ANTHROPIC_BASE_URL: fake.url,
      CLAUDE_MEMORY_USER_CONFIG: path.join(home, 'cm.json'),
    };
    const result = await compressTranscript(root, { transcriptPath: transcript, sessionId: 's-user', env });
    expect(result.path).toBe('llm');
    expect(fake.requests).toHaveLength(1);
    const headers = JSON.stringify(fake.requests[0]!.headers);
    expect(fake.requests[0]!.headers.authorization ?? fake.requests[0]!.headers['x-api-key']).toMatch(/sk-ant-work-key$/);
    expect(headers).not.toContain(GITHUB_TOKEN);
    expect(headers).not.toContain('sk-ant-default');
  });

  it('cannot choose the host either: a base URL in config.json is an unknown key, the environment decides', async () => {
    const root = repoWithConfig({ baseURL: 'http://127.0.0.1:9', apiBaseUrl: 'http://127.0.0.1:9' });
    fake = await startFakeAnthropic(reply);
    const transcript = copyTranscript('session-with-bash-and-write', 's-host', scratchDir());
    const result = await compressTranscript(root, {
      transcriptPath: transcript,
      sessionId: 's-host',
      env: { ANTHROPIC_API_KEY: 'k', ANTHROPIC_BASE_URL: fake.url },
    });
    expect(result.path).toBe('llm');
    expect(fake.requests).toHaveLength(1);
    expect(runCliSync(root, ['lint']).stdout).toContain('unknown setting "compression.baseURL"');
  });
});

describe('a committed config.json and the hooks', () => {
  it('cannot flood the prompt or the session start past the clamped budgets', () => {
    const root = repoWithConfig({}, 'off');
    const file = path.join(root, '.claude-memory', 'config.json');
    fs.writeFileSync(file, JSON.stringify({ contextBudgetTokens: 1_000_000, promptBudgetTokens: 1_000_000, promptMaxPointers: 500, promptMinScore: 0 }));
    // 40 notes that match the prompt well, among 200 that do not (so its words are rare enough to score).
    for (let i = 0; i < 40; i++) {
      writeFile(
        root,
        `.claude-memory/notes/flood/flood-note-${i}.md`,
        `---\nid: flood-note-${i}\ntitle: Deploy pipeline rollback step ${i}\ntype: gotcha\ntopic: flood\n---\nThe deploy pipeline rollback step ${i} needs the release tag and the canary flag.\n`,
      );
    }
    for (let i = 0; i < 200; i++) {
      writeFile(
        root,
        `.claude-memory/notes/other/other-note-${i}.md`,
        `---\nid: other-note-${i}\ntitle: Unrelated topic ${i} about caching\ntype: fact\ntopic: other\n---\nCache entries expire after some minutes, item ${i}.\n`,
      );
    }
    const prompt = runCliSync(root, ['hook', 'user-prompt-submit'], {
      input: JSON.stringify({
        session_id: 'p1',
        cwd: root,
        hook_event_name: 'UserPromptSubmit',
        prompt: 'how does the deploy pipeline rollback step use the release tag',
      }),
    });
    const pointers = (JSON.parse(prompt.stdout) as { hookSpecificOutput: { additionalContext: string } }).hookSpecificOutput.additionalContext;
    expect(pointers.match(/^- /gm)).toHaveLength(5);
    expect(estimateTokens(pointers)).toBeLessThanOrEqual(400);

    const start = runCliSync(root, ['hook', 'session-start'], {
      input: JSON.stringify({ session_id: 'p2', cwd: root, hook_event_name: 'SessionStart', source: 'startup' }),
    });
    const context = (JSON.parse(start.stdout) as { hookSpecificOutput: { additionalContext: string } }).hookSpecificOutput.additionalContext;
    expect(estimateTokens(context)).toBeLessThanOrEqual(2_000);
  });
});
