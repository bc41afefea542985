import { appendFileSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { parseTranscriptLine, readTranscript, type TranscriptEntry } from '../../src/capture/transcript.js';

const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'transcripts');

const dir = mkdtempSync(path.join(os.tmpdir(), 'cm-transcript-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let fileCounter = 0;
function tempFile(content: string | Buffer = ''): string {
  fileCounter += 1;
  const file = path.join(dir, `t${fileCounter}.jsonl`);
  writeFileSync(file, content);
  return file;
}

const line = (obj: unknown): string => JSON.stringify(obj) + '\n';
const user = (content: unknown, extra: Record<string, unknown> = {}) => line({ type: 'user', message: { role: 'user', content }, ...extra });
const assistant = (content: unknown, extra: Record<string, unknown> = {}) =>
  line({ type: 'assistant', message: { id: 'msg_1', role: 'assistant', content }, ...extra });

function texts(entries: TranscriptEntry[]): string[] {
  return entries.flatMap((e) => e.blocks.flatMap((b) => (b.type === 'text' ? [b.text] : [])));
}

describe('readTranscript', () => {
  it('reads user string content as one text block and keeps the common fields', async () => {
    const file = tempFile(
      user('hello', {
        uuid: 'u1',
        parentUuid: null,
        timestamp: '2026-01-01T00:00:00.000Z',
        sessionId: 's1',
        cwd: '/repo',
        gitBranch: 'main',
        isSidechain: false,
      }),
    );
    const r = await readTranscript(file);
    expect(r.entries).toEqual([
      {
        kind: 'user',
        uuid: 'u1',
        timestamp: '2026-01-01T00:00:00.000Z',
        sessionId: 's1',
        cwd: '/repo',
        gitBranch: 'main',
        isSidechain: false,
        blocks: [{ type: 'text', text: 'hello' }],
      },
    ]);
    expect(r.nextOffset).toBe(statSync(file).size);
    expect(r.bytesRead).toBe(r.nextOffset);
    expect(r.skippedLines).toBe(0);
  });

  it('leaves a partial last line for later and points nextOffset at its start', async () => {
    const first = user('one');
    const file = tempFile(first + '{"type":"user","message":{"role":"user","content":"tw');
    const r = await readTranscript(file);
    expect(texts(r.entries)).toEqual(['one']);
    expect(r.nextOffset).toBe(Buffer.byteLength(first));
    expect(r.skippedLines).toBe(0);
  });

  it('follows a growing file across calls without losing or repeating lines', async () => {
    const file = tempFile(user('a') + user('b'));
    const r1 = await readTranscript(file);
    expect(texts(r1.entries)).toEqual(['a', 'b']);

    const nothing = await readTranscript(file, r1.nextOffset);
    expect(nothing.entries).toEqual([]);
    expect(nothing.nextOffset).toBe(r1.nextOffset);
    expect(nothing.bytesRead).toBe(0);

    // A writer flushing half a line, then the rest.
    const third = user('c');
    appendFileSync(file, third.slice(0, 10));
    const r2 = await readTranscript(file, r1.nextOffset);
    expect(r2.entries).toEqual([]);
    expect(r2.nextOffset).toBe(r1.nextOffset);

    appendFileSync(file, third.slice(10) + assistant([{ type: 'text', text: 'd' }]));
    const r3 = await readTranscript(file, r2.nextOffset);
    expect(texts(r3.entries)).toEqual(['c', 'd']);
    expect(r3.nextOffset).toBe(statSync(file).size);
    expect(r3.bytesRead).toBe(r3.nextOffset - r2.nextOffset);
  });

  it('skips unknown types and malformed lines, counting them, without throwing', async () => {
    const file = tempFile(
      [
        line({ type: 'queue-operation', operation: 'enqueue' }),
        user('kept 1'),
        '{not json\n',
        line({ type: 'summary', summary: 'x' }),
        '\n',
        '42\n',
        line({ type: 'user' }), // no message
        line({ type: 'some-future-type', message: { content: 'x' } }),
        user('kept 2'),
      ].join(''),
    );
    const r = await readTranscript(file);
    expect(texts(r.entries)).toEqual(['kept 1', 'kept 2']);
    expect(r.skippedLines).toBe(6);
    expect(r.malformedLines).toBe(2);
    expect(r.nextOffset).toBe(statSync(file).size);
  });

  it('counts offsets in bytes with multi-byte UTF-8 text', async () => {
    const a = user('café ☕ 日本語 🎉');
    const b = user('ñ');
    const file = tempFile(a + b);
    expect(Buffer.byteLength(a)).toBeGreaterThan(a.length);

    const r = await readTranscript(file, 0, { maxBytes: Buffer.byteLength(a) });
    expect(texts(r.entries)).toEqual(['café ☕ 日本語 🎉']);
    expect(r.nextOffset).toBe(Buffer.byteLength(a));

    const r2 = await readTranscript(file, r.nextOffset);
    expect(texts(r2.entries)).toEqual(['ñ']);
    expect(r2.nextOffset).toBe(Buffer.byteLength(a + b));
  });

  it('does not split a multi-byte character across stream chunks', async () => {
    // Long enough to span several read chunks, with 4-byte characters everywhere.
    const big = '🎉'.repeat(200_000);
    const file = tempFile(user(big) + user('after'));
    const r = await readTranscript(file);
    expect(texts(r.entries)).toEqual([big, 'after']);
  });

  it('stops at maxBytes on a line boundary and resumes from there', async () => {
    const lines = Array.from({ length: 10 }, (_, i) => user(`line ${i}`));
    const file = tempFile(lines.join(''));
    const len = Buffer.byteLength(lines[0]!);
    const seen: string[] = [];
    let offset = 0;
    let calls = 0;
    for (;;) {
      const r = await readTranscript(file, offset, { maxBytes: len * 3 + 5 });
      if (r.bytesRead === 0) break;
      expect(r.bytesRead).toBeLessThanOrEqual(len * 3 + 5);
      seen.push(...texts(r.entries));
      offset = r.nextOffset;
      calls += 1;
    }
    expect(seen).toEqual(lines.map((_, i) => `line ${i}`));
    expect(calls).toBe(4);
  });

  it('finishes the first line even when it alone exceeds maxBytes, so progress never stalls', async () => {
    const long = user('x'.repeat(1000));
    const file = tempFile(long + user('next'));
    const r = await readTranscript(file, 0, { maxBytes: 100 });
    expect(texts(r.entries)).toEqual(['x'.repeat(1000)]);
    expect(r.nextOffset).toBe(Buffer.byteLength(long));
  });

  it('skips a line longer than maxLineBytes and reads on', async () => {
    const huge = user('y'.repeat(5000));
    const file = tempFile(user('before') + huge + user('after'));
    const r = await readTranscript(file, 0, { maxLineBytes: 1000 });
    expect(texts(r.entries)).toEqual(['before', 'after']);
    expect(r.skippedLines).toBe(1);
    expect(r.malformedLines).toBe(1);
    expect(r.nextOffset).toBe(statSync(file).size);
  });

  it('does not consume an oversized line that is still being written', async () => {
    const file = tempFile(user('before') + '{"type":"user","message":{"content":"' + 'z'.repeat(5000));
    const r = await readTranscript(file, 0, { maxLineBytes: 1000 });
    expect(texts(r.entries)).toEqual(['before']);
    expect(r.skippedLines).toBe(0);
    expect(r.nextOffset).toBe(Buffer.byteLength(user('before')));
  });

  it('tolerates CRLF line endings', async () => {
    const file = tempFile(user('a').replace('\n', '\r\n') + user('b'));
    const r = await readTranscript(file);
    expect(texts(r.entries)).toEqual(['a', 'b']);
  });

  it('parses tool_use, tool_result, thinking and attachment blocks', async () => {
    const file = tempFile(
      [
        assistant([{ type: 'thinking', thinking: 'ponder', signature: 'sig' }]),
        assistant([{ type: 'tool_use', id: 'toolu_1', name: 'Bash', input: { command: 'ls' } }]),
        user([
          { type: 'tool_result', tool_use_id: 'toolu_1', content: 'a\nb', is_error: false },
          {
            type: 'tool_result',
            tool_use_id: 'toolu_2',
            content: [
              { type: 'text', text: 'part 1' },
              { type: 'image', source: {} },
              { type: 'text', text: 'part 2' },
            ],
            is_error: true,
          },
          { type: 'tool_result', content: 'no id, no flag' },
          { type: 'image', source: {} },
        ]),
        line({
          type: 'attachment',
          uuid: 'a1',
          attachment: { type: 'hook_success', hookEvent: 'SessionStart', content: 'memory text', stdout: 'memory text\n' },
        }),
        line({ type: 'attachment', attachment: { type: 'hook_additional_context', hookEvent: 'UserPromptSubmit', content: ['one', 'two'] } }),
        line({ type: 'attachment', attachment: { type: 'hook_success', hookEvent: 'Stop', stdout: 'only stdout' } }),
        line({ type: 'attachment', attachment: { type: 'agent_listing_delta', addedLines: ['x'] } }),
      ].join(''),
    );
    const r = await readTranscript(file);
    expect(r.skippedLines).toBe(0);
    expect(r.entries.map((e) => e.blocks)).toEqual([
      [{ type: 'thinking', text: 'ponder' }],
      [{ type: 'tool_use', id: 'toolu_1', name: 'Bash', input: { command: 'ls' } }],
      [
        { type: 'tool_result', toolUseId: 'toolu_1', content: 'a\nb', isError: false },
        { type: 'tool_result', toolUseId: 'toolu_2', content: 'part 1\n[image]\npart 2', isError: true },
        { type: 'tool_result', content: 'no id, no flag', isError: false },
      ],
      [{ type: 'attachment', hookEvent: 'SessionStart', attachmentType: 'hook_success', text: 'memory text' }],
      [{ type: 'attachment', hookEvent: 'UserPromptSubmit', attachmentType: 'hook_additional_context', text: 'one\ntwo' }],
      [{ type: 'attachment', hookEvent: 'Stop', attachmentType: 'hook_success', text: 'only stdout' }],
      [{ type: 'attachment', attachmentType: 'agent_listing_delta', text: '' }],
    ]);
    expect(r.entries[0]!.messageId).toBe('msg_1');
    expect(r.entries.map((e) => e.kind)).toEqual(['assistant', 'assistant', 'user', 'attachment', 'attachment', 'attachment', 'attachment']);
  });

  it('names the file and the reason when it cannot be read', async () => {
    const missing = path.join(dir, 'nope.jsonl');
    await expect(readTranscript(missing)).rejects.toThrow(`cannot read transcript ${missing}: file does not exist`);
    await expect(readTranscript(dir)).rejects.toThrow(/not a regular file/);
  });

  it('reports the file size so a caller can tell the file was truncated', async () => {
    const file = tempFile(user('a'));
    const r = await readTranscript(file, 10_000);
    expect(r).toMatchObject({ entries: [], nextOffset: 10_000, bytesRead: 0, fileSize: statSync(file).size });
  });

  it('rejects nonsense offsets and limits', async () => {
    const file = tempFile(user('a'));
    await expect(readTranscript(file, -1)).rejects.toThrow(RangeError);
    await expect(readTranscript(file, 0, { maxBytes: 0 })).rejects.toThrow(RangeError);
  });
});

describe('parseTranscriptLine', () => {
  it('ignores non-objects and unknown kinds', () => {
    expect(parseTranscriptLine(null)).toBeUndefined();
    expect(parseTranscriptLine([1])).toBeUndefined();
    expect(parseTranscriptLine({ type: 'last-prompt', lastPrompt: 'x' })).toBeUndefined();
  });

  it('drops blocks it cannot use but keeps the entry', () => {
    const e = parseTranscriptLine({ type: 'assistant', message: { content: [{ type: 'redacted_thinking', data: 'x' }, { type: 'tool_use' }] } });
    expect(e).toEqual({ kind: 'assistant', blocks: [] });
  });
});

describe('real transcripts recorded from claude 2.1.197', () => {
  const fixture = (name: string) => path.join(FIXTURES, name);

  it('session-with-bash-and-write: prompt, Write and Bash tool calls with their results', async () => {
    const file = fixture('session-with-bash-and-write.jsonl');
    const r = await readTranscript(file);
    expect(r.nextOffset).toBe(statSync(file).size);
    // queue-operation ×2 and last-prompt are the only line kinds we do not keep.
    expect(r.skippedLines).toBe(3);
    expect(r.malformedLines).toBe(0);

    const first = r.entries[0]!;
    expect(first).toMatchObject({ kind: 'user', sessionId: '11111111-1111-4111-8111-111111111111', gitBranch: 'main', isSidechain: false });
    expect(first.blocks).toEqual([{ type: 'text', text: 'Add a .nvmrc pinning Node 20 and show me the files in the repo.' }]);

    const blocks = r.entries.flatMap((e) => e.blocks);
    const toolUses = blocks.filter((b) => b.type === 'tool_use');
    expect(toolUses.map((b) => b.name)).toEqual(['Write', 'Bash']);
    expect(toolUses[1]).toMatchObject({ input: { command: 'ls -A' } });
    const results = blocks.filter((b) => b.type === 'tool_result');
    expect(results).toHaveLength(2);
    expect(results[0]!.toolUseId).toBe(toolUses[0]!.id);
    expect(results[1]).toMatchObject({ content: '.git\n.nvmrc\nREADME.md', isError: false });
    expect(texts(r.entries.filter((e) => e.kind === 'assistant')).at(-1)).toMatch(/Added `.nvmrc`/);
  });

  it('session-with-failing-command: the failed Bash call is an error result', async () => {
    const r = await readTranscript(fixture('session-with-failing-command.jsonl'));
    const results = r.entries.flatMap((e) => e.blocks).filter((b) => b.type === 'tool_result');
    expect(results.map((b) => b.isError)).toEqual([true, false]);
    expect(results[0]!.content).toMatch(/^Exit code 1\n.*No such file or directory/);
  });

  it('session-with-decision-multi-prompt: three prompts, a thinking block and the stated decision', async () => {
    const r = await readTranscript(fixture('session-with-decision-multi-prompt.jsonl'));
    const prompts = r.entries.filter((e) => e.kind === 'user' && e.blocks[0]?.type === 'text');
    expect(prompts).toHaveLength(3);
    expect(new Set(r.entries.map((e) => e.sessionId))).toEqual(new Set(['33333333-3333-4333-8333-333333333333']));
    const blocks = r.entries.flatMap((e) => e.blocks);
    expect(blocks.some((b) => b.type === 'thinking' && b.text.includes('Asymmetric keys'))).toBe(true);
    expect(texts(r.entries).some((t) => t.startsWith('We decided to use RS256 because'))).toBe(true);
    expect(texts(r.entries).at(-1)).toContain('☕');
    // The client writes one line per content block; the thinking and text of one reply share a message id.
    const thinking = r.entries.find((e) => e.blocks[0]?.type === 'thinking')!;
    const decision = r.entries.find((e) => texts([e])[0]?.startsWith('We decided'))!;
    expect(thinking.messageId).toBeDefined();
    expect(decision.messageId).toBe(thinking.messageId);
  });

  it('session-with-decision-multi-prompt: reading in small budgets gives the same entries as one read', async () => {
    const file = fixture('session-with-decision-multi-prompt.jsonl');
    const whole = await readTranscript(file);
    const pieces: TranscriptEntry[] = [];
    let offset = 0;
    for (let guard = 0; guard < 1000; guard++) {
      const r = await readTranscript(file, offset, { maxBytes: 700 });
      if (r.bytesRead === 0) break;
      pieces.push(...r.entries);
      offset = r.nextOffset;
    }
    expect(offset).toBe(statSync(file).size);
    expect(pieces).toEqual(whole.entries);
  });

  it('session-with-hook-context: hook output is kept as attachment blocks with their event', async () => {
    const r = await readTranscript(fixture('session-with-hook-context.jsonl'));
    const attachments = r.entries.flatMap((e) => e.blocks).filter((b) => b.type === 'attachment' && b.hookEvent !== undefined);
    expect(attachments).toEqual([
      {
        type: 'attachment',
        hookEvent: 'SessionStart',
        attachmentType: 'hook_success',
        text: 'Project memory: tokens are signed with RS256 (decided 2026-01-10).',
      },
      {
        type: 'attachment',
        hookEvent: 'UserPromptSubmit',
        attachmentType: 'hook_additional_context',
        text: 'Related note: config/auth.json holds the JWT settings.',
      },
    ]);
  });

  it('every fixture reads cleanly to its end', async () => {
    for (const name of [
      'session-with-bash-and-write.jsonl',
      'session-with-failing-command.jsonl',
      'session-with-decision-multi-prompt.jsonl',
      'session-with-hook-context.jsonl',
    ]) {
      const file = fixture(name);
      const r = await readTranscript(file);
      expect(r.malformedLines, name).toBe(0);
      expect(r.nextOffset, name).toBe(readFileSync(file).length);
    }
  });
});
