import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { classifyChanges, resolveRange, reviewMarkdown, type Review } from '../../src/git/review.js';
import { git, runCliSync, tempRepo, writeFile } from '../helpers/temp-repo.js';
import { addTestNote, commitAll } from './notes-in-repo.js';

/**
 * One feature branch that does every kind of memory change against main, while main moves on with a note of its
 * own (which the default range, from the merge base, must leave out).
 */
let root: string;
const ids: Record<string, string> = {};
const paths: Record<string, string> = {};

function cli(args: string[]) {
  const result = runCliSync(root, args);
  if (result.code !== 0) throw new Error(`${args.join(' ')}: ${result.stderr}`);
  return result.stdout;
}

beforeAll(() => {
  root = tempRepo({ initMemory: true });
  for (const [key, title] of Object.entries({
    old: 'Tokens are signed with HS256',
    gone: 'The build uses make',
    archived: 'Staging is on Fridays',
    moved: 'Queues are in Redis',
    edited: 'Retries back off exponentially',
  })) {
    const note = addTestNote(root, title);
    ids[key] = note.id;
    paths[key] = note.path;
  }
  commitAll(root, 'notes on main');
  git(root, 'checkout', '-q', '-b', 'feature');
  const added = addTestNote(root, 'Tokens are signed with RS256');
  ids.added = added.id;
  paths.added = added.path;
  cli(['supersede', ids.old!, ids.added]);
  cli(['forget', ids.archived!, '--reason', 'we deploy any day now']);
  fs.rmSync(path.join(root, paths.gone!));
  const moved = paths.moved!.replace('/general/', '/infra/');
  fs.mkdirSync(path.dirname(path.join(root, moved)), { recursive: true });
  fs.writeFileSync(path.join(root, moved), fs.readFileSync(path.join(root, paths.moved!), 'utf8').replace('topic: general', 'topic: infra'));
  fs.rmSync(path.join(root, paths.moved!));
  paths.movedTo = moved;
  const edited = path.join(root, paths.edited!);
  fs.writeFileSync(
    edited,
    fs
      .readFileSync(edited, 'utf8')
      .replace('type: fact', 'type: fact\ntags: [http]')
      .replace(/About .*\./, 'Retries back off exponentially, capped at 30 s.'),
  );
  commitAll(root, 'memory changes on feature');
  git(root, 'checkout', '-q', 'main');
  ids.mainOnly = addTestNote(root, 'Main moved on').id;
  commitAll(root, 'main moves on');
  git(root, 'checkout', '-q', 'feature');
});
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

const summary = (review: Review) =>
  Object.fromEntries(Object.entries(review).map(([key, entries]) => [key, (entries as Array<{ id: string }>).map((e) => e.id).sort()]));

