/**
 * No duplicate memory: the same lesson compressed from two sessions leaves one note, on the model path (real SDK
 * against the fake API) and on the extractive path; a note the model says it replaces is superseded, not merged into.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { compressTranscript } from '../../src/flows/compress-session.js';
import { lintNotes } from '../../src/store/lint.js';
import { addNote, findNote } from '../../src/store/notes.js';
import { startFakeAnthropic, type FakeAnthropic } from '../helpers/fake-anthropic.js';
import { copyTranscript, memoryToolUse, noteFiles, repoWithConfig, removeScratch, scratchDir } from './compress-repo.js';

let fake: FakeAnthropic | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});
afterAll(removeScratch);

const log = (root: string) => fs.readFileSync(path.join(root, '.claude-memory', '.cache', 'log.jsonl'), 'utf8');

describe('compression never writes the same memory twice', () => {
  it('model path: a second session with the same lesson updates the first note (tags and files merged, updated bumped)', async () => {
    const root = repoWithConfig();
    const dir = scratchDir();
    let answer = 0;
    fake = await startFakeAnthropic(() =>
      memoryToolUse([
        answer++ === 0
          ? {
              title: 'Search results are cached in Redis for 5 minutes',
              type: 'decision',
              topic: 'search',
              tags: ['cache'],
              files: ['src/search.ts'],
              body: 'The search backend rate-limits us, so results are cached in Redis with a 5 minute TTL.',
            }
          : {
              title: 'Search results are cached in Redis for five minutes',
              type: 'decision',
              topic: 'search',
              tags: ['redis'],
              files: ['src/search.ts', 'docs/cache.md'],
              body: 'Results are cached in Redis with a 5 minute TTL because the search backend rate-limits us.\nInvalidate with the search:* key prefix.',
            },
      ]),
    );
    const env = { ANTHROPIC_API_KEY: 'test-key', ANTHROPIC_BASE_URL: fake.url };
    const first = await compressTranscript(root, {
      transcriptPath: copyTranscript('session-with-bash-and-write', 'one', dir),
      sessionId: 'one',
      env,
      now: new Date('2026-11-01T10:00:00Z'),
    });
    const second = await compressTranscript(root, {
      transcriptPath: copyTranscript('session-with-failing-command', 'two', dir),
      sessionId: 'two',
      env,
      now: new Date('2026-11-20T10:00:00Z'),
    });

    expect(first.created).toHaveLength(1);
    expect(second).toMatchObject({ path: 'llm', created: [], updated: first.created });
    expect(noteFiles(root)).toHaveLength(1);
    const note = findNote(root, first.created[0]!).note!;
    expect(note).toMatchObject({
      title: 'Search results are cached in Redis for 5 minutes',
      tags: ['cache', 'redis'],
      files: ['src/search.ts', 'docs/cache.md'],
      created: expect.stringMatching(/^2026-11-01/),
      updated: expect.stringMatching(/^2026-11-20/),
      source: { session: 'one' },
    });
    expect(note.body).toBe('The search backend rate-limits us, so results are cached in Redis with a 5 minute TTL.\nInvalidate with the search:* key prefix.');
    expect(log(root)).toContain('held the same memory as an existing one');
    expect(lintNotes(root).problems).toEqual([]);
  });

  it('extractive path: the same session transcript compressed under two session ids leaves one session note', async () => {
    const root = repoWithConfig();
    const dir = scratchDir();
    const a = await compressTranscript(root, {
      transcriptPath: copyTranscript('session-with-decision-multi-prompt', 'first-run', dir),
      sessionId: 'first-run',
      env: {},
      now: new Date('2026-11-01T10:00:00Z'),
    });
    const b = await compressTranscript(root, {
      transcriptPath: copyTranscript('session-with-decision-multi-prompt', 'second-run', dir),
      sessionId: 'second-run',
      env: {},
      now: new Date('2026-11-02T10:00:00Z'),
    });
    expect(a).toMatchObject({ path: 'extractive', created: [expect.any(String)] });
    expect(b).toMatchObject({ path: 'extractive', created: [], updated: a.created });
    expect(noteFiles(root)).toHaveLength(1);
  });

  it('a note the model supersedes is replaced, not merged into, even when the titles are close', async () => {
    const root = repoWithConfig();
    const old = addNote(root, {
      title: 'Search results are cached for 5 minutes',
      type: 'decision',
      topic: 'search',
      body: 'Cached in memcached for 5 minutes.',
    });
    fake = await startFakeAnthropic(() =>
      memoryToolUse([
        {
          title: 'Search results are cached for 5 minutes in Redis',
          type: 'decision',
          topic: 'search',
          body: 'Cached in Redis now, for 5 minutes; memcached is gone.',
          supersedes: [old.id],
        },
      ]),
    );
    const transcript = path.join(scratchDir(), 'three.jsonl');
    const line = (obj: unknown) => `${JSON.stringify({ cwd: '/home/dev/api', ...(obj as object) })}\n`;
    fs.writeFileSync(
      transcript,
      line({ type: 'user', message: { role: 'user', content: 'Search results are cached in memcached; move the cache to Redis.' } }) +
        line({
          type: 'assistant',
          message: { id: 'm1', role: 'assistant', content: 'Search results are now cached in Redis for 5 minutes; memcached is gone.' },
        }),
    );
    const result = await compressTranscript(root, {
      transcriptPath: transcript,
      sessionId: 'three',
      env: { ANTHROPIC_API_KEY: 'test-key', ANTHROPIC_BASE_URL: fake.url },
    });
    expect(result.created).toHaveLength(1);
    expect(findNote(root, old.id).note).toMatchObject({ status: 'superseded', data: expect.objectContaining({ supersededBy: result.created[0] }) });
  });
});
