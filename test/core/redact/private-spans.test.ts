import { describe, expect, it } from 'vitest';
import { redact, stripPrivate } from '../../../src/core/redact/index.js';

describe('stripPrivate', () => {
  it.each([
    ['a <private>secret</private> b', 'a  b'],
    ['a <PRIVATE>secret</Private> b', 'a  b'],
    ['before\n<private>\nline 1\nline 2\n</private>\nafter', 'before\n\nafter'],
    ['x <private>1 <private>2</private> 3</private> y', 'x  y'],
    ['x <private>hidden forever\nand more', 'x '],
    ['a </private> b', 'a  b'],
    ['a <private/> b', 'a  b'],
    ['a <private reason="creds">k</private> b', 'a  b'],
    ['no tags here', 'no tags here'],
    ['a <privateer> b', 'a <privateer> b'],
  ])('%j', (input, expected) => {
    expect(stripPrivate(input)).toBe(expected);
  });

  it('does not let removal splice a new tag together', () => {
    const out = stripPrivate('<priv<private>x</private>ate>leak');
    expect(out).not.toContain('leak');
    expect(out.toLowerCase()).not.toContain('<private');
    expect(stripPrivate(out)).toBe(out);
  });

  it('is applied by redact before secret detection', () => {
    const gh = 'gh' + 'p_' + 'Ab1'.repeat(12);
    const r = redact(`keep <private>${gh} and notes</private> this`);
    expect(r.text).toBe('keep  this');
    expect(r.findings).toEqual([]);
  });
});
