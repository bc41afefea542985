import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { tokenize } from '../../src/index/text.js';

describe('tokenize on ASCII text', () => {
  it('splits as the Unicode rules do (a letter past ASCII switches to them)', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...'aZ09 _-.:/`Ab3xY7q\n\tHTTPServer'.split('')), maxLength: 80 }), (text) => {
        expect([...tokenize(text), 'é']).toEqual(tokenize(`${text} é`));
      }),
      { numRuns: 500, seed: 7 },
    );
  });

  it.each([
    ['verifyToken v2Api', ['verifyToken', 'verify', 'Token', 'v2Api', 'v', '2', 'Api']],
    ['HTTPServer.listen()', ['HTTPServer', 'listen']],
  ])('%s', (text, tokens) => {
    expect(tokenize(text)).toEqual(tokens);
  });
});
