import { describe, expect, it } from 'vitest';
import type { Note } from '../../src/core/types.js';
import { checkStagedFile, guardMessage } from '../../src/git/guard.js';
import { commitMessage, selectNotePaths } from '../../src/git/new-notes.js';
import { changedFields, reviewSummary, type Review, type ReviewEntry } from '../../src/git/review.js';
import { judgeFile, normalizeFile, type FileFacts } from '../../src/git/stale.js';
import { PLANTED_SECRETS } from '../fixtures/secrets/planted.js';

/** The pure deciders of src/git, one table each. The runners around them are tested on real repositories. */

describe('stale: normalizeFile', () => {
  it.each([
    ['src/a.ts', 'src/a.ts'],
    ['./src/a.ts', 'src/a.ts'],
    ['././src/a.ts', 'src/a.ts'],
    ['  src/a.ts  ', 'src/a.ts'],
    ['src\\win\\a.ts', 'src/win/a.ts'],
    ['lib/queue/', 'lib/queue'],
    ['lib/queue///', 'lib/queue'],
    ['../outside.ts', '../outside.ts'],
    ['/etc/passwd', '/etc/passwd'],
    ['', ''],
  ])('%j → %j', (raw, normal) => {
    expect(normalizeFile(raw)).toBe(normal);
  });
});

describe('stale: judgeFile', () => {
  const facts = (over: Partial<FileFacts>): FileFacts => ({
    entries: [],
    numstat: new Map(),
    inHead: () => false,
    inWorkTree: () => false,
    linesNow: () => 100,
    ...over,
  });
  const entry = (status: string, from: string, to = from) => ({ status, from, to });

  it.each<[string, string, Partial<FileFacts>, ReturnType<typeof judgeFile>]>([
    ['renamed file', 'src/a.ts', { entries: [entry('R', 'src/a.ts', 'src/b.ts')] }, { file: 'src/a.ts', kind: 'renamed', to: 'src/b.ts' }],
    ['renamed, written with ./', './src/a.ts', { entries: [entry('R', 'src/a.ts', 'src/b.ts')] }, { file: './src/a.ts', kind: 'renamed', to: 'src/b.ts' }],
    ['deleted file', 'src/a.ts', { entries: [entry('D', 'src/a.ts')] }, { file: 'src/a.ts', kind: 'deleted' }],
    [
      'a copy is not a rename: the source still exists in the work tree',
      'src/a.ts',
      { entries: [entry('C', 'src/a.ts', 'src/c.ts')], inWorkTree: () => true },
      undefined,
    ],
    [
      'folder moved as a whole',
      'lib/q',
      { entries: [entry('R', 'lib/q/a.ts', 'lib/jobs/a.ts'), entry('R', 'lib/q/b.ts', 'lib/jobs/b.ts')] },
      { file: 'lib/q', kind: 'renamed', to: 'lib/jobs' },
    ],
    [
      'folder split in two: deleted',
      'lib/q',
      { entries: [entry('R', 'lib/q/a.ts', 'x/a.ts'), entry('R', 'lib/q/b.ts', 'y/b.ts')] },
      { file: 'lib/q', kind: 'deleted' },
    ],
    ['folder deleted', 'lib/q/', { entries: [entry('D', 'lib/q/a.ts'), entry('D', 'lib/q/b.ts')] }, { file: 'lib/q/', kind: 'deleted' }],
    ['a sibling with a shared prefix does not count', 'lib/q', { entries: [entry('D', 'lib/queue/a.ts')], inWorkTree: () => true }, undefined],
    ['never existed', 'src/typo.ts', {}, { file: 'src/typo.ts', kind: 'missing' }],
    ['only in the work tree (not committed yet)', 'src/new.ts', { inWorkTree: () => true }, undefined],
    ['in HEAD and unchanged', 'src/a.ts', { inHead: () => true }, undefined],
    [
      'in HEAD, renamed away and back: numstat names another path',
      'src/a.ts',
      { inHead: () => true, numstat: new Map([['src/a.ts', { added: 90, deleted: 90, to: 'src/z.ts' }]]) },
      undefined,
    ],
    [
      'in HEAD, heavily changed',
      'src/a.ts',
      { inHead: () => true, numstat: new Map([['src/a.ts', { added: 60, deleted: 40, to: 'src/a.ts' }]]) },
      { file: 'src/a.ts', kind: 'changed', churn: 100, lines: 100 },
    ],
    [
      'in HEAD, changed but unreadable now',
      'src/a.ts',
      { inHead: () => true, linesNow: () => undefined, numstat: new Map([['src/a.ts', { added: 60, deleted: 40, to: 'src/a.ts' }]]) },
      undefined,
    ],
    [
      'size taken from before when the file shrank',
      'src/a.ts',
      { inHead: () => true, linesNow: () => 10, numstat: new Map([['src/a.ts', { added: 0, deleted: 30, to: 'src/a.ts' }]]) },
      { file: 'src/a.ts', kind: 'changed', churn: 30, lines: 40 },
    ],
    ['empty entry', '   ', {}, undefined],
    ['outside the repository', '../x.ts', {}, undefined],
    ['absolute path', '/etc/hosts', {}, undefined],
  ])('%s', (_name, file, over, reason) => {
    expect(judgeFile(file, facts(over))).toEqual(reason);
  });
});

