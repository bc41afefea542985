/**
 * Compression shows the model the existing notes related to the session, so it updates or supersedes them instead of
 * writing duplicates. With the sentence model, "related" includes notes the session talked about in other words.
 * The real SDK against the local fake Messages API, a real repository, the real model.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { compressTranscript } from '../../src/flows/compress-session.js';
import { embedNotes } from '../../src/flows/embed-notes.js';
import { requestText, startFakeAnthropic, type FakeAnthropic } from '../helpers/fake-anthropic.js';
import { cacheLayout } from '../../src/cache/layout.js';
import { readEmbedState } from '../../src/index/embeddings/background.js';
import { MEANING_NOTES, MODEL_INSTALLED, eventually, writeMeaningNotes } from '../helpers/embeddings.js';
import { memoryToolUse, removeScratch, repoWithConfig, scratchDir } from './compress-repo.js';

let fake: FakeAnthropic | undefined;
afterEach(async () => {
  vi.unstubAllEnvs();
  await fake?.close();
  fake = undefined;
});
afterAll(removeScratch);

/** A short session in which the user asks about the recipes in other words than the note's. */
function transcript(sessionId: string): string {
  const line = (type: 'user' | 'assistant', content: unknown, i: number) =>
    JSON.stringify({
      type,
      message: { role: type, content },
      uuid: `00000000-0000-4000-8000-00000000000${i}`,
      timestamp: `2026-06-14T10:0${i}:00.000Z`,
      sessionId,
    });
  const file = path.join(scratchDir(), `${sessionId}.jsonl`);
  fs.writeFileSync(
    file,
    [
      line('user', "Where do we keep grandma's cooking instructions? I want to move them somewhere safer.", 1),
      line('assistant', [{ type: 'text', text: 'They sit in a folder on this machine only; I moved them to the encrypted backup disk as well.' }], 2),
    ].join('\n') + '\n',
  );
  return file;
}

async function relatedSent(model: 'on' | 'off', sessionId: string): Promise<string> {
  vi.stubEnv('CLAUDE_MEMORY_EMBEDDINGS', 'on');
  const root = repoWithConfig();
  writeMeaningNotes(root);
  expect(await embedNotes(root)).toMatchObject({ status: 'done' });
  vi.stubEnv('CLAUDE_MEMORY_EMBEDDINGS', model);
  fake = await startFakeAnthropic(() =>
    memoryToolUse([
      { title: 'Family recipes are also on the encrypted backup disk', type: 'fact', topic: 'personal', body: 'A copy lives on the encrypted backup disk.' },
    ]),
  );
  const result = await compressTranscript(root, {
    transcriptPath: transcript(sessionId),
    sessionId,
    env: { ANTHROPIC_API_KEY: 'test-key', ANTHROPIC_BASE_URL: fake.url },
  });
  expect(result.path).toBe('llm');
  // The new note starts a background embedding run (model on): let it finish before the folder is removed.
  if (model === 'on')
    await eventually(
      () => !fs.existsSync(cacheLayout(root).embedLock) && readEmbedState(root)?.embedded === Object.keys(MEANING_NOTES).length + 1,
      'the background run for the new note',
    );
  return requestText(fake.requests[0]!.body);
}

describe.skipIf(!MODEL_INSTALLED)('compression looks up related notes by meaning', () => {
  it('shows the model a note the session described in other words, which a lookup by words misses', async () => {
    expect(await relatedSent('off', '44444444-4444-4444-8444-444444444444')).not.toContain(MEANING_NOTES.grandmother.id);
    expect(await relatedSent('on', '55555555-5555-4555-8555-555555555555')).toContain(MEANING_NOTES.grandmother.id);
  });
});
