import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { computeStale, judgeFile, type FileFacts } from '../../src/git/stale.js';
import { readCatalog, refresh } from '../../src/index/refresh.js';
import { readStaleFlags } from '../../src/git/stale-cache.js';

const readStaleIds = (root: string) => new Set(readStaleFlags(root).keys());
import { installGitHooks } from '../../src/git/hooks-install.js';
import { git, linkInstalledPackage, runCliSync, tempRepo, writeFile } from '../helpers/temp-repo.js';
import { addTestNote, commitAll } from './notes-in-repo.js';

beforeAll(() => {
  process.env.CLAUDE_MEMORY_GIT_HOOK_SYNC = '1';
});
const repos: string[] = [];
afterEach(() => {
  for (const dir of repos.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

const lines = (n: number, tag = 'line') => Array.from({ length: n }, (_, i) => `${tag} ${i}`).join('\n') + '\n';

interface StaleJson {
  notes: Array<{ id: string; reasons: Array<{ file: string; kind: string; to?: string; churn?: number }> }>;
  fixed: string[];
}

function stale(root: string, extra: string[] = []): StaleJson {
  const result = runCliSync(root, ['stale', '--json', ...extra]);
  expect(result.code, result.stderr).toBe(0);
  return JSON.parse(result.stdout) as StaleJson;
}

/** Code, and notes about it, committed; then the code moves on. */
function repoWithCodeAndNotes() {
  const root = tempRepo({ initMemory: true });
  repos.push(root);
  writeFile(root, 'src/auth.ts', lines(40));
  writeFile(root, 'src/keys.ts', lines(30));
  writeFile(root, 'src/old.ts', lines(10));
  writeFile(root, 'src/steady.ts', lines(100));
  writeFile(root, 'lib/queue/a.ts', lines(12, 'a'));
  writeFile(root, 'lib/queue/b.ts', lines(12, 'b'));
  commitAll(root, 'code');
  const notes = {
    auth: addTestNote(root, 'Auth signs tokens', ['--file', 'src/auth.ts', '--file', 'src/steady.ts']),
    keys: addTestNote(root, 'Keys rotate monthly', ['--file', './src/keys.ts']),
    old: addTestNote(root, 'The old module', ['--file', 'src/old.ts']),
    queue: addTestNote(root, 'The queue', ['--file', 'lib/queue/']),
    fine: addTestNote(root, 'Steady code', ['--file', 'src/steady.ts']),
    archived: addTestNote(root, 'Archived note', ['--file', 'src/old.ts']),
  };
  runCliSync(root, ['forget', notes.archived.id]);
  commitAll(root, 'notes');
  fs.mkdirSync(path.join(root, 'src', 'tokens'));
  git(root, 'mv', 'src/auth.ts', 'src/tokens/auth.ts');
  writeFile(root, 'src/keys.ts', lines(30, 'rewritten'));
  git(root, 'rm', '-q', 'src/old.ts');
  writeFile(root, 'src/steady.ts', lines(100).replace('line 5\n', 'line five\n'));
  git(root, 'mv', 'lib/queue', 'lib/jobs');
  commitAll(root, 'code moves on');
  return { root, notes };
}

describe('claude-memory stale', () => {
  it('finds deleted, renamed and heavily changed files since each note was committed', () => {
    const { root, notes } = repoWithCodeAndNotes();
    const report = stale(root);
    const byId = Object.fromEntries(report.notes.map((note) => [note.id, note.reasons]));
    expect(Object.keys(byId).sort()).toEqual([notes.auth.id, notes.keys.id, notes.old.id, notes.queue.id].sort());
    expect(byId[notes.auth.id]).toEqual([{ file: 'src/auth.ts', kind: 'renamed', to: 'src/tokens/auth.ts' }]);
    expect(byId[notes.keys.id]).toEqual([{ file: './src/keys.ts', kind: 'changed', churn: 60, lines: 30 }]);
    expect(byId[notes.old.id]).toEqual([{ file: 'src/old.ts', kind: 'deleted' }]);
    expect(byId[notes.queue.id]).toEqual([{ file: 'lib/queue/', kind: 'renamed', to: 'lib/jobs' }]);
    // Session start reads the ids from the cache the command left, without git.
    expect(readStaleIds(root)).toEqual(new Set([notes.auth.id, notes.keys.id, notes.old.id, notes.queue.id]));
    const text = runCliSync(root, ['stale']).stdout;
    expect(text).toContain('4 notes may be stale:');
    expect(text).toContain('    src/auth.ts: renamed to src/tokens/auth.ts');
    expect(text).toContain('    ./src/keys.ts: changed heavily (60 lines added or deleted, file has 30)');
    expect(text).toContain('Run "claude-memory stale --fix" to update renamed paths.');
  });

  it('checking the catalog gives the report that reading every note gives (the git hook checks the catalog)', async () => {
    const { root } = repoWithCodeAndNotes();
    refresh(root);
    const catalog = readCatalog(root);
    expect(catalog.length).toBe(6);
    const fromNotes = await computeStale(root);
    expect(fromNotes.notes.length).toBe(4);
    expect(await computeStale(root, catalog)).toEqual(fromNotes);
  });

  it('--fix updates renamed paths in the notes and leaves the rest reported', () => {
    const { root, notes } = repoWithCodeAndNotes();
    const report = stale(root, ['--fix']);
    expect(report.fixed.sort()).toEqual([notes.auth.path, notes.queue.path].sort());
    expect(fs.readFileSync(path.join(root, notes.auth.path), 'utf8')).toContain('files: [src/tokens/auth.ts, src/steady.ts]');
    expect(fs.readFileSync(path.join(root, notes.queue.path), 'utf8')).toContain('files: [lib/jobs]');
    expect(report.notes.map((note) => note.id).sort()).toEqual([notes.keys.id, notes.old.id].sort());
    expect(readStaleIds(root)).toEqual(new Set([notes.keys.id, notes.old.id]));
    // Once committed, the fixed notes stay fixed.
    commitAll(root, 'fix paths');
    expect(
      stale(root)
        .notes.map((note) => note.id)
        .sort(),
    ).toEqual([notes.keys.id, notes.old.id].sort());
  });

  it('an uncommitted note is judged against HEAD: fine when its file exists, missing when it never did', () => {
    const root = tempRepo({ initMemory: true });
    repos.push(root);
    writeFile(root, 'src/a.ts', lines(5));
    commitAll(root, 'code');
    writeFile(root, 'src/new.ts', lines(3));
    const ok = addTestNote(root, 'About a', ['--file', 'src/a.ts', '--file', 'src/new.ts']);
    const typo = addTestNote(root, 'About a typo', ['--file', 'src/nope.ts']);
    const report = stale(root);
    expect(report.notes.map((note) => [note.id, note.reasons])).toEqual([[typo.id, [{ file: 'src/nope.ts', kind: 'missing' }]]]);
    expect(report.notes.map((note) => note.id)).not.toContain(ok.id);
  });

  it('a pull that deletes a file marks the note through the git hook, with no command', async () => {
    const root = tempRepo({ initMemory: true });
    repos.push(root);
    linkInstalledPackage(root);
    await installGitHooks(root);
    writeFile(root, 'src/a.ts', lines(5));
    commitAll(root, 'code');
    const note = addTestNote(root, 'About a', ['--file', 'src/a.ts']);
    commitAll(root, 'note');
    git(root, 'checkout', '-q', '-b', 'cleanup');
    git(root, 'rm', '-q', 'src/a.ts');
    commitAll(root, 'remove a');
    git(root, 'checkout', '-q', 'main');
    expect(readStaleIds(root)).toEqual(new Set());
    git(root, 'merge', '-q', 'cleanup');
    expect(readStaleIds(root)).toEqual(new Set([note.id]));
  });

  it('--ack clears a flag in this clone without editing the note, until another reason appears', () => {
    const { root, notes } = repoWithCodeAndNotes();
    const before = fs.readFileSync(path.join(root, notes.old.path), 'utf8');
    const acked = runCliSync(root, ['stale', '--ack', notes.old.id]);
    expect(acked.code, acked.stderr).toBe(0);
    expect(acked.stdout).toContain(`acknowledged ${notes.old.id}`);
    expect(acked.stdout).toContain('3 notes may be stale (1 more acknowledged):');
    expect(fs.readFileSync(path.join(root, notes.old.path), 'utf8')).toBe(before);
    expect(git(root, 'status', '--porcelain')).toBe('');
    expect(readStaleIds(root)).toEqual(new Set([notes.auth.id, notes.keys.id, notes.queue.id]));
    const context = runCliSync(root, ['context']).stdout;
    expect(context.split('\n').find((line) => line.includes('The old module'))).not.toContain('[stale');
    expect(context.split('\n').find((line) => line.includes('Auth signs tokens'))).toContain(
      '[stale: src/auth.ts renamed to src/tokens/auth.ts (run `claude-memory stale --fix`)]',
    );
    // Recomputing keeps the acknowledgement; a new reason flags the note again.
    expect(stale(root).notes.map((note) => note.id)).toContain(notes.old.id);
    expect(readStaleIds(root).has(notes.old.id)).toBe(false);
    git(root, 'rm', '-q', 'src/steady.ts');
    commitAll(root, 'steady goes');
    runCliSync(root, ['stale', '--ack', notes.auth.id]);
    expect(readStaleIds(root).has(notes.auth.id)).toBe(false);
    const other = runCliSync(root, ['stale', '--ack', notes.fine.id]);
    expect(other.code).toBe(0);
    expect(runCliSync(root, ['stale', '--ack', 'no-such-note']).code).toBe(1);
  });

  it('a repository with no commits has nothing stale', () => {
    const root = tempRepo({ initMemory: true });
    repos.push(root);
    addTestNote(root, 'Early', ['--file', 'x.ts']);
    expect(stale(root).notes).toEqual([]);
  });
});

describe('stale, pure parts', () => {
  const facts = (over: Partial<FileFacts>): FileFacts => ({
    entries: [],
    numstat: new Map(),
    inHead: () => true,
    inWorkTree: () => true,
    linesNow: () => 100,
    ...over,
  });

  it('"changed heavily" needs both the minimum and the share of the file', () => {
    const churn = (added: number, deleted: number) => facts({ numstat: new Map([['f.ts', { added, deleted, to: 'f.ts' }]]) });
    expect(judgeFile('f.ts', churn(30, 20))).toEqual({ file: 'f.ts', kind: 'changed', churn: 50, lines: 100 });
    expect(judgeFile('f.ts', churn(25, 24))).toBeUndefined();
    expect(judgeFile('f.ts', facts({ linesNow: () => 8, numstat: new Map([['f.ts', { added: 5, deleted: 4, to: 'f.ts' }]]) }))).toBeUndefined();
  });

  it('ignores paths outside the repository', () => {
    expect(judgeFile('../secret.txt', facts({ inHead: () => false, inWorkTree: () => false }))).toBeUndefined();
    expect(judgeFile('/etc/passwd', facts({ inHead: () => false, inWorkTree: () => false }))).toBeUndefined();
  });
});
