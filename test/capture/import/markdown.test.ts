import { describe, expect, it } from 'vitest';
import { guessType, inlineTags, mapMarkdown, type MarkdownFile } from '../../../src/capture/import/markdown.js';
import { resolveWikilinks } from '../../../src/capture/import/wikilinks.js';

const at = Date.parse('2026-05-06T08:00:00Z');
const md = (rel: string, text: string): MarkdownFile => ({ rel, text, mtimeMs: at });

describe('a folder of markdown → import items', () => {
  it('reads an Obsidian note: front matter, inline #tags, aliases, the folder as topic', () => {
    const batch = mapMarkdown(
      [
        md(
          'Engineering/Deploys.md',
          '---\ntags: [ops, "#deploy"]\naliases: [Shipping]\ncreated: 2025-11-02\n---\n# Deploys\n\nWe deploy with #argo from the `#not-a-tag` pipeline; see [[Rollbacks|how to roll back]].\n\n```sh\n# not a heading, #nor-a-tag\n```\n',
        ),
      ],
      { folder: 'vault' },
    );
    expect(batch.items).toEqual([
      {
        ref: 'vault/Engineering/Deploys.md',
        sourceFile: 'Engineering/Deploys.md',
        title: 'Deploys',
        type: 'fact',
        topic: 'Engineering',
        body: 'We deploy with #argo from the `#not-a-tag` pipeline; see [[Rollbacks|how to roll back]].\n\n```sh\n# not a heading, #nor-a-tag\n```',
        tags: ['ops', 'deploy', 'argo'],
        files: [],
        created: '2025-11-02',
        aliases: ['Deploys', 'Engineering/Deploys', 'Shipping'],
      },
    ]);
  });

  it('reads a Cline memory bank: no front matter, types from the file names', () => {
    const batch = mapMarkdown(
      [
        md('systemPatterns.md', '# System Patterns\n\nEvery service exposes /healthz.\n'),
        md('progress.md', '# Progress\n\n- [ ] migrate billing\n'),
        md('techContext.md', 'Postgres 16 and Redis 7.\n'),
        md('decisions/0003-use-grpc.md', '---\ntitle: Use gRPC between services\nstatus: accepted\n---\nJSON over HTTP cost too much CPU.\n'),
      ],
      { folder: 'memory-bank' },
    );
    expect(batch.items.map(({ title, type, topic }) => ({ title, type, topic }))).toEqual([
      { title: 'Use gRPC between services', type: 'decision', topic: 'decisions' },
      { title: 'Progress', type: 'todo', topic: undefined },
      { title: 'System Patterns', type: 'convention', topic: undefined },
      { title: 'techContext', type: 'fact', topic: undefined },
    ]);
  });

  it('guesses types from a declared type in any vocabulary, then the file name', () => {
    expect(guessType('gotcha', 'x.md')).toBe('gotcha');
    expect(guessType('ADR', 'x.md')).toBe('decision');
    expect(guessType('book', 'reading-list.md')).toBe('fact');
    expect(guessType(undefined, 'howto-release.md')).toBe('howto');
    expect(guessType(undefined, 'known_pitfalls.md')).toBe('gotcha');
  });

  it('skips empty files and files with front matter it will not read, saying why', () => {
    const batch = mapMarkdown([md('a.md', '---\ntitle: only a title\n---\n'), md('b.md', '---toml\nx = 1\n---\ntext')], { folder: 'f' });
    expect(batch.items).toEqual([]);
    expect(batch.skipped).toEqual([
      { ref: 'f/a.md', reason: 'no text' },
      { ref: 'f/b.md', reason: 'invalid front matter: front matter language "toml" is not allowed; use YAML' },
    ]);
  });

  it('inline tags ignore headings, code, link targets and HTML', () => {
    expect(inlineTags('# Heading\n#real and (#inparens) `#code` [x](#anchor) <a href="#frag">y</a> mid#word #2024')).toEqual(['real', 'inparens']);
  });
});

describe('wikilinks → markdown links', () => {
  const resolve = (target: string) => (({ Rollbacks: '../ops/rollbacks-x.md', 'real-db': 'real db-y.md' }) as Record<string, string>)[target];
  it('resolves known targets with their label, leaves unknown ones, embeds and code alone', () => {
    expect(resolveWikilinks('See [[Rollbacks|how to roll back]], [[Rollbacks#Steps]], [[Unknown]], ![[Rollbacks]] and `[[Rollbacks]]`.', resolve)).toBe(
      'See [how to roll back](../ops/rollbacks-x.md), [Rollbacks](../ops/rollbacks-x.md), [[Unknown]], ![[Rollbacks]] and `[[Rollbacks]]`.',
    );
    expect(resolveWikilinks('[[real-db]]', resolve)).toBe('[real-db](real%20db-y.md)');
  });
});
