import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../helpers/temp-repo.js';

const bench = (file: string) => import(pathToFileURL(path.join(PROJECT_ROOT, 'bench', file)).href);

const row = (shape: string, size: number, name: string, display: string, verdict: string, budget?: string) => ({
  suite: 'budgets',
  shape,
  size,
  name,
  label: `label of ${name}`,
  display,
  value: Number.parseFloat(display),
  verdict,
  budget: budget ? { display: budget } : null,
});

describe('benchmark report', () => {
  it('holds sizes under 10,000 notes to the 10,000-note budgets and loosens search and prompt at 100,000', async () => {
    const { budgetsFor } = await bench('budgets.mjs');
    expect(budgetsFor(1000)).toEqual(budgetsFor(10_000));
    expect(budgetsFor(10_000)).toMatchObject({ sessionStart: 1.5, prompt: 2, search: 2, rebuildMs: 3000, refreshOneMs: 500 });
    expect(budgetsFor(100_000)).toMatchObject({ sessionStart: 1.5, prompt: 3, search: 3, rebuildMs: 30_000 });
  });

  it('prints one table per size with a column per shape, each cell with its verdict, memory rows last', async () => {
    const { renderBudgetTables } = await bench('report.mjs');
    const text = renderBudgetTables([
      row('current', 10_000, 'rss-search', '60 MiB', 'info'),
      row('current', 10_000, 'session-start', '1.40×', 'PASS', '≤ 1.5×'),
      row('small-vocab', 10_000, 'session-start', '1.80×', 'FAIL', '≤ 1.5×'),
      row('current', 1000, 'session-start', '1.10×', 'PASS', '≤ 1.5×'),
    ]) as string;
    const lines = text.split('\n');
    expect(lines.indexOf('### 1,000 notes')).toBeLessThan(lines.indexOf('### 10,000 notes'));
    expect(text).toContain('| measure | budget | current | small-vocab |');
    expect(text).toContain('| label of session-start | ≤ 1.5× | 1.40× PASS | 1.80× FAIL |');
    expect(lines.findIndex((l) => l.includes('rss-search'))).toBeGreaterThan(lines.findIndex((l) => l.includes('1.80×')));
    expect(text).toContain('| label of rss-search | — | 60 MiB |  |');
  });

  it('counts failed budgets and compares two runs row by row', async () => {
    const { compareRows, summarise } = await bench('report.mjs');
    const before = [row('current', 10_000, 'session-start', '2.00×', 'FAIL', '≤ 1.5×'), row('long', 10_000, 'search', '1.00×', 'PASS', '≤ 2×')];
    const after = [row('current', 10_000, 'session-start', '1.50×', 'PASS', '≤ 1.5×')];
    expect(summarise(before)).toMatchObject({ judged: 2, failed: 1 });
    const table = compareRows(before, after) as string;
    expect(table).toContain('| budgets | current | 10000 | label of session-start | 2.00× FAIL | 1.50× PASS | -25 % |');
    expect(table).not.toContain('long');
  });

  it('asks each corpus in its own common words, with prompts from a few words to a pasted page', async () => {
    const { promptsFor, queriesFor } = await bench('scenarios.mjs');
    const sample = (i: number) => ({
      id: `n${i}`,
      path: `.claude-memory/notes/t/n${i}.md`,
      title: `Title ${i} about retries`,
      identifier: i === 2 ? 'retryBudget' : null,
      body: `Body ${i} says the webhook retries. More text.`,
    });
    const corpus = { commonTerms: [{ term: 'config' }, { term: 'test' }, { term: 'api' }], samples: Array.from({ length: 12 }, (_, i) => sample(i)) };
    const prompts = promptsFor(corpus) as Array<{ name: string; text: string }>;
    expect(prompts[0]!.text).toContain('config test');
    expect(prompts.some((p) => p.text.includes('retryBudget'))).toBe(true);
    const lengths = prompts.map((p) => p.text.length);
    expect(Math.max(...lengths)).toBeGreaterThan(10 * Math.min(...lengths));
    const queries = queriesFor(corpus) as Array<{ text: string }>;
    expect(queries.map((q) => q.text)).toEqual(['config test', 'title about retries', 'retryBudget']);
  });

  it('finds the common content words of a corpus, not its function words', async () => {
    const { commonTerms, splitNote } = await bench('corpus/sample.mjs');
    const terms = commonTerms(['the config of the test', 'the config is fine', 'a test of the api config'], 2);
    expect(terms).toEqual([
      { term: 'config', share: 1 },
      { term: 'test', share: 0.667 },
    ]);
    expect(splitNote('---\nid: x\ntitle: "Quoted: title"\n---\nbody\n')).toEqual({ title: 'Quoted: title', body: 'body\n' });
  });

  it('sums self time of CPU profiles by function and by where the code lives', async () => {
    const { summariseProfiles } = await bench('profile-summary.mjs');
    const frame = (functionName: string, url: string) => ({ functionName, url, lineNumber: 0, columnNumber: 0, scriptId: '0' });
    const profile = {
      nodes: [
        { id: 1, callFrame: frame('(root)', ''), children: [2, 4] },
        { id: 2, callFrame: frame('recall', 'file:///x/dist/retrieve/recall.js'), children: [3] },
        { id: 3, callFrame: frame('search', 'file:///x/node_modules/minisearch/dist/es/index.js'), children: [] },
        { id: 4, callFrame: frame('(garbage collector)', ''), children: [] },
      ],
      samples: [2, 3, 3, 4, 2],
      timeDeltas: [0, 1000, 2000, 3000, 4000],
    };
    const summary = summariseProfiles([profile, profile]);
    expect(summary.totalMs).toBe(10);
    expect(summary.homes).toEqual([
      ['minisearch', 5],
      ['(garbage collector)', 4],
      ['dist/retrieve/recall.js', 1],
    ]);
    expect(summary.categories[0]).toEqual(['npm packages', 5]);
    expect(summary.inclusiveOurs).toEqual([['recall dist/retrieve/recall.js:1', 6]]);
  });
});
