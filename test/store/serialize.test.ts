import { describe, expect, it } from 'vitest';
import { parseNote } from '../../src/store/parse.js';
import { serializeNote } from '../../src/store/serialize.js';
import { buildNote } from '../../src/store/notes.js';

const roundTrip = (text: string) => {
  const first = parseNote(text, '.claude-memory/notes/t/x.md', 'x').note!;
  const once = serializeNote(first);
  const second = parseNote(once, '.claude-memory/notes/t/x.md', 'x').note!;
  return { first, once, twice: serializeNote(second), second };
};

describe('serializeNote', () => {
  it('writes the canonical layout of DESIGN.md', () => {
    const note = buildNote(
      {
        title: 'Auth service signs JWTs with RS256',
        type: 'decision',
        topic: 'auth',
        tags: ['auth', 'jwt'],
        files: ['services/auth/src/jwt.ts'],
        body: 'Body.',
        source: { session: '74e5d79a', commit: '3f2a9c1' },
      },
      'jwt-rs256-k3f9',
      '2026-11-23',
    );
    expect(serializeNote(note)).toBe(
      [
        '---',
        'id: jwt-rs256-k3f9',
        'title: Auth service signs JWTs with RS256',
        'type: decision',
        'topic: auth',
        'tags: [auth, jwt]',
        'files: [services/auth/src/jwt.ts]',
        'created: 2026-11-23',
        'updated: 2026-11-23',
        'status: active',
        'source: { session: 74e5d79a, commit: 3f2a9c1 }',
        '---',
        'Body.',
        '',
      ].join('\n'),
    );
  });

  it.each([
    ['colons and quotes', 'title: "Why: the \\"fast\\" path"'],
    ['a leading dash', 'title: "- not a list"'],
    ['a YAML boolean word', 'title: "yes"'],
    ['a number', 'title: "1.5"'],
    ['a hash', 'title: "Fix #123 # really"'],
    ['unicode', 'title: "Ünïcode — ok"'],
    ['brackets in tags', 'tags: ["a,b", "[x]", "{y}"]'],
  ])('round-trips %s to a fixed point', (_name, line) => {
    const title = line.startsWith('title:') ? '' : 'title: t\n';
    const { first, once, twice, second } = roundTrip(`---\n${title}${line}\ntype: fact\n---\nbody\n`);
    expect(twice).toBe(once);
    expect(second.title).toBe(first.title);
    expect(second.tags).toEqual(first.tags);
  });

  it('keeps unknown keys, nested values included, in their order', () => {
    const { once, twice, second } = roundTrip('---\ntitle: t\ntype: fact\nzeta: 1\nreviewers:\n  - alice\n  - bob\nmeta:\n  nested: { a: [1, 2] }\n---\nb\n');
    expect(twice).toBe(once);
    expect(second.data).toMatchObject({ zeta: 1, reviewers: ['alice', 'bob'], meta: { nested: { a: [1, 2] } } });
    expect(once.indexOf('zeta')).toBeLessThan(once.indexOf('reviewers'));
  });
});
