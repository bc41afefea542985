import { describe, expect, it } from 'vitest';
import { redactValue } from '../../../src/core/redact/index.js';

describe('redactValue', () => {
  const gh = 'gh' + 'p_' + 'Zx9'.repeat(12);

  it('redacts every string in nested objects and arrays without mutating the input', () => {
    const input = {
      level: 'info',
      count: 3,
      ok: true,
      nothing: null,
      nested: { cmd: `git push https://${gh}@github.com/a/b`, list: ['fine', `token=${gh}`, { deep: [gh] }] },
    };
    const snapshot = JSON.stringify(input);
    const out = redactValue(input);
    expect(JSON.stringify(input)).toBe(snapshot);
    expect(JSON.stringify(out)).not.toContain(gh);
    expect(out.count).toBe(3);
    expect(out.ok).toBe(true);
    expect(out.nothing).toBeNull();
    expect(out.nested.list[0]).toBe('fine');
    expect(out.nested.cmd).toBe('git push https://[REDACTED:github-token]@github.com/a/b');
  });

  it('uses the key name for bare strings under secret-like keys', () => {
    const out = redactValue({
      password: 'hunter2',
      env: { DB_PASSWORD: 'correct horse', ANTHROPIC_API_KEY: 'not-obviously-a-key', HOME: '/home/u' },
      token_type: 'bearer',
      max_tokens: 100,
      secretRef: '$VAULT_SECRET',
      tokens: ['a', 'b'],
    });
    expect(out.password).toBe('[REDACTED:password-assignment]');
    expect(out.env.DB_PASSWORD).toBe('[REDACTED:password-assignment]');
    expect(out.env.ANTHROPIC_API_KEY).toBe('[REDACTED:secret-assignment]');
    expect(out.env.HOME).toBe('/home/u');
    expect(out.token_type).toBe('bearer');
    expect(out.max_tokens).toBe(100);
    expect(out.secretRef).toBe('$VAULT_SECRET');
    expect(out.tokens).toEqual(['a', 'b']);
  });

  it('redacts keys, strips private spans, copies errors and keeps cycles and class instances', () => {
    const when = new Date(0);
    const err = new Error(`fetch failed for https://bob:s3cretpw@api.test/x`);
    const cyclic: Record<string, unknown> = { name: 'loop' };
    cyclic.self = cyclic;
    const out = redactValue({
      [gh]: 1,
      note: 'a <private>hidden</private> b',
      when,
      err,
      cyclic,
      proto: JSON.parse('{"__proto__": {"polluted": "yes"}}') as unknown,
    });
    expect(Object.keys(out)).toContain('[REDACTED:github-token]');
    expect(Object.keys(out)).not.toContain(gh);
    expect(out.note).toBe('a  b');
    expect(out.when).toBe(when);
    expect(out.err).toBeInstanceOf(Error);
    expect(out.err.message).toBe('fetch failed for https://bob:[REDACTED:url-password]@api.test/x');
    expect(String(out.err.stack)).not.toContain('s3cretpw');
    expect(err.message).toContain('s3cretpw');
    expect(out.cyclic.self).toBe(out.cyclic);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getPrototypeOf(out.proto)).toBe(Object.prototype);
  });

  it('is idempotent and leaves primitives alone', () => {
    const once = redactValue({ a: `TOKEN=${gh}`, password: 'x1' });
    expect(redactValue(once)).toEqual(once);
    expect(redactValue(42)).toBe(42);
    expect(redactValue(undefined)).toBeUndefined();
    expect(redactValue(`key ${gh}`)).toBe('key [REDACTED:github-token]');
  });
});
