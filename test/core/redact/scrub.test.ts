import { describe, expect, it } from 'vitest';
import { MIN_SCRUB_LENGTH, redactText, redactWithValues, scrubValues } from '../../../src/core/redact/index.js';
import { PLANTED_SECRETS } from '../../fixtures/secrets/planted.js';

const gh = 'gh' + 'p_' + 'Tk4'.repeat(12);
const pw = 'Orbit-Lattice-4471!';

describe('redactWithValues', () => {
  it('returns the redacted text and each distinct value it removed, with its kind', () => {
    const input = `GH_TOKEN=${gh}\nDB_PASSWORD=${pw}\nagain ${gh}\n<private>not a value</private>`;
    const r = redactWithValues(input);
    expect(r.text).toBe(redactText(input));
    expect(r.values.slice(0, 2)).toEqual([
      { kind: 'github-token', value: gh },
      { kind: 'password-assignment', value: pw },
    ]);
    expect(new Set(r.values.map((v) => v.value)).size).toBe(r.values.length);
    for (const v of r.values) expect(r.text).not.toContain(v.value);
  });

  it('returns no values for clean text', () => {
    expect(redactWithValues('nothing to see here')).toEqual({ text: 'nothing to see here', values: [] });
  });
});

describe('scrubValues', () => {
  const values = redactWithValues(`token: ${gh}\npassword = "${pw}"`).values;

  it('removes every exact occurrence from another text', () => {
    const model = `Use ${gh} to push; the DB password ${pw} stays in .env. Again: ${gh}.`;
    const out = scrubValues(model, values);
    expect(out).not.toContain(gh);
    expect(out).not.toContain(pw);
    expect(out).toBe('Use [REDACTED:github-token] to push; the DB password [REDACTED:password-assignment] stays in .env. Again: [REDACTED:github-token].');
  });

  it.each([
    ['URL-encoded', encodeURIComponent(pw)],
    ['form-encoded', encodeURIComponent(`${pw} x`).replace(/%20/g, '+')],
    ['JSON-escaped', JSON.stringify(`a"${pw}`).slice(1, -1)],
    ['base64', Buffer.from(pw).toString('base64')],
    ['base64url', Buffer.from(pw).toString('base64url')],
  ])('removes the %s spelling', (_name, spelled) => {
    const vals = redactWithValues(`password = "${pw}"\npassword2 = "a\\"${pw}"\npassword3 = "${pw} x"`).values;
    expect(scrubValues(`echo ${spelled} done`, vals)).not.toContain(spelled.includes(pw) ? pw : spelled);
  });

  it('leaves text without the values untouched, and skips values too short to match safely', () => {
    expect(scrubValues('ordinary output', values)).toBe('ordinary output');
    const short = [{ kind: 'password-assignment', value: 'ab1' }];
    expect('ab1'.length).toBeLessThan(MIN_SCRUB_LENGTH);
    expect(scrubValues('tab1 lab1', short)).toBe('tab1 lab1');
  });

  it('prefers the longer value where two overlap, and is idempotent', () => {
    const vals = [
      { kind: 'secret-assignment', value: 'abcd1234' },
      { kind: 'password-assignment', value: 'abcd1234efgh' },
    ];
    const once = scrubValues('x abcd1234efgh y abcd1234 z', vals);
    expect(once).toBe('x [REDACTED:password-assignment] y [REDACTED:secret-assignment] z');
    expect(scrubValues(once, vals)).toBe(once);
  });

  it('scrubs every planted secret a model could echo back', () => {
    const input = PLANTED_SECRETS.map((p) => p.text).join('\n\n');
    const { values } = redactWithValues(input);
    const echoed = PLANTED_SECRETS.map((p, i) => `note ${i}: the value was ${p.secret}`).join('\n');
    const out = scrubValues(echoed, values);
    for (const p of PLANTED_SECRETS) expect(out, p.kind).not.toContain(p.secret);
  });
});
