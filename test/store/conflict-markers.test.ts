import { describe, expect, it } from 'vitest';
import { checkStagedFile } from '../../src/git/guard.js';
import { conflictMarkerLines, conflictMarkerReason } from '../../src/store/conflict-markers.js';
import { parseNote } from '../../src/store/parse.js';

const CONFLICTED = [
  '---',
  'id: retries-k2j4',
  'title: HTTP client retries',
  'type: decision',
  '---',
  '<<<<<<< HEAD',
  'Retries use exponential backoff with jitter.',
  '=======',
  'Retries use a fixed 2 s delay.',
  '>>>>>>> origin/main',
  '',
].join('\n');

describe('conflict markers', () => {
  it.each([
    ['a merge conflict in the body', CONFLICTED, [6, 8, 10]],
    ['a diff3 conflict', '<<<<<<< ours\na\n||||||| base\nb\n=======\nc\n>>>>>>> theirs\n', [1, 3, 5, 7]],
    ['markers in the front matter', '---\n<<<<<<< HEAD\ntitle: A\n=======\ntitle: B\n>>>>>>> x\ntype: fact\n---\n', [2, 4, 6]],
    ['half a resolution (the closing marker left)', 'Kept text.\n>>>>>>> feature\n', [2]],
    ['Windows line ends', '<<<<<<< HEAD\r\na\r\n=======\r\nb\r\n>>>>>>> x\r\n', [1, 3, 5]],
  ])('are found: %s', (_name, text, lines) => {
    expect(conflictMarkerLines(text)).toEqual(lines);
  });

  it.each([
    ['a setext heading underline', 'Title\n=======\nText.\n'],
    ['an example inside a fenced code block', 'How a conflict looks:\n\n```\n<<<<<<< HEAD\na\n=======\nb\n>>>>>>> x\n```\n'],
    ['a tilde fence', '~~~text\n<<<<<<< HEAD\n~~~\n'],
    ['markers not at the start of the line', 'git writes " <<<<<<< HEAD" lines\n  >>>>>>> x\n'],
    ['eight angle brackets', '<<<<<<<< not a marker\n'],
  ])('are not found in %s', (_name, text) => {
    expect(conflictMarkerLines(text)).toEqual([]);
  });

  it('make a note fail to parse with an error that says what to do; the guard refuses it', () => {
    const { note, problems } = parseNote(CONFLICTED, '.claude-memory/notes/http/retries-k2j4.md', 'retries-k2j4');
    expect(note).toBeUndefined();
    expect(problems).toEqual([expect.objectContaining({ code: 'conflict-markers', severity: 'error' })]);
    expect(problems[0]!.reason).toMatch(/lines 6, 8, 10: keep the text both sides meant/);
    const findings = checkStagedFile('.claude-memory/notes/http/retries-k2j4.md', Buffer.from(CONFLICTED));
    expect(findings.map((finding) => finding.reason).join('\n')).toMatch(/invalid note: git conflict markers/);
  });
});

describe('conflictMarkerReason', () => {
  it.each([
    ['no markers', 'Plain text.\n=======\nA setext underline.\n', undefined],
    ['one side', '<<<<<<< HEAD\nours\n=======\ntheirs\n>>>>>>> main\n', 'git conflict markers on lines 1, 3, 5: '],
    ['a lone closing marker', 'text\n>>>>>>> main\n', 'git conflict markers on line 2: '],
    ['many', '<<<<<<< a\n=======\n>>>>>>> b\n<<<<<<< c\n=======\n>>>>>>> d\n', 'git conflict markers on lines 1, 2, 3, 4 …: '],
  ])('%s', (_name, text, start) => {
    const reason = conflictMarkerReason(text);
    if (start === undefined) expect(reason).toBeUndefined();
    else expect(reason?.startsWith(start), reason).toBe(true);
  });
});