describe('review: changedFields and reviewSummary', () => {
  const note = (over: Partial<Note>): Note => ({
    id: 'n',
    title: 'T',
    type: 'fact',
    topic: 'general',
    tags: [],
    files: [],
    status: 'active',
    supersedes: [],
    body: 'Body.',
    path: 'n.md',
    data: { title: 'T', type: 'fact' },
    ...over,
  });

  it.each<[string, Partial<Note>, Partial<Note>, string[]]>([
    ['nothing', {}, {}, []],
    ['a front matter value', { data: { title: 'T', type: 'fact' } }, { data: { title: 'U', type: 'fact' } }, ['title']],
    ['a key added and one removed', { data: { title: 'T', tags: ['a'] } }, { data: { title: 'T', files: ['x'] } }, ['tags', 'files']],
    ['list order matters', { data: { tags: ['a', 'b'] } }, { data: { tags: ['b', 'a'] } }, ['tags']],
    ['nested values compared by content', { data: { extra: { a: 1 } } }, { data: { extra: { a: 1 } } }, []],
    ['body', { body: 'One.' }, { body: 'Two.' }, ['body']],
    ['path', { path: 'a/n.md' }, { path: 'b/n.md' }, ['path']],
    [
      'all three, in that order',
      { data: { topic: 'a' }, body: 'x', path: 'a.md' },
      { data: { topic: 'b' }, body: 'y', path: 'b.md' },
      ['topic', 'body', 'path'],
    ],
  ])('%s', (_name, before, after, fields) => {
    expect(changedFields(note(before), note(after))).toEqual(fields);
  });

  const entries = (n: number): ReviewEntry[] =>
    Array.from({ length: n }, (_, i) => ({ id: `n${i}`, title: 't', type: 'fact', topic: 'g', status: 'active', path: `n${i}.md` }));
  const review = (counts: Partial<Record<keyof Review, number>>): Review => ({
    added: entries(counts.added ?? 0),
    changed: entries(counts.changed ?? 0),
    superseded: entries(counts.superseded ?? 0),
    archived: entries(counts.archived ?? 0),
    deleted: entries(counts.deleted ?? 0),
  });

  it.each<[Partial<Record<keyof Review, number>>, string]>([
    [{}, ''],
    [{ added: 1 }, '1 added'],
    [{ deleted: 3, added: 2 }, '2 added, 3 deleted'],
    [{ added: 1, changed: 2, superseded: 3, archived: 4, deleted: 5 }, '1 added, 2 changed, 3 superseded, 4 archived, 5 deleted'],
  ])('reviewSummary %j', (counts, text) => {
    expect(reviewSummary(review(counts))).toBe(text);
  });
});

describe('new notes: selectNotePaths and commitMessage', () => {
  it.each<[string, string[], string[]]>([
    [
      'relative and absolute, deduplicated and sorted',
      ['.claude-memory/notes/b/y.md', '/repo/.claude-memory/notes/a/x.md', '.claude-memory/notes/b/y.md'],
      ['.claude-memory/notes/a/x.md', '.claude-memory/notes/b/y.md'],
    ],
    ['not a note file', ['.claude-memory/config.json', '.claude-memory/notes/a/x.txt', 'src/a.md', '.claude-memory/INDEX.md'], []],
    ['escapes the notes folder', ['../evil/.claude-memory/notes/z.md', '.claude-memory/notes/../../x.md', '/elsewhere/.claude-memory/notes/a.md'], []],
    ['a folder named like a note, or the notes folder itself', ['.claude-memory/notes', '.claude-memory/notes.md'], []],
    ['a line break in the name', ['.claude-memory/notes/a/x\n.md', '.claude-memory/notes/a/y\r.md'], []],
    [
      'spaces and unicode are fine',
      ['.claude-memory/notes/a/with space.md', '.claude-memory/notes/ü/日本.md'],
      ['.claude-memory/notes/a/with space.md', '.claude-memory/notes/ü/日本.md'],
    ],
  ])('selectNotePaths: %s', (_name, given, selected) => {
    expect(selectNotePaths('/repo', given)).toEqual(selected);
  });

  const note = (title: string, isNew = true, type = 'fact') => ({
    path: `.claude-memory/notes/g/${title.toLowerCase().replace(/\W+/g, '-')}.md`,
    title,
    type,
    isNew,
  });

  it.each<[string, Parameters<typeof commitMessage>, string]>([
    ['one new note', [[note('Alpha')]], 'memory: add 1 note\n\n- fact: Alpha (.claude-memory/notes/g/alpha.md)\n'],
    [
      'updates only',
      [[note('A', false), note('B', false)]],
      'memory: update 2 notes\n\n- fact: A (.claude-memory/notes/g/a.md)\n- fact: B (.claude-memory/notes/g/b.md)\n',
    ],
    [
      'both, with a session',
      [[note('A'), note('B'), note('C', false)], 'abcdef12-3456'],
      'memory: add 2 notes, update 1 (session abcdef12)\n\n- fact: A (.claude-memory/notes/g/a.md)\n- fact: B (.claude-memory/notes/g/b.md)\n- fact: C (.claude-memory/notes/g/c.md)\n\nClaude-Memory-Session: abcdef12-3456\n',
    ],
    [
      'a session id cannot add lines or trailers',
      [[note('A')], 'x\nSigned-off-by: someone'],
      'memory: add 1 note (session xSigned-)\n\n- fact: A (.claude-memory/notes/g/a.md)\n\nClaude-Memory-Session: xSigned-off-bysomeone\n',
    ],
    ['a session id of nothing usable is left out', [[note('A')], '!!!'], 'memory: add 1 note\n\n- fact: A (.claude-memory/notes/g/a.md)\n'],
    [
      'long titles and types are cut, whitespace flattened',
      [[{ path: 'p.md', title: `${'long '.repeat(30)}\tend`, type: 'a-very-long-type-name-indeed', isNew: true }]],
      `memory: add 1 note\n\n- a-very-long-type-na…: ${'long '.repeat(19)}long… (p.md)\n`,
    ],
  ])('commitMessage: %s', (_name, args, message) => {
    expect(commitMessage(...args)).toBe(message);
  });
});

