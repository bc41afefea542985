import { describe, expect, it } from 'vitest';
import { buildTopicIndex } from '../../src/index/layered.js';
import type { CatalogEntry } from '../../src/index/catalog.js';

const TYPES = ['decision', 'convention', 'fact', 'gotcha', 'bugfix', 'howto', 'todo', 'session'];

function entries(n: number): CatalogEntry[] {
  return Array.from({ length: n }, (_, i) => ({
    id: `note-${i}`,
    title: `Note number ${i} about the ${['auth', 'billing', 'deploy'][i % 3]} service and its quirks`,
    type: TYPES[i % TYPES.length]!,
    topic: `topic-${i % 37}`,
    status: i % 20 === 0 ? 'archived' : 'active',
    updated: `2026-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')}`,
    path: `.claude-memory/notes/topic-${i % 37}/note-${i}.md`,
    summary: `A one-line summary of note ${i}, long enough to cost tokens in the index.`,
    tags: [],
    files: [],
    pinned: i === 5,
    tokens: 60,
  }));
}

describe('layer 1 (index/<topic>.md)', () => {
  it('has one line per note with a link relative to the index folder, history last', () => {
    const list = entries(40).filter((e) => e.topic === 'topic-0');
    const text = buildTopicIndex('topic-0', list);
    const lines = text.split('\n').filter((line) => line.startsWith('- ['));
    expect(lines).toHaveLength(list.length);
    expect(lines[0]).toMatch(/^- \[Note number \d+ .*\]\(\.\.\/notes\/topic-0\/note-\d+\.md\) \(\w+, 2026-\d\d-\d\d\)/);
    expect(text.indexOf('note-0.md')).toBeGreaterThan(text.indexOf('## Superseded and archived'));
  });

  it('orders notes of mixed date forms by real time, and shows the day', () => {
    const base = { ...entries(1)[0]!, status: 'active' };
    const list = [
      { ...base, id: 'bare', updated: '2026-11-23', path: '.claude-memory/notes/t/bare.md' },
      { ...base, id: 'late', updated: '2026-11-23T22:00:00Z', path: '.claude-memory/notes/t/late.md' },
      { ...base, id: 'offset', updated: '2026-11-24T01:00:00+05:00', path: '.claude-memory/notes/t/offset.md' },
    ];
    const text = buildTopicIndex('t', list);
    const order = [...text.matchAll(/notes\/t\/(\w+)\.md\) \(\w+, (\S+?)\)/g)].map((m) => `${m[1]} ${m[2]}`);
    expect(order).toEqual(['late 2026-11-23', 'offset 2026-11-23', 'bare 2026-11-23']);
  });
});