describe('claude-memory review on real ranges', () => {
  it('by default reviews from the merge base with the default branch, following renames', () => {
    const review = JSON.parse(cli(['review', '--json'])) as Review;
    expect(Object.keys(review)).toEqual(['added', 'changed', 'superseded', 'archived', 'deleted']);
    expect(summary(review)).toEqual({
      added: [ids.added],
      changed: [ids.edited, ids.moved].sort(),
      superseded: [ids.old],
      archived: [ids.archived],
      deleted: [ids.gone],
    });
    const moved = review.changed.find((entry) => entry.id === ids.moved)!;
    expect(moved).toMatchObject({ path: paths.movedTo, previousPath: paths.moved, topic: 'infra' });
    expect(moved.fields).toEqual(expect.arrayContaining(['topic', 'path']));
    expect(moved.fields).not.toContain('body');
    expect(review.changed.find((entry) => entry.id === ids.edited)!.fields).toEqual(['tags', 'body']);
    expect(review.superseded[0]).toMatchObject({ supersededBy: ids.added, status: 'superseded', title: 'Tokens are signed with HS256' });
    expect(review.archived[0]).toMatchObject({ reason: 'we deploy any day now', status: 'archived' });
    expect(review.deleted[0]).toMatchObject({ title: 'The build uses make', path: paths.gone });
  });

  it('prints markdown fit for a pull request', () => {
    const markdown = cli(['review']);
    expect(markdown).toMatch(/^### Memory changes\n\n6 notes in `main\.\.\.HEAD`: 1 added, 2 changed, 1 superseded, 1 archived, 1 deleted\.\n/);
    for (const heading of ['#### Added (1)', '#### Changed (2)', '#### Superseded (1)', '#### Archived (1)', '#### Deleted (1)'])
      expect(markdown).toContain(heading);
    expect(markdown).toContain(`- fact: **Tokens are signed with HS256**, superseded by \`${ids.added}\` (\`${paths.old}\`)`);
    expect(markdown).toContain(`(\`${paths.movedTo}\`, renamed from \`${paths.moved}\`)`);
    expect(markdown).toContain('archived: we deploy any day now');
    expect(markdown).not.toContain('Main moved on');
  });

  it('takes explicit ranges: A..B, A...B and a single revision', () => {
    expect(summary(JSON.parse(cli(['review', 'main..feature', '--json'])) as Review).added).toEqual([ids.added]);
    // Two dots from main's tip: main's own note shows as deleted on the way to feature.
    expect(summary(JSON.parse(cli(['review', 'main..feature', '--json'])) as Review).deleted).toEqual([ids.gone, ids.mainOnly].sort());
    expect(summary(JSON.parse(cli(['review', 'main...feature', '--json'])) as Review).deleted).toEqual([ids.gone]);
    const onlyMain = JSON.parse(cli(['review', 'feature...main', '--json'])) as Review;
    expect(summary(onlyMain)).toEqual({ added: [ids.mainOnly], changed: [], superseded: [], archived: [], deleted: [] });
    expect(cli(['review', 'feature'])).toContain('No memory changes in `feature..HEAD`.');
  });

  it('names a bad revision, and refuses one that looks like an option', () => {
    const unknown = runCliSync(root, ['review', 'nope..HEAD']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toBe('claude-memory: review: unknown revision "nope"\n');
    const option = runCliSync(root, ['review', '--output=/tmp/x..HEAD']);
    expect(option.code).toBe(2);
    expect(option.stderr).toMatch(/Unknown argument: output/);
    expect(fs.existsSync('/tmp/x')).toBe(false);
  });

  it('resolveRange refuses revisions git would read as options, before running git', async () => {
    await expect(resolveRange(root, '--output=/tmp/x..HEAD')).rejects.toThrow('"--output=/tmp/x" is not a revision');
    await expect(resolveRange(root, 'HEAD..-p')).rejects.toThrow('"-p" is not a revision');
    await expect(resolveRange(root, 'main...')).resolves.toMatchObject({ to: git(root, 'rev-parse', 'HEAD'), label: 'main...' });
  });
});

describe('review, pure parts', () => {
  const note = (front: string, body = 'Body.') => `---\n${front}\n---\n${body}\n`;

  it('classifies status changes and keeps markdown in titles inert', () => {
    const review = classifyChanges([
      { status: 'A', from: 'n/a.md', to: 'n/a.md', after: note('id: a\ntitle: "[click](http://x) <img src=x>"\ntype: fact') },
      {
        status: 'M',
        from: 'n/b.md',
        to: 'n/b.md',
        before: note('id: b\ntitle: B\ntype: fact\nstatus: archived'),
        after: note('id: b\ntitle: B\ntype: fact\nstatus: active'),
      },
      { status: 'M', from: 'n/c.md', to: 'n/c.md', before: note('id: c\ntitle: C\ntype: fact'), after: '---\ntitle: [unclosed\n---\n' },
    ]);
    expect(review.added[0]!.title).toBe('[click](http://x) <img src=x>');
    expect(review.changed.map((entry) => [entry.id, entry.fields])).toEqual([
      ['b', ['status']],
      ['c', expect.arrayContaining(['title', 'type'])],
    ]);
    const markdown = reviewMarkdown(review, 'x..y');
    expect(markdown).toContain('**\\[click\\]\\(http://x\\) \\<img src=x\\>**');
    expect(markdown).not.toContain('#### Deleted');
  });

  it('says so when nothing changed', () => {
    expect(reviewMarkdown(classifyChanges([]), 'a..b')).toBe('### Memory changes\n\nNo memory changes in `a..b`.\n');
  });
});

describe('review without a default branch', () => {
  it('asks for a range', () => {
    const bare = tempRepo({ initMemory: true });
    try {
      git(bare, 'checkout', '-q', '-b', 'trunk');
      writeFile(bare, 'a.txt', 'a\n');
      commitAll(bare, 'a');
      const result = runCliSync(bare, ['review']);
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/cannot tell the default branch .* pass a range such as main\.\.HEAD/);
    } finally {
      fs.rmSync(bare, { recursive: true, force: true });
    }
  });
});
