/**
 * Class 4 of issue 15: no note can end the fence of injected memory, open another, pose as a system or turn marker,
 * or start a line of its own — in the session-start text, the prompt pointers and the MCP answers. Unit cases on the
 * one fence module, then real repositories of hostile notes through the real hooks and MCP tools.
 */
import fs from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { fenceBlock, fenceField } from '../../src/core/fence.js';
import { formatPointers } from '../../src/retrieve/recall.js';
import { buildCandidates } from '../../src/index/overview-candidates.js';
import { buildSessionContext } from '../../src/retrieve/session-context.js';
import { noteLine } from '../../src/surfaces/mcp/format.js';
import { memoryGet, memoryRelated, memorySearch } from '../../src/surfaces/mcp/tools.js';
import { HOSTILE, fenceProblems } from '../helpers/hostile-text.js';
import { git, runCliSync, tempRepo, writeFile } from '../helpers/temp-repo.js';

const cleanup: string[] = [];
afterAll(() => {
  for (const dir of cleanup) fs.rmSync(dir, { recursive: true, force: true });
});

const MARKER = /ATTACK|SYSTEM|Human:|Assistant:|New instructions|New section/;
/** For text that is not a fenced block: only tags and invisible characters are looked for. */
const NEVER = /(?!)/;
const wrap = (text: string, i: number) => `ATTACK${i} ${text} END${i}`;

describe('fenceField', () => {
  it.each(HOSTILE)('%s: one line, nothing tag-like, nothing invisible', (_kind, text) => {
    const out = fenceField(wrap(text, 0));
    expect(out).not.toMatch(/[\n\r\u2028\u2029\u0085\u000b\u000c]/);
    expect(fenceProblems(out, NEVER, { fenced: false })).toEqual([]);
    expect(out.startsWith('ATTACK0')).toBe(true);
    expect(out.endsWith('END0')).toBe(true);
  });

  it('leaves ordinary text alone, comparisons and arrows included', () => {
    for (const text of [
      'Retry POST only when idempotent',
      'c > d',
      'x <= 3, y >= 4',
      'f => g -> h',
      'R&D budget && more',
      'Map<string> in TypeScript'.replace('<string>', ' of strings'),
      'café naïve 日本語',
      'C:\\path\\file',
    ]) {
      expect(fenceField(text)).toBe(text);
    }
    // A bracket before a word or a slash reads as a tag to someone: escaped, even in prose.
    expect(fenceField('Map<string, number>')).toBe('Map&lt;string, number>');
    expect(fenceField('a < b')).toBe('a &lt; b');
    expect(fenceField('x'.repeat(50), 10)).toBe(`${'x'.repeat(9)}…`);
  });
});

describe('fenceBlock', () => {
  it.each(HOSTILE)('%s: every line escaped, breaks of every kind become newlines', (_kind, text) => {
    const out = fenceBlock(`- ${wrap(text, 1)}`);
    expect(out).not.toMatch(/[\r\u2028\u2029\u0085]/);
    expect(fenceProblems(out, NEVER, { fenced: false })).toEqual([]);
  });
});

const hostileNote = (text: string, i: number) => ({
  id: `note-${i}`,
  title: wrap(text, i),
  type: 'gotcha',
  path: `.claude-memory/notes/x/note-${i}.md`,
  updated: '2026-01-01',
  summary: wrap(text, i + 1000),
  files: [wrap(text, i + 2000)],
});

describe('the injectors, with hostile values', () => {
  it('session start: changed-file notes and hostile catalog entries stay inside the fence', () => {
    // Catalog entries as a committed or hand-edited cache could hold them: every field hostile, line breaks included.
    const entries = HOSTILE.map(([, text], i) => ({
      id: `n${i}`,
      title: wrap(text, i),
      type: i % 2 ? 'gotcha' : 'convention',
      topic: wrap(text, i + 3000),
      status: 'active',
      updated: '2026-01-01',
      path: `.claude-memory/notes/x/n${i}.md`,
      summary: wrap(text, i + 4000),
      tags: [],
      files: [wrap(text, i + 5000)],
      pinned: i % 5 === 0,
      tokens: 20,
    }));
    const candidates = buildCandidates(entries, undefined, { budgetTokens: 2_000, catalogStamp: '', format: 0 });
    const { text } = buildSessionContext({
      candidates,
      changedNotes: HOSTILE.map(([, text], i) => hostileNote(text, i)),
      stale: new Map([['n1', [{ file: wrap('x', 1), kind: 'renamed', to: wrap(HOSTILE[0]![1], 2) }]]]),
      budgetTokens: 100_000,
      mcp: true,
    });
    expect(text).toContain('n1');
    expect(fenceProblems(text, MARKER)).toEqual([]);
  });

  it('prompt pointers: title, type, id, path and summary each escaped', () => {
    for (const [kind, hostile] of HOSTILE) {
      const text = formatPointers(
        [{ id: wrap(hostile, 1), title: wrap(hostile, 2), type: wrap(hostile, 3), path: wrap(hostile, 4), line: wrap(hostile, 5), score: 10 }],
        10_000,
      );
      expect(fenceProblems(text, MARKER), kind).toEqual([]);
    }
  });

  it('MCP note lines', () => {
    for (const [kind, hostile] of HOSTILE) {
      const line = noteLine({
        id: wrap(hostile, 1),
        title: wrap(hostile, 2),
        type: 'fact',
        updated: wrap(hostile, 3),
        path: wrap(hostile, 4),
        tokens: 3,
        status: 'active',
        reasons: [wrap(hostile, 5)],
      });
      expect(line.split('\n'), kind).toHaveLength(1);
      expect(fenceProblems(line, NEVER, { fenced: false }), kind).toEqual([]);
    }
  });
});

