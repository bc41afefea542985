import { describe, expect, it } from 'vitest';
import { nameStatusEntries, nulFields, parseCatFileBatch, parseLog, parseNameStatus, parseNumstat, parseStatusZ, type DiffEntry } from '../../src/git/parse.js';

const same = (status: string, file: string): DiffEntry => ({ status, from: file, to: file });
const moved = (status: string, from: string, to: string): DiffEntry => ({ status, from, to });

describe('nulFields', () => {
  it.each([
    ['', []],
    ['\0', ['']],
    ['a\0', ['a']],
    ['a\0b\0', ['a', 'b']],
    ['a\0b', ['a', 'b']],
    ['a\0\0b\0', ['a', '', 'b']],
    ['with space\0tab\there\0line\nbreak\0', ['with space', 'tab\there', 'line\nbreak']],
  ])('%j', (text, fields) => {
    expect(nulFields(text)).toEqual(fields);
  });
});

describe('parseNameStatus (-z)', () => {
  it.each<[string, string, DiffEntry[]]>([
    ['nothing', '', []],
    ['modified', 'M\0a.ts\0', [same('M', 'a.ts')]],
    ['added, with a space', 'A\0new file.md\0', [same('A', 'new file.md')]],
    ['deleted, in a folder', 'D\0dir/gone.ts\0', [same('D', 'dir/gone.ts')]],
    ['type change', 'T\0link\0', [same('T', 'link')]],
    ['unmerged', 'U\0both.ts\0', [same('U', 'both.ts')]],
    ['rename, score 100', 'R100\0old.ts\0new.ts\0', [moved('R', 'old.ts', 'new.ts')]],
    ['rename, score 087, spaces', 'R087\0a b.ts\0c d.ts\0', [moved('R', 'a b.ts', 'c d.ts')]],
    ['rename, score 000', 'R000\0x\0y\0', [moved('R', 'x', 'y')]],
    ['copy, score 075', 'C075\0src.ts\0copy.ts\0', [moved('C', 'src.ts', 'copy.ts')]],
    ['path with a newline', 'M\0line\nbreak.txt\0', [same('M', 'line\nbreak.txt')]],
    ['path with a tab', 'M\0tab\there\0', [same('M', 'tab\there')]],
    ['unicode path', 'A\0naïve/日本語.md\0', [same('A', 'naïve/日本語.md')]],
    ['path that looks like a status', 'M\0R100\0D\0M\0', [same('M', 'R100'), same('D', 'M')]],
    ['no final NUL', 'M\0a', [same('M', 'a')]],
    ['mixed', 'R090\0a\0b\0M\0c\0C100\0d\0e\0D\0f\0', [moved('R', 'a', 'b'), same('M', 'c'), moved('C', 'd', 'e'), same('D', 'f')]],
  ])('%s', (_name, text, entries) => {
    expect(parseNameStatus(text)).toEqual(entries);
  });

  it('reads the fields of one log record the same way', () => {
    expect(nameStatusEntries(['R100', 'a.md', 'b.md'])).toEqual([moved('R', 'a.md', 'b.md')]);
    expect(nameStatusEntries([])).toEqual([]);
  });
});

describe('parseNumstat (-z)', () => {
  it.each<[string, string, Array<[string, { added: number; deleted: number; to: string }]>]>([
    ['nothing', '', []],
    ['one file', '3\t1\ta.ts\0', [['a.ts', { added: 3, deleted: 1, to: 'a.ts' }]]],
    ['no lines changed (mode change)', '0\t0\tscript.sh\0', [['script.sh', { added: 0, deleted: 0, to: 'script.sh' }]]],
    ['binary file left out', '-\t-\timg.png\0', []],
    ['rename, paths follow', '5\t2\t\0old name.ts\0new name.ts\0', [['old name.ts', { added: 5, deleted: 2, to: 'new name.ts' }]]],
    ['path with tabs', '1\t1\tpath\twith\ttabs\0', [['path\twith\ttabs', { added: 1, deleted: 1, to: 'path\twith\ttabs' }]]],
    ['path with a newline', '2\t0\tline\nbreak\0', [['line\nbreak', { added: 2, deleted: 0, to: 'line\nbreak' }]]],
    ['unicode rename', '1\t0\t\0ä.md\0日本.md\0', [['ä.md', { added: 1, deleted: 0, to: '日本.md' }]]],
    ['binary rename consumes its paths', '-\t-\t\0old.bin\0new.bin\0' + '4\t0\tc.ts\0', [['c.ts', { added: 4, deleted: 0, to: 'c.ts' }]]],
    [
      'mixed',
      '10\t4\t\0a\0b\0' + '1\t0\tc\0' + '-\t-\td.png\0',
      [
        ['a', { added: 10, deleted: 4, to: 'b' }],
        ['c', { added: 1, deleted: 0, to: 'c' }],
      ],
    ],
  ])('%s', (_name, text, entries) => {
    expect([...parseNumstat(text)]).toEqual(entries);
  });
});

