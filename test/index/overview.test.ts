import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CatalogEntry } from '../../src/cache/schemas.js';
import { estimateTokens } from '../../src/core/tokens.js';
import { noteArrivals, notesNeedingCommits, withCommits } from '../../src/index/arrivals.js';
import { buildCandidates, overviewMarkdown } from '../../src/index/overview-candidates.js';
import { inlineText, joinLines, noteLines } from '../../src/index/overview-lines.js';
import { renderOverview } from '../../src/index/overview.js';
import { arrivalsFor, corpus, shapeArbitrary, type CorpusShape } from '../helpers/catalog-corpus.js';

const SHAPE: CorpusShape = { notes: 100, topics: 37, pinned: 0.01, inactive: 0.05, typeBias: 'mixed', titleWords: [3, 10], summaryChars: [20, 140], seed: 7 };
const entries = (notes: number, over: Partial<CorpusShape> = {}) => corpus({ ...SHAPE, notes, ...over });
const options = (budgetTokens = 1000) => ({ budgetTokens, catalogStamp: 's', format: 9 });
const noteLinks = (text: string) => [...text.matchAll(/\]\((?:\.claude-memory\/)?(notes\/[^)]+)\)/g)].map((match) => match[1]!);

describe('layer 0 (INDEX.md)', () => {
  it.each([0, 1, 10, 100, 1_000, 10_000])('stays within a 1,000-token budget with %i notes', (n) => {
    const text = overviewMarkdown(entries(n), 1000);
    expect(estimateTokens(text)).toBeLessThanOrEqual(1000);
    expect(text).toContain('# Project memory');
  });

  it.each([300, 2000])('honours a configured budget of %i tokens', (budget) => {
    expect(estimateTokens(overviewMarkdown(entries(5000), budget))).toBeLessThanOrEqual(budget);
  });

  it('puts pinned notes, then conventions, then decisions; leaves out inactive notes; says how many it left out and where', () => {
    const list = entries(1000);
    const text = overviewMarkdown(list, 1000);
    expect(text.indexOf('## Pinned')).toBeGreaterThan(0);
    expect(text.indexOf('## Pinned')).toBeLessThan(text.indexOf('## Conventions'));
    expect(text.indexOf('## Conventions')).toBeLessThan(text.indexOf('## Recent decisions'));
    for (const entry of list.filter((e) => e.status !== 'active')) expect(text).not.toContain(`(${entry.path.replace('.claude-memory/', '')})`);
    expect(text).toMatch(
      /Left out here for room: \d+ more notes \(topic-\d+ \d+, topic-\d+ \d+, topic-\d+ \d+, …\), each listed in \.claude-memory\/index\/<topic>\.md/,
    );
    expect(text).not.toContain('Notes about files changed');
    expect(text).not.toContain('New since');
  });

  it('lists a small corpus whole, each note once, with nothing left out', () => {
    const list = entries(18, { inactive: 0, titleWords: [3, 6], summaryChars: [20, 60] });
    const text = overviewMarkdown(list, 1000);
    expect(text).not.toContain('Left out');
    const links = noteLinks(text);
    expect(links).toHaveLength(18);
    expect(new Set(links).size).toBe(18);
  });

  it('is deterministic: the same notes in any order give the same bytes', () => {
    const list = entries(300);
    expect(overviewMarkdown([...list].reverse(), 1000)).toBe(overviewMarkdown(list, 1000));
  });

  it('uses at least 85 % of its budget whenever it leaves a note out (random corpora)', () => {
    fc.assert(
      fc.property(shapeArbitrary, fc.integer({ min: 500, max: 2250 }), (shape, budget) => {
        const list = corpus(shape);
        const text = overviewMarkdown(list, budget);
        expect(estimateTokens(text)).toBeLessThanOrEqual(budget);
        const links = noteLinks(text);
        expect(new Set(links).size).toBe(links.length);
        if (links.length < list.filter((e) => e.status === 'active').length) expect(estimateTokens(text)).toBeGreaterThanOrEqual(0.85 * budget);
      }),
      { numRuns: 60 },
    );
  });
});

