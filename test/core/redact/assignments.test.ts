import { describe, expect, it } from 'vitest';
import { redact } from '../../../src/core/redact/index.js';
import { HANG_TEST_TIMEOUT_MS, redactInWorker } from '../../helpers/hang-guard.js';

describe('redacts only the value', () => {
  it.each([
    ['DB_PASSWORD=hunter2', 'DB_PASSWORD=[REDACTED:password-assignment]'],
    ['  DB_PASS: hunter2 # rotate me', '  DB_PASS: [REDACTED:password-assignment]'],
    ['api_key = "abc123def456"', 'api_key = "[REDACTED:secret-assignment]"'],
    ['{"password":"p@ss w0rd","user":"bob"}', '{"password":"[REDACTED:password-assignment]","user":"bob"}'],
    ['psql postgres://bob:s3cret@db:5432/app', 'psql postgres://bob:[REDACTED:url-password]@db:5432/app'],
    ['Authorization: Bearer abc.def-123', 'Authorization: Bearer [REDACTED:authorization-header]'],
    ['curl -u alice:pa55word https://x.test', 'curl -u alice:[REDACTED:cli-credential] https://x.test'],
    ['login --password hunter2 --user bob', 'login --password [REDACTED:password-assignment] --user bob'],
    ['?user=bob&token=abc123&page=2', '?user=bob&token=[REDACTED:secret-assignment]&page=2'],
    ['Password=abc123;Server=db', 'Password=[REDACTED:password-assignment];Server=db'],
    ['export CLIENT_SECRET="x1y2z3"', 'export CLIENT_SECRET="[REDACTED:secret-assignment]"'],
    ['<password>hunter2</password>', '<password>[REDACTED:password-assignment]</password>'],
    ['DB_PASSWORD=$ecretPa55', 'DB_PASSWORD=[REDACTED:password-assignment]'],
    ['password: "$ecretPa55"', 'password: "[REDACTED:password-assignment]"'],
  ])('%s', (input, expected) => {
    expect(redact(input).text).toBe(expected);
  });
});

describe('assignments behind a label on the same line', () => {
  it.each([
    ['Use this: DB_PASSWORD=hunter82x', 'hunter82x'],
    ['Use this: APP_SECRET=hunter82', 'hunter82'],
    ['he said: api_key = "k9d8s7a6s5d4"', 'k9d8s7a6s5d4'],
    ['note: then: finally: PGPASSWORD=s3cr3tValue9', 's3cr3tValue9'],
  ])('%j loses its secret', (line, secret) => {
    expect(redact(line).text).not.toContain(secret);
  });

  it('finishes on a long chain of labels, and leaves it as it was', { timeout: HANG_TEST_TIMEOUT_MS }, async () => {
    const text = 'a:'.repeat(1_000_000);
    expect((await redactInWorker('redact', [text])).texts).toEqual([text]);
  });
});
