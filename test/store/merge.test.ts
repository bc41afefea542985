import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_MERGED_BODY_CHARS, mergeBodies, mergeNote } from '../../src/store/merge.js';
import { buildNote } from '../../src/store/notes.js';

describe('folding a duplicate into a note', () => {
  it('adds the lines that say something new, merges tags and files, and bumps updated', () => {
    const note = buildNote(
      { title: 'Tokens use RS256', type: 'decision', tags: ['jwt'], files: ['a.ts'], body: 'Verifiers hold only the public key.' },
      'tokens-use-rs256-abc123',
      '2026-01-01',
    );
    const merged = mergeNote(
      note,
      { body: 'Only the public key is held by verifiers.\nKeys rotate every 90 days.', tags: ['jwt', 'auth'], files: ['b.ts'] },
      '2026-02-02',
    );
    expect(merged).toMatchObject({
      id: note.id,
      title: note.title,
      tags: ['jwt', 'auth'],
      files: ['a.ts', 'b.ts'],
      updated: '2026-02-02',
      created: '2026-01-01',
    });
    expect(merged.body).toBe('Verifiers hold only the public key.\nKeys rotate every 90 days.');
  });

  const line = fc
    .array(fc.constantFrom('cache', 'redis', 'ttl', 'five', 'minutes', 'search', 'rate', 'limit', 'backend', 'tokens'), { minLength: 1, maxLength: 12 })
    .map((w) => `${w.join(' ')}.`);
  const body = fc.array(line, { maxLength: 30 }).map((lines) => lines.join('\n'));

  it('keeps the original body whole, stays within the limit, and merging twice changes nothing more', () => {
    fc.assert(
      fc.property(body, body, (a, b) => {
        const once = mergeBodies(a, b);
        expect(once.startsWith(a.trim())).toBe(true);
        expect(once.length).toBeLessThanOrEqual(Math.max(a.trim().length, MAX_MERGED_BODY_CHARS));
        expect(mergeBodies(once, b)).toBe(once);
        expect(mergeBodies(a, a)).toBe(a.trim());
      }),
    );
  });
});
