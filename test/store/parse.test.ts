import { describe, expect, it } from 'vitest';
import { parseNote, splitFrontMatter } from '../../src/store/parse.js';

const parse = (text: string, path = '.claude-memory/notes/auth/x.md') => parseNote(text, path, 'x');
const codes = (text: string) => parse(text).problems.map((p) => p.code);

describe('parseNote', () => {
  it('accepts a hand-written note with only a title, a type and a body', () => {
    const { note, problems } = parse('---\ntitle: Use RS256\ntype: decision\n---\nBecause the gateway only has the public key.\n');
    expect(problems).toEqual([]);
    expect(note).toMatchObject({ id: 'x', title: 'Use RS256', type: 'decision', topic: 'auth', status: 'active', tags: [], files: [] });
    expect(note?.body).toBe('Because the gateway only has the public key.');
  });

  it('indexes a note with no front matter by its heading, and flags it', () => {
    const { note, problems } = parse('# Deploys need the VPN\n\nOtherwise kubectl times out.\n');
    expect(note?.title).toBe('Deploys need the VPN');
    expect(problems.map((p) => p.code)).toEqual(['no-front-matter']);
  });

  it('keeps dates as written and unknown keys in data', () => {
    const { note } = parse('---\ntitle: T\ntype: fact\ncreated: 2026-11-23\nowner: alice\npinned: true\n---\nb');
    expect(note?.created).toBe('2026-11-23');
    expect(note?.data).toMatchObject({ owner: 'alice', pinned: true });
  });

  it.each([
    ['invalid YAML', '---\ntitle: [unclosed\ntype: fact\n---\nbody', 'invalid-yaml'],
    ['no title at all', '---\ntype: fact\n---\njust text', 'missing-title'],
    ['a JavaScript front matter (never evaluated)', '---js\n{ title: (globalThis.pwned = 1, "x") }\n---\nbody', 'front-matter-language'],
    ['a YAML custom tag', '---\ntitle: !!js/function "function(){}"\ntype: fact\n---\n', 'invalid-yaml'],
    ['front matter that is a list', '---\n- a\n- b\n---\n', 'invalid-yaml'],
    [
      'an alias bomb',
      `---\na: &a [x,x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c]\ntitle: t\ntype: fact\n---\n`,
      'invalid-yaml',
    ],
    ['huge front matter', `---\ntitle: t\ntype: fact\nx: "${'a'.repeat(40_000)}"\n---\n`, 'invalid-yaml'],
  ])('reports %s without throwing', (_name, text, code) => {
    expect(codes(text)).toContain(code);
    expect(parse(text).note).toBeUndefined();
    expect((globalThis as Record<string, unknown>).pwned).toBeUndefined();
  });

  it.each([
    ['unknown type', '---\ntitle: t\ntype: musing\n---\n', 'unknown-type'],
    ['unknown status', '---\ntitle: t\ntype: fact\nstatus: maybe\n---\n', 'unknown-status'],
  ])('warns about an %s but still returns the note', (_name, text, code) => {
    expect(codes(text)).toEqual([code]);
    expect(parse(text).note).toMatchObject({ title: 't' });
  });

  it('bounds list fields', () => {
    const tags = Array.from({ length: 500 }, (_, i) => `t${i}`).join(', ');
    expect(parse(`---\ntitle: t\ntype: fact\ntags: [${tags}]\n---\n`).note?.tags).toHaveLength(200);
  });
});

describe('splitFrontMatter', () => {
  it.each([
    ['no front matter', 'Just a body.\n', {}, 'Just a body.\n'],
    ['YAML', '---\ntitle: T\ntags: [a, b]\n---\nBody.\n', { title: 'T', tags: ['a', 'b'] }, 'Body.\n'],
    ['a byte-order mark first', '\ufeff---\ntitle: T\n---\nBody.\n', { title: 'T' }, 'Body.\n'],
  ])('%s', (_name, text, data, body) => {
    expect(splitFrontMatter(text)).toEqual({ data, body });
  });

  it.each(['---js\n{}\n---\n', '---json\n{}\n---\n'])('refuses front matter in another language: %j', (text) => {
    expect(() => splitFrontMatter(text)).toThrow(/is not allowed; use YAML/);
  });
});