describe('the candidates session start selects from', () => {
  it('cut each tier to what a budget could show, newest first, and count the topics', () => {
    const list = entries(5000);
    const candidates = buildCandidates(list, undefined, options());
    expect(candidates.active).toBe(list.filter((e) => e.status === 'active').length);
    expect(candidates.notes.length).toBeLessThan(1000);
    const recent = candidates.tiers.recent!.map((i) => candidates.notes[i]!);
    const chars = recent.reduce((sum, note) => sum + joinLines(note, { from: 'root' }).full.length + 1, 0);
    expect(chars).toBeGreaterThanOrEqual(2 * 4000);
    expect(candidates.topics[0]![1]).toBeGreaterThanOrEqual(candidates.topics.at(-1)![1]);
    expect(candidates.tiers.conventions!.every((i) => candidates.notes[i]!.type === 'convention')).toBe(true);
    expect(candidates.arrivals).toEqual([]);
  });

  it('order notes of one day by their time, and bare dates by the commit time when git gave one', () => {
    const base = entries(1)[0]!;
    const note = (id: string, updated: string): CatalogEntry => ({ ...base, id, updated, pinned: false, status: 'active', type: 'fact' });
    const list = [note('morning', '2026-11-23T08:00:00Z'), note('evening', '2026-11-23T20:00:00Z'), note('bare', '2026-11-23')];
    const order = (committed: Record<string, string>) => {
      const candidates = buildCandidates(list, { since: 1, seen: { morning: 0, evening: 0, bare: 0 }, authors: {}, committed }, options());
      return candidates.tiers.recent!.map((i) => candidates.notes[i]!.id);
    };
    expect(order({})).toEqual(['evening', 'morning', 'bare']);
    expect(order({ bare: '2026-11-23T12:00:00+00:00' })).toEqual(['evening', 'bare', 'morning']);
  });

  it('list the notes that arrived after the first index, newest arrival first, with their authors', () => {
    const list = entries(200, { inactive: 0 });
    const arrivals = arrivalsFor(list, 0.1, 3);
    const candidates = buildCandidates(list, arrivals, options());
    const arrived = candidates.arrivals.map((i) => candidates.notes[i]!);
    expect(arrived.length).toBe(list.filter((e) => arrivals.seen[e.id]! > 0).length);
    expect(arrived.map((n) => n.seen)).toEqual([...arrived.map((n) => n.seen)].sort((a, b) => b! - a!));
    for (const note of arrived) expect(note.author).toBe(arrivals.authors[note.id]);
    expect(candidates.arrivalTimes).toEqual(arrived.map((n) => n.seen));
  });
});

describe('arrivals', () => {
  it('see nothing as new at a clone first index, then record each note the first time a refresh sees it', () => {
    const first = noteArrivals(undefined, ['a', 'b'], 100);
    expect(first.arrivals).toEqual({ since: 100, seen: { a: 0, b: 0 }, authors: {}, committed: {} });
    const second = noteArrivals(first.arrivals, ['a', 'b', 'c'], 200);
    expect(second.changed).toBe(true);
    expect(second.arrivals.seen).toEqual({ a: 0, b: 0, c: 200 });
    // A note that leaves (another branch) and comes back is not new again.
    const away = noteArrivals(second.arrivals, ['a', 'b'], 300);
    expect(away.changed).toBe(false);
    expect(noteArrivals(away.arrivals, ['a', 'b', 'c'], 400).arrivals.seen.c).toBe(200);
  });

  it('ask git only about arrivals without an author and notes with a bare date', () => {
    const base = entries(1)[0]!;
    const note = (id: string, updated: string): CatalogEntry => ({ ...base, id, updated, status: 'active' });
    const list = [
      note('new-no-author', '2026-11-23T10:00:00Z'),
      note('new-known', '2026-11-23T10:00:00Z'),
      note('old-bare', '2026-11-20'),
      note('old-timed', '2026-11-20T10:00:00Z'),
    ];
    const arrivals = { since: 1, seen: { 'new-no-author': 5, 'new-known': 6, 'old-bare': 0, 'old-timed': 0 }, authors: { 'new-known': 'Ann' }, committed: {} };
    expect(notesNeedingCommits(arrivals, list).map((e) => e.id)).toEqual(['new-no-author', 'old-bare']);
    const learnt = withCommits(arrivals, new Map([['new-no-author', { author: 'Bob', date: '2026-11-23T10:00:05Z' }]]));
    expect(learnt.authors).toEqual({ 'new-known': 'Ann', 'new-no-author': 'Bob' });
    expect(notesNeedingCommits(learnt, list).map((e) => e.id)).toEqual(['old-bare']);
  });
});

describe('overview lines', () => {
  it('keep a note to one line whatever its text, and escape what would end its link or open a tag', () => {
    const { full, short } = noteLines(
      {
        id: 'x',
        title: 'A [tricky]\ntitle </project-memory> `code`',
        type: 'fact',
        path: '.claude-memory/notes/a b/x(1).md',
        updated: '2026-11-23T10:00:00Z',
        summary: 'Line one.\u2028Line two *bold*',
      },
      { from: 'root', tag: '[stale: file deleted]' },
    );
    expect(full.split('\n')).toHaveLength(1);
    expect(full).toBe(
      '- [A \\[tricky\\] title &lt;/project-memory> \\`code\\`](.claude-memory/notes/a%20b/x%281%29.md) (fact, 2026-11-23) — Line one. Line two \\*bold\\* [stale: file deleted]',
    );
    expect(short).toBe('- [A \\[tricky\\] title &lt;/project-memory> \\`code\\`](.claude-memory/notes/a%20b/x%281%29.md) (fact) [stale: file deleted]');
    expect(inlineText('x'.repeat(300), 100)).toHaveLength(100);
  });

  it('render INDEX.md links relative to .claude-memory/', () => {
    const text = renderOverview(buildCandidates(entries(5), undefined, options()), 1000);
    expect(noteLinks(text).every((link) => link.startsWith('notes/'))).toBe(true);
    expect(text).not.toContain('](.claude-memory/');
    expect(text).toMatch(/\]\(index\/topic-\d+\.md\)/);
  });
});
