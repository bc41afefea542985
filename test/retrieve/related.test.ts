import fs from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import type { CatalogEntry } from '../../src/index/catalog.js';
import { fileRelation, markdownLinkTargets, noteMentionsFile, rankForFile, rankRelated, relatedNotes, type LinkFacts } from '../../src/retrieve/related.js';
import { tempRepo, writeFile } from '../helpers/temp-repo.js';
import { NOTES, writeLinkedAuthNotes } from '../surfaces/mcp/linked-auth-notes.js';

function entry(id: string, fields: Partial<CatalogEntry> = {}): CatalogEntry {
  return {
    id,
    title: id,
    type: 'fact',
    topic: 'general',
    status: 'active',
    updated: '2026-11-01',
    path: `.claude-memory/notes/general/${id}.md`,
    summary: '',
    tags: [],
    files: [],
    pinned: false,
    tokens: 50,
    ...fields,
  };
}

const noLinks = (): LinkFacts => ({ outgoing: new Set(), incoming: new Set(), supersedes: new Set(), supersededBy: new Set() });

describe('markdownLinkTargets', () => {
  it('resolves relative links against the note and drops the rest', () => {
    const body = [
      '[same folder](other-a1.md) and [up](../auth/jwt-k3f9.md#why "title")',
      '[web](https://example.com/x.md) [mail](mailto:a@b.c) [abs](/etc/passwd) [escape](../../../../outside.md)',
      '[encoded](my%20note.md) <not a link>',
    ].join('\n');
    expect(markdownLinkTargets(body, '.claude-memory/notes/general/this.md')).toEqual([
      '.claude-memory/notes/general/other-a1.md',
      '.claude-memory/notes/auth/jwt-k3f9.md',
      '.claude-memory/notes/general/my note.md',
    ]);
  });
});

describe('fileRelation', () => {
  it('matches the same file and a folder around it, nothing else', () => {
    expect(fileRelation('src/a.ts', './src/a.ts')).toBe('same');
    expect(fileRelation('src/', 'src/a.ts')).toBe('folder');
    expect(fileRelation('src/a.ts', 'src')).toBe('folder');
    expect(fileRelation('src/ab.ts', 'src/a')).toBeUndefined();
    expect(fileRelation('', 'src')).toBeUndefined();
  });
});

describe('rankRelated', () => {
  const target = entry('target', { topic: 'auth', files: ['src/jwt.ts'], tags: ['jwt', 'auth'] });
  it('ranks links above shared files above topic, and keeps history only when linked', () => {
    const catalog = [
      target,
      entry('same-topic', { topic: 'auth', updated: '2026-11-09' }),
      entry('same-file', { files: ['src/jwt.ts'] }),
      entry('linked', { path: 'x/linked.md' }),
      entry('old-linked', { status: 'superseded' }),
      entry('old-same-topic', { topic: 'auth', status: 'archived' }),
      entry('unrelated', { topic: 'build' }),
    ];
    const links = { ...noLinks(), outgoing: new Set(['x/linked.md']), supersedes: new Set(['old-linked']) };
    const ranked = rankRelated(catalog, target, links);
    expect(ranked.map((note) => note.id)).toEqual(['linked', 'old-linked', 'same-file', 'same-topic']);
    expect(ranked[0]!.reasons).toEqual(['linked from it']);
    expect(ranked[2]!.reasons).toEqual(['same files: src/jwt.ts']);
    expect(rankRelated(catalog, target, links, 2)).toHaveLength(2);
  });

  it('ranks notes for a file: the file itself, then its folder, then neighbours', () => {
    const catalog = [
      entry('neighbour', { files: ['src/auth/keys.ts'] }),
      entry('folder', { files: ['src/auth'] }),
      entry('exact', { files: ['src/auth/jwt.ts'] }),
      entry('far', { files: ['docs/a.md'] }),
    ];
    expect(rankForFile(catalog, 'src/auth/jwt.ts').map((note) => [note.id, note.reasons[0]])).toEqual([
      ['exact', 'about this file'],
      ['folder', 'about its folder or a file in it'],
      ['neighbour', 'about a file next to it'],
    ]);
  });
});

describe('relatedNotes on a real repository', () => {
  const repos: string[] = [];
  afterAll(() => repos.forEach((repo) => fs.rmSync(repo, { recursive: true, force: true })));

  it('finds notes that link to the target by reading the note files', () => {
    const repo = tempRepo({ initMemory: true });
    repos.push(repo);
    writeLinkedAuthNotes(repo);
    const result = relatedNotes(repo, { id: NOTES.rotation });
    expect(result.target?.id).toBe(NOTES.rotation);
    expect(result.notes.find((note) => note.id === NOTES.jwt)?.reasons).toContain('links to it');
    expect(() => relatedNotes(repo, { id: 'missing-000000' })).toThrow('no note with id "missing-000000"');
    // A note that names the file without linking to it is not an incoming link.
    writeFile(
      repo,
      '.claude-memory/notes/misc/mentions-x1.md',
      `---\ntitle: Mentions\ntype: fact\ntopic: misc\n---\nThe file ${NOTES.rotation}.md is mentioned, not linked.\n`,
    );
    expect(relatedNotes(repo, { id: NOTES.rotation }).notes.map((note) => note.id)).not.toContain('mentions-x1');
  });
});

describe('noteMentionsFile', () => {
  it.each([
    [['src/auth/jwt.ts'], 'src/auth/jwt.ts', true],
    [['src/auth'], 'src/auth/jwt.ts', true],
    [['src/auth/jwt.ts'], 'src/auth', true],
    [['src/authz/policy.ts'], 'src/auth', false],
    [['src/billing/tax.ts', 'src/auth/jwt.ts'], 'src/auth/jwt.ts', true],
    [[], 'src/auth/jwt.ts', false],
  ])('%j is about %j: %s', (files, wanted, expected) => {
    expect(noteMentionsFile({ files }, wanted)).toBe(expected);
  });
});
