/**
 * The model's answer is untrusted: a value redacted from the transcript must not reach a note even when the model
 * writes it back bare, in prose, encoded, or in a title, tag or file name (real SDK against the fake API).
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { compressTranscript } from '../../src/flows/compress-session.js';
import { scrubModelNotes } from '../../src/compress/scrub-output.js';
import { startFakeAnthropic, type FakeAnthropic } from '../helpers/fake-anthropic.js';
import { allFiles, memoryToolUse, repoWithConfig, removeScratch, scratchDir } from './compress-repo.js';

let fake: FakeAnthropic | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});
afterAll(removeScratch);

// Built at run time so no scanner sees a secret in this file.
const PASSWORD = ['Xk9v', 'mQ2z', 'Lp7w'].join('');
const TOKEN = 'gh' + 'p_' + 'Zx9Qw8'.repeat(6);

function transcriptWithSecrets(dir: string): string {
  const line = (type: string, content: unknown, extra: Record<string, unknown> = {}) =>
    JSON.stringify({ type, sessionId: 'leak', cwd: '/home/dev/app', timestamp: '2026-11-30T10:00:00Z', message: { role: type, content }, ...extra });
  const lines = [
    line('user', `Deploy the app. The staging DB password is ${PASSWORD} and the deploy token is ${TOKEN}.`),
    line('assistant', [{ type: 'tool_use', id: 't1', name: 'Bash', input: { command: `DB_PASSWORD=${PASSWORD} ./deploy.sh --token ${TOKEN}` } }]),
    line('user', [{ type: 'tool_result', tool_use_id: 't1', content: 'deployed', is_error: false }]),
    line('assistant', [{ type: 'text', text: 'We decided to deploy with the script because it checks the schema first. Deployed.' }]),
  ];
  const file = path.join(dir, 'leak.jsonl');
  fs.writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

describe('output-side scrubbing of model answers', () => {
  it('scrubModelNotes removes each value from every text field, encoded spellings included', () => {
    const secrets = [{ kind: 'password-assignment', value: PASSWORD }];
    const { notes, changed } = scrubModelNotes(
      [
        {
          title: `Deploy with ${PASSWORD}`,
          type: 'howto',
          body: `Log in with ${PASSWORD}, or ${encodeURIComponent(PASSWORD)} in URLs, or ${Buffer.from(PASSWORD).toString('base64')}.`,
          tags: [PASSWORD],
          files: [`secrets/${PASSWORD}.txt`],
          topic: 'deploy',
        },
        { title: 'Nothing secret here', type: 'fact', body: 'The deploy script checks the schema first.' },
      ],
      secrets,
    );
    expect(changed).toBe(1);
    expect(JSON.stringify(notes)).not.toContain(PASSWORD);
    expect(JSON.stringify(notes)).not.toContain(Buffer.from(PASSWORD).toString('base64'));
    expect(notes[1]).toEqual({ title: 'Nothing secret here', type: 'fact', body: 'The deploy script checks the schema first.' });
  });

  it('a model that repeats redacted values bare in its answer writes no secret to any file', async () => {
    const root = repoWithConfig();
    const dir = scratchDir();
    const requests: string[] = [];
    fake = await startFakeAnthropic((body) => {
      requests.push(JSON.stringify(body));
      return memoryToolUse([
        {
          title: `Staging deploys use ${PASSWORD}`,
          type: 'howto',
          topic: 'deploy',
          tags: ['deploy'],
          body: `Run ./deploy.sh; log in with ${PASSWORD} and pass ${TOKEN} as the token.`,
        },
      ]);
    });
    const result = await compressTranscript(root, {
      transcriptPath: transcriptWithSecrets(dir),
      sessionId: 'leak',
      env: { ANTHROPIC_API_KEY: 'test-key', ANTHROPIC_BASE_URL: fake.url },
    });
    expect(result.path).toBe('llm');
    expect(result.created).toHaveLength(1);
    expect(requests.join('\n')).not.toContain(PASSWORD);
    expect(requests.join('\n')).not.toContain(TOKEN);
    for (const [file, content] of allFiles(root)) {
      expect(content.includes(PASSWORD), file).toBe(false);
      expect(content.includes(TOKEN), file).toBe(false);
    }
  });
});
