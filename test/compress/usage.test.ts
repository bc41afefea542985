import { afterAll, describe, expect, it } from 'vitest';
import { removeScratch, scratchDir } from './compress-repo.js';
import { overBudget, recordUsage, readUsage, summarizeUsage, withRequest, type UsageFile } from '../../src/compress/usage.js';

const ceilings = { maxTokensPerSession: 1000, maxTokensPerDay: 1500 };
const day1 = new Date('2026-11-24T10:00:00Z');
const day2 = new Date('2026-11-25T10:00:00Z');

afterAll(removeScratch);

describe('token usage and ceilings', () => {
  it('adds every kind of token to the session and the day', () => {
    let file: UsageFile = { sessions: {}, days: {} };
    file = withRequest(file, 's1', { input_tokens: 300, output_tokens: 100, cache_read_input_tokens: 50, cache_creation_input_tokens: 25 }, day1);
    file = withRequest(file, 's1', { input_tokens: 100, output_tokens: 10 }, day1);
    expect(file.sessions.s1).toMatchObject({ requests: 2, input: 400, output: 110, cacheRead: 50, cacheWrite: 25 });
    expect(file.days['2026-11-24']).toMatchObject({ requests: 2, input: 400 });
  });

  it('refuses a request that would pass the session or the daily ceiling, and forgets yesterday', () => {
    let file: UsageFile = { sessions: {}, days: {} };
    file = withRequest(file, 's1', { input_tokens: 800 }, day1);
    expect(overBudget(file, 's1', 100, ceilings, day1)).toBeUndefined();
    expect(overBudget(file, 's1', 300, ceilings, day1)).toMatch(/^session budget: 800 tokens spent/);
    file = withRequest(file, 's2', { input_tokens: 600 }, day1);
    expect(overBudget(file, 's3', 200, ceilings, day1)).toMatch(/^daily budget: 1400 tokens spent today/);
    expect(overBudget(file, 's3', 200, ceilings, day2)).toBeUndefined();
  });

  it('is recorded on disk and summarised for stats, newest session first', () => {
    const root = scratchDir();
    recordUsage(root, 'older', { input_tokens: 10, output_tokens: 5 }, day1);
    recordUsage(root, 'newer', { input_tokens: 20, output_tokens: 5 }, day2);
    const summary = summarizeUsage(readUsage(root), day2);
    expect(summary.sessions).toBe(2);
    expect(summary.today).toMatchObject({ requests: 1, input: 20 });
    expect(summary.total).toMatchObject({ requests: 2, input: 30, output: 10 });
    expect(summary.recent.map((r) => [r.session, r.tokens])).toEqual([
      ['newer', 25],
      ['older', 15],
    ]);
  });
});
