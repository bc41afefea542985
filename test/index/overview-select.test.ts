import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  MIN_TOPICS,
  TIERS,
  fitWithin,
  renderSelection,
  selectOverview,
  type SelectInput,
  type SelectItem,
  type TierKey,
} from '../../src/index/overview-select.js';

const item = (id: string, full = 80, short = 40): SelectItem => ({
  id,
  full: `- ${id} ${'f'.repeat(Math.max(0, full - id.length - 3))}`,
  short: `- ${id} ${'s'.repeat(Math.max(0, short - id.length - 3))}`,
});
const items = (prefix: string, n: number, full = 80, short = 40) => Array.from({ length: n }, (_, i) => item(`${prefix}${i}`, full, short));
const topics = (n: number) => Array.from({ length: n }, (_, i) => `- [topic-${i}](x.md) — ${n - i} notes`);
const HEADING_COST = (heading: string) => heading.length + 5;

describe('selectOverview', () => {
  it('rolls the unused share of a tier over to the next, so a small corpus is shown whole', () => {
    const selection = selectOverview({
      tiers: { pinned: items('p', 1), decisions: items('d', 3), recent: items('r', 12) },
      topics: topics(3),
      budgetChars: 4000,
    });
    expect(selection.ids).toHaveLength(16);
    expect(selection.sections.map((section) => section.key)).toEqual(['pinned', 'decisions', 'recent']);
    expect(selection.topics).toHaveLength(3);
  });

  it('shows a note once, in the first tier that has it', () => {
    const shared = item('shared');
    const selection = selectOverview({
      tiers: { pinned: [shared], changed: [shared, item('c')], conventions: [item('c'), shared], recent: [shared, item('c'), item('r')] },
      topics: [],
      budgetChars: 4000,
    });
    expect(selection.ids).toEqual(['shared', 'c', 'r']);
    expect(selection.sections.find((section) => section.key === 'pinned')!.ids).toEqual(['shared']);
    expect(selection.sections.find((section) => section.key === 'changed')!.ids).toEqual(['c']);
    expect(selection.sections.some((section) => section.key === 'conventions')).toBe(false);
  });

  it('shows every note about the changed files, shortened past the tier share, while later tiers are full', () => {
    // Six long lines are more than the changed tier's share; every later tier has plenty to fill its own.
    const selection = selectOverview({
      tiers: { changed: items('c', 6, 170, 90), conventions: items('v', 50, 150), decisions: items('d', 50, 150), recent: items('r', 100, 150) },
      topics: topics(30),
      budgetChars: 3600,
    });
    expect(selection.sections.find((section) => section.key === 'changed')!.ids).toEqual(['c0', 'c1', 'c2', 'c3', 'c4', 'c5']);
    expect(selection.chars).toBeLessThanOrEqual(3600);
    expect(renderSelection(selection).length).toBeLessThanOrEqual(3600);
  });

  it('lets the changed files take room past their share without taking the share of the notes new since the last session', () => {
    const selection = selectOverview({
      tiers: {
        changed: items('c', 40, 170, 90),
        new: items('n', 2, 250, 150),
        conventions: items('v', 50, 150),
        decisions: items('d', 50, 150),
        gotchas: items('g', 50, 150),
        threads: items('t', 50, 150),
        recent: items('r', 100, 150),
      },
      topics: topics(30),
      budgetChars: 3600,
    });
    expect(selection.sections.find((section) => section.key === 'new')?.ids.length ?? 0).toBeGreaterThanOrEqual(1);
    expect(selection.sections.find((section) => section.key === 'changed')!.ids.length).toBeGreaterThan(4);
    expect(renderSelection(selection).length).toBeLessThanOrEqual(3600);
  });

  it('keeps the largest topics even when the notes could fill the whole budget', () => {
    const selection = selectOverview({ tiers: { recent: items('r', 500) }, topics: topics(40), budgetChars: 3000 });
    expect(selection.topics.length).toBeGreaterThanOrEqual(MIN_TOPICS);
    expect(selection.topics[0]).toContain('topic-0');
    expect(renderSelection(selection).length).toBeLessThanOrEqual(3000);
  });

  it('gives a tier no more than its share while later tiers have candidates, then the rest in priority order', () => {
    const budget = 10_000;
    const selection = selectOverview({ tiers: { conventions: items('c', 200), gotchas: items('g', 200) }, topics: [], budgetChars: budget });
    const chars = (key: TierKey) => selection.sections.find((section) => section.key === key)!.lines.reduce((sum, line) => sum + line.length + 1, 0);
    // Everything before conventions was empty, so conventions had the shares of pinned, changed, new and its own;
    // the share decisions did not use went to the conventions still waiting, gotchas kept their own share (to
    // within a line), and the second pass filled the rest in priority order.
    expect(chars('gotchas')).toBeGreaterThan(budget * 0.1 - 81);
    expect(chars('gotchas')).toBeLessThan(budget * 0.1 + 81);
    expect(chars('conventions') + chars('gotchas')).toBeGreaterThan(budget * 0.97);
  });

  it('uses the short line when only it fits', () => {
    const selection = selectOverview({
      tiers: { recent: [item('a', 300, 30), item('b', 300, 30)] },
      topics: [],
      budgetChars: HEADING_COST('Other recent notes') + 301 + 31,
    });
    expect(selection.sections[0]!.lines.map((line) => line.length)).toEqual([300, 30]);
  });

  it('keeps a note a tier could not fit for that tier: the next share rolled over serves it before a later tier', () => {
    // 'x' is about a changed file and a decision; the changed share holds one line, so 'x' waits, and the share
    // the empty tiers after it leave rolls over to it: it is shown under the changed files, never as a decision.
    const selection = selectOverview({
      tiers: { changed: [item('c', 600), item('x', 600)], decisions: [item('x', 600), ...items('d', 30, 600)], recent: items('r', 100, 600) },
      topics: [],
      budgetChars: 3000,
    });
    expect(selection.sections.find((section) => section.key === 'changed')!.ids).toEqual(['c', 'x']);
    expect(selection.sections.find((section) => section.key === 'decisions')!.ids).not.toContain('x');
  });

  it('places a note it took in the second pass in its list order', () => {
    // The first pass caps conventions at its share and skips a long line; the second pass takes it.
    const list = [item('a', 60), item('long', 1300), item('b', 60)];
    const selection = selectOverview({ tiers: { conventions: list }, topics: [], budgetChars: 2000 });
    expect(selection.sections[0]!.ids).toEqual(['a', 'long', 'b']);
  });
});

