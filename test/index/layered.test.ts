import { describe, expect, it } from 'vitest';
import { buildLayer0, buildTopicIndex } from '../../src/index/layered.js';
import type { CatalogEntry } from '../../src/index/catalog.js';
import { estimateTokens } from '../../src/core/tokens.js';

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

describe('layer 0 (INDEX.md)', () => {
  it.each([0, 1, 10, 100, 1_000, 10_000])('stays within a 1,000-token budget with %i notes', (n) => {
    const text = buildLayer0(entries(n), { budgetTokens: 1000 });
    expect(estimateTokens(text)).toBeLessThanOrEqual(1000);
    expect(text).toContain('# Project memory');
  });

  it.each([300, 2000])('honours a configured budget of %i tokens', (budget) => {
    expect(estimateTokens(buildLayer0(entries(5000), { budgetTokens: budget }))).toBeLessThanOrEqual(budget);
  });

  it('puts pinned notes and conventions first, leaves out inactive notes, and says what it left out', () => {
    const text = buildLayer0(entries(1000), { budgetTokens: 1000 });
    expect(text.indexOf('## Pinned')).toBeLessThan(text.indexOf('## Conventions'));
    expect(text.indexOf('## Conventions')).toBeLessThan(text.indexOf('## Recent decisions'));
    expect(text).toContain('[Note number 5 ');
    expect(text).not.toContain('(notes/topic-0/note-0.md)');
    expect(text).toMatch(/Left out here: \d+ more notes/);
    expect(text).toContain('.claude-memory/index/<topic>.md');
  });

  it('lists everything and leaves nothing out when the corpus is small', () => {
    const text = buildLayer0(entries(6), { budgetTokens: 1000 });
    expect(text).not.toContain('Left out');
  });
});

describe('layer 1 (index/<topic>.md)', () => {
  it('has one line per note with a link relative to the index folder, history last', () => {
    const list = entries(40).filter((e) => e.topic === 'topic-0');
    const text = buildTopicIndex('topic-0', list);
    const lines = text.split('\n').filter((line) => line.startsWith('- ['));
    expect(lines).toHaveLength(list.length);
    expect(lines[0]).toMatch(/^- \[Note number \d+ .*\]\(\.\.\/notes\/topic-0\/note-\d+\.md\) \(\w+, 2026-\d\d-\d\d\)/);
    expect(text.indexOf('note-0.md')).toBeGreaterThan(text.indexOf('## Superseded and archived'));
  });
});
