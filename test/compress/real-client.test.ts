/**
 * A session run by the real `claude` binary (headless, against the fake API, with its own HOME), then compressed
 * from the transcript it wrote: with a key the same fake server answers the record_memories request, without one
 * the extractive path writes the session note. Both from a transcript no test helper produced.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { runClaude, transcriptPathFor } from '../helpers/claude.js';
import { isMainLoopRequest, requestText, scriptedClaudeHandler, startFakeAnthropic, toolUseReply, type FakeAnthropic } from '../helpers/fake-anthropic.js';
import { memoryToolUse, noteFiles, repoWithConfig, runCompressCli, removeScratch, scratchDir } from './compress-repo.js';

const SESSION = '66666666-6666-4666-8666-666666666666';
let fake: FakeAnthropic | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

afterAll(removeScratch);

describe('compressing a transcript the real client just wrote', () => {
  it('writes notes from it on both paths', async () => {
    const root = repoWithConfig();
    const home = scratchDir();
    const script = scriptedClaudeHandler([
      toolUseReply(
        'Write',
        { file_path: path.join(fs.realpathSync(root), 'docs', 'cache.md'), content: '# Cache\nRedis, 5 minute TTL.\n' },
        'Writing the cache decision down.',
      ),
      'We decided to cache search results in Redis with a 5 minute TTL because the search backend rate-limits us; docs/cache.md records it.',
    ]);
    fake = await startFakeAnthropic((req) => {
      if (isMainLoopRequest(req.body) || !req.body?.tools?.some((t) => t.name === 'record_memories')) return script(req);
      return requestText(req.body).includes('Redis')
        ? memoryToolUse([
            {
              title: 'Search results are cached in Redis for 5 minutes',
              type: 'decision',
              topic: 'search',
              body: 'The search backend rate-limits us, so results are cached in Redis with a 5 minute TTL. See docs/cache.md.',
              files: ['docs/cache.md'],
            },
          ])
        : memoryToolUse([]);
    });

    const session = await runClaude({
      cwd: root,
      home,
      baseUrl: fake.url,
      prompt: 'How should we cache search results? Write the decision to docs/cache.md.',
      sessionId: SESSION,
      timeoutMs: 25_000,
    });
    expect(session.code).toBe(0);
    const transcript = transcriptPathFor(home, root, SESSION);
    expect(fs.existsSync(transcript)).toBe(true);

    const withKey = await runCompressCli(root, ['compress', '--transcript', transcript, '--json'], {
      ANTHROPIC_API_KEY: 'test-key',
      ANTHROPIC_BASE_URL: fake.url,
    });
    expect(withKey.stderr).toBe('');
    expect(JSON.parse(withKey.stdout)).toMatchObject({ path: 'llm', created: [expect.stringMatching(/^search-results-are-cached-in-redis/)] });
    const compressionRequest = fake.requests.find((r) => r.body?.tools?.some((t) => t.name === 'record_memories'))!;
    expect(requestText(compressionRequest.body)).toContain('How should we cache search results?');
    expect(requestText(compressionRequest.body)).toContain('docs/cache.md');

    const offline = repoWithConfig();
    const withoutKey = await runCompressCli(offline, ['compress', '--transcript', transcript, '--json']);
    expect(JSON.parse(withoutKey.stdout)).toMatchObject({ path: 'extractive' });
    const [note] = noteFiles(offline);
    const text = fs.readFileSync(path.join(offline, '.claude-memory', 'notes', note!), 'utf8');
    expect(text).toContain('files: [docs/cache.md]');
    expect(text).toContain('Goal: How should we cache search results?');
    expect(text).toContain('We decided to cache search results in Redis with a 5 minute TTL because the search backend rate-limits us');
  });
});
