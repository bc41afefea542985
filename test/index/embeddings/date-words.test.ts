import { describe, expect, it } from 'vitest';
import { dateWords, namesAMonth, noteDateField } from '../../../src/index/embeddings/date-words.js';

describe('date words', () => {
  it('turns a date into its month name and year', () => {
    expect(dateWords('2026-06-14')).toBe('june 2026');
    expect(dateWords('2025-12-01T10:00:00Z')).toBe('december 2025');
    expect(noteDateField({ created: '2026-03-09' })).toBe('march 2026');
  });

  it('gives nothing for what is not a date', () => {
    for (const bad of [undefined, '', 'yesterday', '2026-13-01', '2026-00-10', '26-06-14']) expect(dateWords(bad)).toBe('');
    expect(noteDateField({})).toBe('');
  });

  it('finds month names as words, in any case, and not inside other words', () => {
    expect(namesAMonth('what did we decide in March?')).toBe(true);
    expect(namesAMonth('last may')).toBe(true);
    expect(namesAMonth('JUNE outage')).toBe(true);
    expect(namesAMonth('the marching order of mayors')).toBe(false);
    expect(namesAMonth('augustus and junebug')).toBe(false);
  });
});
