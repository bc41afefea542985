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

  it('splits every ASCII character as the Unicode rules do', () => {
    const ascii = fc.integer({ min: 0, max: 127 }).map((code) => String.fromCharCode(code));
    const identifier = fc.constantFrom('parseURL2Json', 'x9Y', 'ABCdef', 'a1b2C3', 'snake_case_2x', 'Z', '0');
    fc.assert(
      fc.property(fc.array(fc.oneof(ascii, identifier), { maxLength: 60 }), (pieces) => {
        const text = pieces.join('');
        expect([...tokenize(text), 'é']).toEqual(tokenize(`${text} é`));
      }),
      { numRuns: 1000, seed: 11 },
    );
  });

  it.each([
    ['verifyToken v2Api', ['verifyToken', 'verify', 'Token', 'v2Api', 'v', '2', 'Api']],
    ['HTTPServer.listen()', ['HTTPServer', 'listen']],
  ])('%s', (text, tokens) => {
    expect(tokenize(text)).toEqual(tokens);
  });
});
