import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { leadingParagraphs, summarize, summarizeWhole } from '../../src/index/catalog.js';
import { protectedRanges } from '../../src/core/text-cut.js';

describe('the one-line summary of a note in the index', () => {
  it.each([
    [
      'keeps issue references and paths',
      'Fixed #412: `parseDay` in src/utils/date.ts now uses `parseISO`. More.',
      'Fixed #412: parseDay in src/utils/date.ts now uses parseISO.',
    ],
    [
      'keeps snake_case names, drops emphasis',
      '**Never** edit _generated_ files like new_checkout.yaml by hand. Ever.',
      'Never edit generated files like new_checkout.yaml by hand.',
    ],
    ['skips headings and list markers', '# Title\n- We chose pino over winston. It is faster.', 'We chose pino over winston.'],
    ['keeps link labels', 'See [the setup guide](docs/dev-setup.md) first.', 'See the setup guide first.'],
    ['does not end a sentence at an abbreviation', 'Use a queue, e.g. BullMQ, for jobs. Then more.', 'Use a queue, e.g. BullMQ, for jobs.'],
    [
      'cuts a long sentence between words, not inside a code span',
      `Run \`npm run build --workspace packages/web\` ${'then check the output again '.repeat(5)}now.`,
      'Run npm run build --workspace packages/web then check the output again then check the output again then check the output again then check…',
    ],
  ])('%s', (_what, body, expected) => {
    expect(summarize(body)).toBe(expected);
  });

  it('never breaks a reference, a code span or a path, and stays one short line', () => {
    const word = fc.constantFrom('the', 'retry', 'fix', 'tokens', 'because', 'never', 'config');
    const token = fc.oneof(
      word,
      word,
      fc.integer({ min: 1, max: 9999 }).map((n) => `#${n}`),
      fc.constantFrom('src/app/main.ts', 'docs/a_b.md', 'new_checkout'),
      fc.constant('CODE'),
    );
    fc.assert(
      fc.property(fc.array(token, { minLength: 1, maxLength: 80, size: 'large' }), (tokens) => {
        // Each code span gets its own numbered words, so a cut inside one shows as a start without its end.
        let n = 0;
        const body = `${tokens.map((t) => (t === 'CODE' ? `\`start${++n} middle end${n}\`` : t)).join(' ')}.`;
        const summary = summarize(body);
        expect(summary.length).toBeLessThanOrEqual(140);
        for (let i = 1; i <= n; i++) expect(summary.includes(`start${i} `), body).toBe(summary.includes(`start${i} middle end${i}`));
        const plain = body.replace(/`/g, '');
        for (const [start, end] of protectedRanges(summary)) expect(plain).toContain(summary.slice(start, end));
        expect(plain.startsWith(summary.replace(/…$/, ''))).toBe(true);
      }),
    );
  });
});

describe('the summary of a long body', () => {
  // Markdown of the shapes notes have: sentences, abbreviations, spans, fences, lists, headings, links, paragraphs.
  const word = fc.constantFrom(
    'the',
    'cache',
    'retry',
    'e.g.',
    'i.e.',
    'v1.2',
    'src/a.ts',
    '#412',
    '`parseDay`',
    '**bold**',
    '_em_',
    'https://x.io/a',
    '[guide](docs/a.md)',
    'queue',
    'token',
    'Node.js',
  );
  const sentence = fc
    .tuple(fc.array(word, { minLength: 1, maxLength: 30 }), fc.constantFrom('.', '!', '?', '', '...'))
    .map(([words, end]) => words.join(' ') + end);
  const paragraph = fc.oneof(
    fc.array(sentence, { minLength: 1, maxLength: 8 }).map((s) => s.join(' ')),
    fc.array(sentence, { minLength: 1, maxLength: 4 }).map((s) => s.map((x) => `- ${x}`).join('\n')),
    sentence.map((s) => `## ${s}`),
    fc.array(sentence, { maxLength: 4 }).map((s) => `\`\`\`ts\n${s.join('\n')}\n\`\`\``),
  );
  const body = fc.array(paragraph, { minLength: 1, maxLength: 40 }).map((p) => p.join('\n\n'));

  it('is the same whether the leading paragraphs or the whole body are read', () => {
    fc.assert(
      fc.property(body, (text) => {
        expect(summarize(text)).toBe(summarizeWhole(text));
      }),
      { numRuns: 400, seed: 13 },
    );
  });

  it.each([
    ['short body', 'One. Two.', 100, undefined],
    ['cut at the last paragraph break', 'a\n\nb\n\nccccc', 6, 'a\n\nb'],
    ['never inside a fence', 'a\n\n```\nx\n\ny\n```\n\nz', 12, 'a'],
    ['never inside a code span', 'a `x\n\ny` b\n\nc', 9, undefined],
  ])('leadingParagraphs: %s', (_, text, max, head) => {
    expect(leadingParagraphs(text, max)).toBe(head);
  });
});
