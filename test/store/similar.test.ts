import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  SIMILAR_TITLE,
  candidatePairs,
  compareNotes,
  duplicatePairs,
  findDuplicate,
  jaccard,
  normalizeTitle,
  similarTitlePairsOf,
  similarTitles,
  titleWords,
  type Comparable,
} from '../../src/store/similar.js';

const note = (title: string, body = '', files: string[] = [], type = 'decision'): Comparable => ({ title, body, files, type });
const rs256 = note('Access tokens are signed with RS256', 'Billing and search verify tokens with the public key only, so they cannot mint them.', [
  'config/auth.json',
]);

describe('when two notes hold the same memory', () => {
  // [what, a, b, duplicate]
  const table: Array<[string, Comparable, Comparable, boolean]> = [
    ['the same lesson compressed twice', rs256, { ...rs256, body: 'Verifiers (billing, search) only hold the public key, so they cannot mint tokens.' }, true],
    ['the same title, other words', rs256, note('Access tokens are signed with RS256.', 'We sign with an asymmetric key.'), true],
    ['case, punctuation and markdown do not count', note('`Access` tokens are *signed* with RS256!'), note('access tokens are signed with rs256'), true],
    ['a rephrased title about the same files', rs256, note('Access tokens get signed with RS256 keys', 'Rotation every 90 days.', ['config/auth.json']), true],
    [
      'a rephrased title with most of the body',
      rs256,
      note('API tokens signed using RS256', 'Billing and search verify the tokens with the public key only; they cannot mint them.'),
      true,
    ],
    ['a changed decision is not a duplicate', rs256, note('Access tokens are signed with HS256', 'One shared secret signs and verifies.'), false],
    ['the same words about other things', note('Cache search results', 'Redis, five minutes.'), note('Cache user sessions', 'Memcached, one hour.'), false],
    ['a session note never merges into a decision', note('Session: Access tokens are signed with RS256', rs256.body, [], 'session'), rs256, false],
    [
      'two sessions with the same first prompt but other work',
      note('Session: Fix the tests', 'The parser tests failed on Windows paths.', [], 'session'),
      note('Session: Fix the tests', 'Snapshot files were stale after the rename.', [], 'session'),
      false,
    ],
    [
      'two sessions of the same work',
      note('Session: Fix the tests', 'The parser tests failed on Windows paths; normalised separators.', ['src/parser.ts'], 'session'),
      note('Session: Fix the tests', 'Parser tests failed on Windows paths, separators normalised.', ['src/parser.ts'], 'session'),
      true,
    ],
  ];
  it.each(table)('%s', (_what, a, b, duplicate) => {
    expect(compareNotes(a, b).duplicate).toBe(duplicate);
  });

  it('finds the closest existing duplicate', () => {
    const other = note('Refresh tokens are out of scope', 'Not now.');
    const near = note('Access tokens get signed with RS256 keys', 'x', ['config/auth.json']);
    expect(findDuplicate(rs256, [other, near, { ...rs256 }])?.note).toEqual(rs256);
    expect(findDuplicate(rs256, [other])).toBeUndefined();
  });

  it('warns about titles a reader would take for the same one', () => {
    expect(similarTitles('Builds run with pnpm, never npm', 'builds run with PNPM — never npm!')).toBe(true);
    expect(similarTitles('Deploys go through the release branch', 'Deploys go through the release branches')).toBe(true);
    expect(similarTitles('Deploys go through the release branch', 'Hotfixes skip the release branch')).toBe(false);
    expect(normalizeTitle('  **Use** `pnpm`, not npm (v9).  ')).toBe('use pnpm not npm v9');
  });
});

const word = fc.constantFrom('token', 'cache', 'retry', 'deploy', 'queue', 'auth', 'build', 'test', 'search', 'redis', 'lint', 'schema');
const words = (n: number) => fc.array(word, { minLength: 1, maxLength: n });
const arbitraryNote = fc.record({
  title: words(8).map((w) => w.join(' ')),
  body: words(30).map((w) => w.join(' ')),
  files: fc.array(fc.constantFrom('src/a.ts', 'src/b.ts', 'README.md'), { maxLength: 3 }),
  type: fc.constantFrom('decision', 'fact', 'session'),
});

describe('properties of the comparison', () => {
  it('is symmetric, bounded, and does not care about case, punctuation or spacing in titles', () => {
    fc.assert(
      fc.property(arbitraryNote, arbitraryNote, (a, b) => {
        const ab = compareNotes(a, b);
        expect(compareNotes(b, a)).toEqual(ab);
        for (const score of [ab.title, ab.body, ab.files]) expect(score >= 0 && score <= 1).toBe(true);
        const shouted = { ...a, title: `  ${a.title.toUpperCase().split(' ').join(',  ')}!` };
        expect(compareNotes(shouted, b)).toEqual(ab);
      }),
    );
  });

  it('a note duplicates itself, and notes with no word in common never do', () => {
    fc.assert(
      fc.property(arbitraryNote, (a) => {
        expect(compareNotes(a, a).duplicate).toBe(true);
        const stranger = { ...a, title: 'Nightly report timezone', body: 'Kubernetes cron schedules are in UTC.', files: [] };
        expect(compareNotes(a, stranger).duplicate).toBe(false);
      }),
    );
  });

  it('pairs every two titles that reach the threshold without comparing all pairs', () => {
    fc.assert(
      fc.property(
        fc.array(
          words(6).map((w) => w.join(' ')),
          { minLength: 2, maxLength: 40 },
        ),
        (titles) => {
          const found = new Set(candidatePairs(titles).map(([i, j]) => `${i},${j}`));
          for (let i = 0; i < titles.length; i++) {
            for (let j = i + 1; j < titles.length; j++) {
              const close =
                normalizeTitle(titles[i]!) === normalizeTitle(titles[j]!) || jaccard(titleWords(titles[i]!), titleWords(titles[j]!)) >= SIMILAR_TITLE;
              if (close) expect(found.has(`${i},${j}`), `${titles[i]} / ${titles[j]}`).toBe(true);
            }
          }
        },
      ),
    );
  });

  it('finds exactly the duplicate pairs and similar-title pairs that comparing every pair finds', () => {
    fc.assert(
      fc.property(fc.array(arbitraryNote, { minLength: 2, maxLength: 30 }), (notes) => {
        const brute: string[] = [];
        const titles: string[] = [];
        for (let i = 0; i < notes.length; i++) {
          for (let j = i + 1; j < notes.length; j++) {
            if (compareNotes(notes[i]!, notes[j]!).duplicate) brute.push(`${i},${j}`);
            if (similarTitles(notes[i]!.title, notes[j]!.title)) titles.push(`${i},${j}`);
          }
        }
        expect(
          duplicatePairs(notes)
            .map(({ i, j }) => `${i},${j}`)
            .sort(),
        ).toEqual(brute.sort());
        expect(
          similarTitlePairsOf(notes.map((n) => n.title))
            .map(([i, j]) => `${i},${j}`)
            .sort(),
        ).toEqual(titles.sort());
      }),
    );
  });
});
