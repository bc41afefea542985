import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ToolInputError, checkNoteId, checkRepoFile, decodeRepeatedly } from '../../../src/surfaces/mcp/input.js';

describe('checkNoteId', () => {
  it('accepts the ids the store makes and hand-written file names', () => {
    for (const id of ['jwt-rs256-k3f9', 'auth-signs-jwt-with-rs256-9hpvt6xj', 'README_2', 'v1.2-notes']) expect(checkNoteId(id)).toBe(id);
    expect(checkNoteId('  jwt-rs256-k3f9 ')).toBe('jwt-rs256-k3f9');
    expect(checkNoteId('jwt%2Drs256-k3f9')).toBe('jwt-rs256-k3f9');
  });

  it.each([
    ['../secret', 'slashes'],
    ['..\\secret', 'slashes'],
    ['/etc/passwd', 'slashes'],
    ['%2e%2e%2fsecret', 'slashes'],
    ['%252e%252e%252fsecret', 'slashes'],
    ['%25252e%25252e%25252f', 'slashes'],
    ['..', '".."'],
    ['a..b', '".."'],
    ['C:secret', 'ids are not paths'],
    ['nul\u0000byte', 'NUL'],
    ['%00', 'NUL'],
    ['', 'empty'],
    ['%', 'malformed URL encoding'],
    ['x'.repeat(129), 'longer than 128'],
    ['.hidden', 'only letters'],
    ['id with spaces', 'only letters'],
    ['%2525252525252e', 'encoded too many times'],
  ])('refuses %j (%s)', (id, why) => {
    expect(() => checkNoteId(id)).toThrow(ToolInputError);
    expect(() => checkNoteId(id)).toThrow(why);
  });

  it('decodes until the text stops changing', () => {
    expect(decodeRepeatedly('%25252e')).toBe('.');
    expect(decodeRepeatedly('plain')).toBe('plain');
  });
});

describe('checkRepoFile', () => {
  const root = path.resolve('/repo');
  it('gives repository-relative paths with forward slashes', () => {
    expect(checkRepoFile(root, 'src/a.ts')).toBe('src/a.ts');
    expect(checkRepoFile(root, './src//a.ts')).toBe('src/a.ts');
    expect(checkRepoFile(root, 'src\\a.ts')).toBe('src/a.ts');
    expect(checkRepoFile(root, path.join(root, 'src', 'a.ts'))).toBe('src/a.ts');
    expect(checkRepoFile(root, 'src/../lib/b.ts')).toBe('lib/b.ts');
  });

  it.each(['../outside.ts', '/etc/passwd', 'src/../../x', '', '.', 'a\u0000b', 'x'.repeat(401)])('refuses %j', (file) => {
    expect(() => checkRepoFile(root, file)).toThrow(ToolInputError);
  });
});