describe('parseStatusZ (porcelain v1)', () => {
  it.each([
    ['nothing', '', []],
    ['modified in the work tree', ' M a.md\0', [{ xy: ' M', path: 'a.md' }]],
    ['untracked, with a space', '?? new file.md\0', [{ xy: '??', path: 'new file.md' }]],
    ['staged and modified again', 'MM both.md\0', [{ xy: 'MM', path: 'both.md' }]],
    ['renamed in the index: new path first', 'R  new.md\0old.md\0', [{ xy: 'R ', path: 'new.md', origPath: 'old.md' }]],
    ['renamed and modified', 'RM n.md\0o.md\0', [{ xy: 'RM', path: 'n.md', origPath: 'o.md' }]],
    ['renamed in the work tree (add -N)', ' R b\0a\0', [{ xy: ' R', path: 'b', origPath: 'a' }]],
    ['copied', 'C  copy.md\0orig.md\0', [{ xy: 'C ', path: 'copy.md', origPath: 'orig.md' }]],
    ['path with a newline', '?? line\nbreak.md\0', [{ xy: '??', path: 'line\nbreak.md' }]],
    ['path with leading and trailing spaces', '??  padded \0', [{ xy: '??', path: ' padded ' }]],
    ['unicode', 'A  naïve.md\0', [{ xy: 'A ', path: 'naïve.md' }]],
    [
      'several',
      'A  x\0 M y\0R  z\0w\0?? v\0',
      [
        { xy: 'A ', path: 'x' },
        { xy: ' M', path: 'y' },
        { xy: 'R ', path: 'z', origPath: 'w' },
        { xy: '??', path: 'v' },
      ],
    ],
  ])('%s', (_name, text, entries) => {
    expect(parseStatusZ(text)).toEqual(entries);
  });
});

describe('parseLog (LOG_FORMAT, -z)', () => {
  const header = (sha: string, author: string, subject: string) =>
    `\x1e${sha}\x1f${author}\x1f${author.toLowerCase()}@x\x1f2026-01-01T00:00:00+00:00\x1f${subject}`;
  const sha = (c: string) => c.repeat(40);

  it.each([
    ['nothing', '', []],
    ['name-only, two files', `${header(sha('a'), 'A', 'subject')}\0\nx.md\0y z.md\0`, [['A', 'subject', ['x.md', 'y z.md']]]],
    ['name-status with a rename', `${header(sha('b'), 'B', 'move')}\0\nR100\0a.md\0b.md\0`, [['B', 'move', ['R100', 'a.md', 'b.md']]]],
    ['a merge with no files', `${header(sha('c'), 'C', 'merge')}\0`, [['C', 'merge', []]]],
    ['a first path starting with a newline keeps it', `${header(sha('d'), 'D', 's')}\0\n\nodd.md\0`, [['D', 's', ['\nodd.md']]]],
    ['subject with separators of other formats', `${header(sha('e'), 'E', 'fix: a\tb | c')}\0\nf.md\0`, [['E', 'fix: a\tb | c', ['f.md']]]],
    ['not a commit id: skipped', `\x1enot-a-sha\x1fX\x1fx@x\x1fdate\x1fs\0\nf.md\0`, []],
    [
      'two records',
      `${header(sha('1'), 'One', 's1')}\0\nM\0p.md\0${header(sha('2'), 'Two', 's2')}\0\nA\0q.md\0`,
      [
        ['One', 's1', ['M', 'p.md']],
        ['Two', 's2', ['A', 'q.md']],
      ],
    ],
  ])('%s', (_name, text, records) => {
    expect(parseLog(text).map((record) => [record.provenance.author, record.subject, record.fields])).toEqual(records);
  });

  it('keeps commit, author, email and date', () => {
    expect(parseLog(`${header(sha('f'), 'Ann', 's')}\0`)[0]!.provenance).toEqual({
      commit: sha('f'),
      author: 'Ann',
      email: 'ann@x',
      date: '2026-01-01T00:00:00+00:00',
    });
  });
});

describe('parseCatFileBatch', () => {
  const blob = (content: string) => `${'1'.repeat(40)} blob ${Buffer.byteLength(content)}\n${content}\n`;
  const read = (reply: string, specs: string[]) =>
    Object.fromEntries([...parseCatFileBatch(Buffer.from(reply), specs)].map(([spec, bytes]) => [spec, bytes?.toString('utf8')]));

  it.each([
    ['one blob', blob('hello'), ['HEAD:a'], { 'HEAD:a': 'hello' }],
    ['an empty blob', blob(''), [':e'], { ':e': '' }],
    ['content with newlines and a header-like line', blob('x\n1111 blob 3\ny\n'), ['HEAD:a'], { 'HEAD:a': 'x\n1111 blob 3\ny\n' }],
    ['missing then present', `HEAD:nope missing\n${blob('b')}`, ['HEAD:nope', 'HEAD:b'], { 'HEAD:nope': undefined, 'HEAD:b': 'b' }],
    ['ambiguous', 'abc ambiguous\n', ['abc'], { abc: undefined }],
    ['a tree is not a blob', `${'2'.repeat(40)} tree 0\n\n${blob('c')}`, ['HEAD:dir', 'HEAD:c'], { 'HEAD:dir': undefined, 'HEAD:c': 'c' }],
    ['unicode content, sized in bytes', blob('日本語'), ['HEAD:j'], { 'HEAD:j': '日本語' }],
    ['reply cut short', `${'1'.repeat(40)} blob 100\nshort`, ['HEAD:a', 'HEAD:b'], { 'HEAD:a': undefined, 'HEAD:b': undefined }],
    ['no reply', '', ['HEAD:a'], { 'HEAD:a': undefined }],
  ])('%s', (_name, reply, specs, expected) => {
    expect(read(reply, specs)).toEqual(expected);
  });
});