const tierKeys = TIERS.map((tier) => tier.key);
const arbitraryInput = fc
  .record({
    pool: fc.integer({ min: 1, max: 300 }),
    budget: fc.integer({ min: 0, max: 12_000 }),
    topicCount: fc.integer({ min: 0, max: 80 }),
    tiers: fc.array(
      fc.record({
        key: fc.constantFrom(...tierKeys),
        picks: fc.array(fc.record({ id: fc.nat(), full: fc.integer({ min: 4, max: 400 }), short: fc.integer({ min: 4, max: 120 }) }), { maxLength: 120 }),
      }),
      { maxLength: 10 },
    ),
  })
  .map(({ pool, budget, topicCount, tiers }): SelectInput => {
    const out: Partial<Record<TierKey, SelectItem[]>> = {};
    for (const tier of tiers) (out[tier.key] ??= []).push(...tier.picks.map((pick) => item(`n${pick.id % pool}`, Math.max(pick.full, pick.short), pick.short)));
    return { tiers: out, topics: topics(topicCount), budgetChars: budget };
  });

describe('selectOverview on random inputs', () => {
  it('never shows a note twice, stays within budget, and leaves a note out only when not even its short line fits', () => {
    fc.assert(
      fc.property(arbitraryInput, (input) => {
        const selection = selectOverview(input);
        const text = renderSelection(selection);
        expect(new Set(selection.ids).size).toBe(selection.ids.length);
        expect(text.length).toBeLessThanOrEqual(input.budgetChars);
        expect(selection.chars).toBeLessThanOrEqual(input.budgetChars);
        expect(text.length).toBeLessThanOrEqual(selection.chars);
        const shown = new Set(selection.ids);
        const all = Object.values(input.tiers).flat();
        const unshown = all.filter((candidate) => !shown.has(candidate.id));
        if (unshown.length) {
          const longestShort = Math.max(...all.map((candidate) => candidate.short.length)) + 1 + Math.max(...TIERS.map((tier) => HEADING_COST(tier.heading)));
          const longestTopic = input.topics.length ? Math.max(...input.topics.map((line) => line.length)) + 1 + HEADING_COST('Topics') : 0;
          expect(input.budgetChars - selection.chars).toBeLessThan(longestShort + longestTopic);
        }
      }),
      { numRuns: 400 },
    );
  });
});

describe('fitWithin', () => {
  it('returns the fullest text that fits, growing or shrinking the selection budget', () => {
    const compose = (chars: number) => ({ text: 'x'.repeat(Math.max(0, Math.floor(chars * 0.9) + 50)) });
    expect(fitWithin(1000, 100, compose).text.length).toBeLessThanOrEqual(1000);
    expect(fitWithin(1000, 100, compose).text.length).toBeGreaterThan(950);
    expect(fitWithin(1000, 5000, compose).text.length).toBeLessThanOrEqual(1000);
    // A frame larger than the budget: nothing fits, the frame alone comes back.
    expect(fitWithin(10, 0, compose).text.length).toBe(50);
  });
});