describe('guard: checkStagedFile and guardMessage', () => {
  const token = PLANTED_SECRETS.find((planted) => planted.kind === 'github-token')!;
  const validNote = '---\nid: fine\ntitle: Fine\ntype: fact\n---\nDeploys run from CI.\n';

  it.each<[string, string, Buffer, Array<{ path: string; reason: RegExp }>]>([
    ['a valid note', '.claude-memory/notes/ops/fine.md', Buffer.from(validNote), []],
    [
      'a secret in a note, with its line',
      '.claude-memory/notes/ops/t.md',
      Buffer.from(`${validNote}\n${token.text}\n`),
      [{ path: '.claude-memory/notes/ops/t.md', reason: /^looks like a secret \(github-token\) on line 8: ".*\[REDACTED:github-token\].*"; remove it/ }],
    ],
    [
      'a secret in another memory file',
      '.claude-memory/config.json',
      Buffer.from(`{"token": "${token.text}"}`),
      [{ path: '.claude-memory/config.json', reason: /^looks like a secret \(github-token\) on line 1: ".*\[REDACTED:github-token\].*"; remove it/ }],
    ],
    [
      'a note that does not parse',
      '.claude-memory/notes/ops/bad.md',
      Buffer.from('---\ntitle: [unclosed\n---\nx\n'),
      [{ path: '.claude-memory/notes/ops/bad.md', reason: /^invalid note: / }],
    ],
    [
      'a note over the size limit',
      '.claude-memory/notes/ops/big.md',
      Buffer.from(`${validNote}${'x'.repeat(300 * 1024)}\n`),
      [{ path: '.claude-memory/notes/ops/big.md', reason: /^invalid note: \d+ bytes, over the \d+-byte limit$/ }],
    ],
    [
      'a binary note',
      '.claude-memory/notes/a.md',
      Buffer.from([0xff, 0xfe, 0x00]),
      [{ path: '.claude-memory/notes/a.md', reason: /^invalid note: not UTF-8 text$/ }],
    ],
    ['binary content outside the notes is not judged', '.claude-memory/assets/logo.png', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0xff]), []],
    ['a markdown file outside notes/ is not a note', '.claude-memory/README.md', Buffer.from('# hello\n'), []],
  ])('%s', (_name, file, content, expected) => {
    const findings = checkStagedFile(file, content);
    expect(findings.map((finding) => finding.path)).toEqual(expected.map((item) => item.path));
    findings.forEach((finding, i) => expect(finding.reason).toMatch(expected[i]!.reason));
    for (const finding of findings) expect(finding.reason).not.toContain(token.secret);
  });

  it('guardMessage names each finding and both ways around the guard', () => {
    expect(
      guardMessage([
        { path: 'a.md', reason: 'r1' },
        { path: 'b/c.md', reason: 'r2' },
      ]),
    ).toBe(
      [
        'claude-memory: commit refused: staged memory files would add a secret or an invalid note:',
        '  a.md: r1',
        '  b/c.md: r2',
        'Fix the files and stage them again (or unstage them: git restore --staged <file>).',
        'To commit anyway: git commit --no-verify, or CLAUDE_MEMORY_SKIP_GUARD=1 git commit ...',
        '',
      ].join('\n'),
    );
  });
});
