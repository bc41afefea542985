import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildTopicIndex, renderTopicIndexWhole, type TopicLines } from '../../src/index/layered.js';
import type { CatalogEntry } from '../../src/index/catalog.js';

/** Text full of what markdown escapes: emphasis, links, code, headings, list markers, html, entities, newlines. */
const tricky = fc
  .array(
    fc.constantFrom('a', 'word', ' ', '*', '_', '[', ']', '(', ')', '`', '#', '- ', '1. ', '<', '>', '&amp;', '|', '!', '\n', '\\', '~', '+', '=', 'é', '東'),
    { maxLength: 12 },
  )
  .map((parts) => parts.join(''));

const entry: fc.Arbitrary<Omit<CatalogEntry, 'id' | 'path'>> = fc.record({
  title: tricky,
  summary: tricky,
  type: fc.constantFrom('fact', 'decision', 'gotcha'),
  topic: fc.constant('t'),
  status: fc.constantFrom('active', 'active', 'superseded', 'archived'),
  updated: fc.constantFrom('2026-01-01', '2026-02-03', ''),
  tags: fc.constant([]),
  files: fc.constant([]),
  pinned: fc.boolean(),
  tokens: fc.constant(10),
});
const entries = fc.array(entry, { maxLength: 40 }).map((list) => list.map((e, i) => ({ ...e, id: `n${i}`, path: `.claude-memory/notes/t/n${i}.md` })));

describe('topic files rendered line by line', () => {
  it('equal remark rendering the whole file, fresh and from the lines of an earlier render', () => {
    fc.assert(
      fc.property(entries, fc.array(fc.nat(), { maxLength: 4 }), (list, changed) => {
        const whole = renderTopicIndexWhole('t', list);
        const used: TopicLines = new Map();
        expect(buildTopicIndex('t', list, undefined, used)).toBe(whole);
        expect(used.size).toBe(list.length);
        // Every line of the whole render was kept, so the same notes render from the kept lines alone.
        expect(buildTopicIndex('t', list, used)).toBe(whole);
        // Some notes change; the rest of the lines come from the earlier render.
        const next = list.map((e, i) => (changed.includes(i) ? { ...e, title: `${e.title} *changed*`, status: 'active' } : e));
        expect(buildTopicIndex('t', next, used)).toBe(renderTopicIndexWhole('t', next));
      }),
      { numRuns: 200, seed: 20261130 },
    );
  });
});