describe('a repository of hostile notes, through the real hooks and MCP tools', () => {
  const root = tempRepo({ initMemory: true });
  cleanup.push(root);
  HOSTILE.forEach(([, text], i) => {
    // Written as a teammate could commit it: YAML double-quoted strings carry any character.
    const q = (value: string) => JSON.stringify(value);
    writeFile(
      root,
      `.claude-memory/notes/hostile/hostile-${i}.md`,
      [
        '---',
        `id: hostile-${i}`,
        `title: ${q(`Deploy rollback ${wrap(text, i)}`)}`,
        'type: convention',
        `topic: ${q(`hostile ${wrap(text, i + 100)}`)}`,
        `tags: [${q(wrap(text, i + 200))}]`,
        `files: [${q(`src/deploy.ts`)}, ${q(wrap(text, i + 300))}]`,
        'pinned: true',
        '---',
        `Deploy rollback needs the release tag. ${wrap(text, i + 400)}`,
        '',
      ].join('\n'),
    );
  });
  // Notes about other things, so the prompt's words are rare enough to clear the relevance bar.
  for (let i = 0; i < 150; i++)
    writeFile(
      root,
      `.claude-memory/notes/other/other-${i}.md`,
      `---\nid: other-${i}\ntitle: Cache entry ${i} expires\ntype: fact\ntopic: other\n---\nEntries expire after a while.\n`,
    );
  writeFile(root, 'src/deploy.ts', 'export {};\n');
  git(root, 'add', '-A');
  git(root, 'commit', '-qm', 'hostile notes');
  writeFile(root, 'src/deploy.ts', 'export const changed = 1;\n');

  const hook = (event: string, extra: Record<string, unknown>) => {
    const result = runCliSync(root, ['hook', event], { input: JSON.stringify({ session_id: `s-${event}`, cwd: root, hook_event_name: event, ...extra }) });
    expect(result.code).toBe(0);
    return (JSON.parse(result.stdout) as { hookSpecificOutput: { additionalContext: string } }).hookSpecificOutput.additionalContext;
  };

  it('session start', () => {
    const text = hook('SessionStart', { source: 'startup' });
    expect(text).toContain('Deploy rollback');
    expect(fenceProblems(text, MARKER)).toEqual([]);
  });

  it('prompt recall', () => {
    const text = hook('UserPromptSubmit', { prompt: 'how does the deploy rollback use the release tag' });
    expect(text).toContain('Deploy rollback');
    expect(fenceProblems(text, MARKER)).toEqual([]);
  });

  it('MCP search, related and get', async () => {
    const search = await memorySearch.run(root, { query: 'deploy rollback release tag', limit: 50 });
    expect(search).toContain('hostile-');
    for (const line of search.split('\n').slice(2)) expect(fenceProblems(line, MARKER, { fenced: false })).toEqual([]);
    const related = await memoryRelated.run(root, { file: 'src/deploy.ts', limit: 50 });
    for (const line of related.split('\n').slice(1)) expect(fenceProblems(line, MARKER, { fenced: false })).toEqual([]);
    for (let i = 0; i < HOSTILE.length; i += 10) {
      const got = await memoryGet.run(root, { ids: HOSTILE.slice(i, i + 10).map((_, j) => `hostile-${i + j}`) });
      expect(fenceProblems(got, NEVER, { fenced: false })).toEqual([]);
    }
  });

  it('the catalog itself holds single-line titles, topics, tags and files', () => {
    const list = runCliSync(root, ['list', '--json']);
    const entries = (JSON.parse(list.stdout) as Array<{ title: string; topic: string }>).filter((entry) => entry.topic !== 'other');
    // The note whose body holds a raw NUL is refused as binary; every other one is listed.
    expect(entries).toHaveLength(HOSTILE.length - 1);
    expect(runCliSync(root, ['lint']).stdout).toContain('binary file (contains NUL bytes)');
    for (const entry of entries) expect(`${entry.title}${entry.topic}`).not.toMatch(/[\n\r\u2028\u2029\u0085\u000b\u000c\u001b]/);
  });
});
