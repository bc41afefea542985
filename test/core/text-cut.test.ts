import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cutAtBoundary, leadingSentences, protectedRanges, splitSentences } from '../../src/core/text-cut.js';

describe('cutting text without breaking references, code spans or paths', () => {
  it.each([
    ['short text is left alone', 'Fixed in #412.', 40, 'Fixed in #412.'],
    ['cuts at a space', 'the quick brown fox jumps over the lazy dog', 20, 'the quick brown fox…'],
    ['never inside a code span', 'run `npm run build --workspace web` first', 30, 'run…'],
    ['never inside a path', 'see src/very/long/folder/name/file.ts for it', 30, 'see…'],
    ['never inside an issue reference', 'closes #12345 today', 11, 'closes…'],
    ['a first token longer than the limit stays whole', 'packages/web/src/components/Button.tsx is new', 10, 'packages/web/src/components/Button.tsx…'],
    ['trailing punctuation before the ellipsis goes', 'one, two, three, four', 10, 'one, two…'],
  ])('%s', (_what, text, max, expected) => {
    expect(cutAtBoundary(text, max)).toBe(expected);
  });

  it.each([
    ['a path ending a sentence', 'It lives in src/utils/date.ts. Then we fixed it.', ['It lives in src/utils/date.ts.', 'Then we fixed it.']],
    ['versions and abbreviations', 'Vitest v1.6.0 runs ESM, e.g. our config. It is fast.', ['Vitest v1.6.0 runs ESM, e.g. our config.', 'It is fast.']],
    ['code spans with dots', 'Use `a.b(). c` here. Done!', ['Use `a.b(). c` here.', 'Done!']],
    ['line breaks', 'First line\nSecond line. Third', ['First line', 'Second line.', 'Third']],
    ['a URL ending a sentence', 'See https://ci.example.com/jobs/5521. It failed.', ['See https://ci.example.com/jobs/5521.', 'It failed.']],
  ])('splits sentences: %s', (_what, text, expected) => {
    expect(splitSentences(text)).toEqual(expected);
  });

  it('keeps whole leading sentences only', () => {
    expect(leadingSentences('One two. Three four five. Six.', 20)).toBe('One two.');
    expect(leadingSentences('A sentence far too long for the limit. Short.', 10)).toBe('');
  });

  it('finds references, code spans, paths, file names and URLs', () => {
    const text = 'Fix #7 in `a b` at src/x.ts, docs/dev-setup.md and package.json (https://x.dev/p?q=1).';
    expect(protectedRanges(text).map(([s, e]) => text.slice(s, e))).toEqual([
      '#7',
      '`a b`',
      'src/x.ts',
      'docs/dev-setup.md',
      'package.json',
      'https://x.dev/p?q=1',
    ]);
  });
});

/** Text made of words, references, code spans and paths, the way notes are written. */
const token = fc.oneof(
  fc.constantFrom('the', 'fix', 'because', 'we', 'decided', 'tests', 'pass', 'now', 'UTC'),
  fc.integer({ min: 1, max: 99999 }).map((n) => `#${n}`),
  fc.array(fc.constantFrom('npm', 'run', 'build', '--watch', 'x.y'), { minLength: 1, maxLength: 4 }).map((words) => `\`${words.join(' ')}\``),
  fc.array(fc.constantFrom('src', 'lib', 'utils', 'web', 'a-b', 'c_d'), { minLength: 1, maxLength: 4 }).map((parts) => `${parts.join('/')}/file.ts`),
);
const prose = fc.array(fc.tuple(token, fc.constantFrom(' ', ' ', ', ', '. ', '\n')), { minLength: 1, maxLength: 40, size: 'large' }).map((parts) =>
  parts
    .map(([t, sep]) => t + sep)
    .join('')
    .trim(),
);

describe('properties', () => {
  it('a cut is a prefix of the text that never ends inside a protected token', () => {
    fc.assert(
      fc.property(prose, fc.integer({ min: 1, max: 200 }), (text, max) => {
        const cut = cutAtBoundary(text, max);
        const flat = text.trim();
        if (cut === flat) return;
        const kept = cut.slice(0, -1);
        expect(flat.startsWith(kept)).toBe(true);
        for (const [start, end] of protectedRanges(flat)) expect(kept.length <= start || kept.length >= end).toBe(true);
        const ranges = protectedRanges(flat);
        const firstSpace = [...flat].findIndex((ch, i) => i > 0 && /\s/.test(ch) && !ranges.some(([s, e]) => i > s && i < e));
        if (firstSpace >= 0 && firstSpace < max) expect(cut.length).toBeLessThanOrEqual(max);
      }),
    );
  });

  it('sentences lose nothing but spacing, and leading sentences are whole ones that fit', () => {
    fc.assert(
      fc.property(prose, fc.integer({ min: 1, max: 300 }), (text, max) => {
        const parts = splitSentences(text);
        expect(parts.join(' ')).toBe(
          text
            .split(/\n+/)
            .map((l) => l.replace(/\s+/g, ' ').trim())
            .filter(Boolean)
            .join(' '),
        );
        const lead = leadingSentences(text, max);
        expect(lead.length).toBeLessThanOrEqual(max);
        const count = lead ? parts.findIndex((_, i) => parts.slice(0, i + 1).join(' ') === lead) : -1;
        if (lead) expect(count).toBeGreaterThanOrEqual(0);
      }),
    );
  });
});
