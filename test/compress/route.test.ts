import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { chooseRoute, normalizeRoutes, type RouteFacts } from '../../src/compress/route.js';
import { candidateDirs, findClaudeBinary } from '../../src/compress/find-claude.js';
import { removeScratch, scratchDir } from './compress-repo.js';

afterAll(removeScratch);

const base: RouteFacts = {
  routes: ['sdk', 'claude', 'extractive'],
  useLlm: true,
  hasApiCredential: false,
  apiKeyEnv: 'ANTHROPIC_API_KEY',
  claudeBinary: false,
  nested: false,
};
const noKey = 'no API key in ANTHROPIC_API_KEY or ANTHROPIC_AUTH_TOKEN';

describe('choosing the compression route', () => {
  // [what, facts, route, reason]
  const table: Array<[string, Partial<RouteFacts>, string, string | undefined]> = [
    ['a key wins by default', { hasApiCredential: true, claudeBinary: true }, 'sdk', undefined],
    ['no key, claude on PATH: the subscription route', { claudeBinary: true }, 'claude', undefined],
    ['neither: extractive, saying why', {}, 'extractive', `${noKey}; no claude binary on PATH`],
    ['model switched off beats everything', { useLlm: false, hasApiCredential: true, claudeBinary: true }, 'extractive', 'model disabled in config'],
    ['config puts claude first', { routes: ['claude', 'sdk', 'extractive'], hasApiCredential: true, claudeBinary: true }, 'claude', undefined],
    ['config puts claude first, none on PATH: the key still works', { routes: ['claude', 'sdk'], hasApiCredential: true }, 'sdk', undefined],
    ['config allows the SDK only', { routes: ['sdk', 'extractive'], claudeBinary: true }, 'extractive', noKey],
    [
      'config allows extractive only',
      { routes: ['extractive'], hasApiCredential: true, claudeBinary: true },
      'extractive',
      'only the extractive route is configured',
    ],
    [
      'extractive listed before the model routes stops the search',
      { routes: ['extractive', 'sdk'], hasApiCredential: true },
      'extractive',
      'extractive route comes first in config',
    ],
    [
      'inside a nested run claude is never started again',
      { claudeBinary: true, nested: true },
      'extractive',
      `${noKey}; already inside a nested compression run`,
    ],
    ['inside a nested run a key still works', { hasApiCredential: true, claudeBinary: true, nested: true }, 'sdk', undefined],
  ];
  it.each(table)('%s', (_what, facts, route, reason) => {
    expect(chooseRoute({ ...base, ...facts })).toEqual(reason === undefined ? { route } : { route, reason });
  });

  it.each([
    [undefined, ['sdk', 'claude', 'extractive']],
    [['claude'], ['claude']],
    [
      [' Claude ', 'sdk', 'claude', 'bogus', 3],
      ['claude', 'sdk'],
    ],
    [[], ['sdk', 'claude', 'extractive']],
    [{ sdk: true }, ['sdk', 'claude', 'extractive']],
    ['claude', ['sdk', 'claude', 'extractive']],
  ])('normalises the configured order %j', (value, expected) => {
    expect(normalizeRoutes(value)).toEqual(expected);
  });
});

describe("finding the user's claude", () => {
  const root = '/home/dev/repo';
  const at =
    (...files: string[]) =>
    (file: string) =>
      files.includes(file);

  it.each([
    ['first on PATH', { PATH: '/usr/local/bin:/opt/claude/bin' }, at('/opt/claude/bin/claude', '/usr/local/bin/claude'), '/usr/local/bin/claude'],
    [
      'relative PATH entries are skipped',
      { PATH: '.:bin::/usr/bin' },
      at('/home/dev/repo/claude', '/home/dev/repo/bin/claude', '/usr/bin/claude'),
      '/usr/bin/claude',
    ],
    [
      'folders inside the repository are skipped',
      { PATH: '/home/dev/repo/node_modules/.bin:/usr/bin' },
      at('/home/dev/repo/node_modules/.bin/claude'),
      undefined,
    ],
    ['the local install under HOME', { PATH: '/usr/bin', HOME: '/home/dev' }, at('/home/dev/.claude/local/claude'), '/home/dev/.claude/local/claude'],
    ['the user may name it', { PATH: '/usr/bin', CLAUDE_MEMORY_CLAUDE_BIN: '/opt/c/claude' }, at('/opt/c/claude', '/usr/bin/claude'), '/opt/c/claude'],
    ['or turn the route off', { PATH: '/usr/bin', CLAUDE_MEMORY_CLAUDE_BIN: 'off' }, at('/usr/bin/claude'), undefined],
    ['a named binary inside the repository is refused', { CLAUDE_MEMORY_CLAUDE_BIN: '/home/dev/repo/claude' }, at('/home/dev/repo/claude'), undefined],
    ['a relative name is refused', { CLAUDE_MEMORY_CLAUDE_BIN: 'claude', PATH: '/usr/bin' }, at('/usr/bin/claude'), undefined],
    ['nothing anywhere', { PATH: '/usr/bin' }, at(), undefined],
  ])('%s', (_what, env, exists, expected) => {
    expect(findClaudeBinary(env as NodeJS.ProcessEnv, root, exists)).toBe(expected);
  });

  it('skips a PATH link that leads back into the repository, and finds a real executable', () => {
    const repo = scratchDir();
    const outside = scratchDir();
    fs.mkdirSync(path.join(repo, 'bin'));
    fs.writeFileSync(path.join(repo, 'bin', 'claude'), '#!/bin/sh\n', { mode: 0o755 });
    fs.symlinkSync(path.join(repo, 'bin'), path.join(outside, 'linked'));
    fs.mkdirSync(path.join(outside, 'real'));
    fs.writeFileSync(path.join(outside, 'real', 'claude'), '#!/bin/sh\n', { mode: 0o755 });
    fs.writeFileSync(path.join(outside, 'claude'), 'not executable', { mode: 0o644 });
    const env = { PATH: [path.join(outside, 'linked'), outside, path.join(outside, 'real')].join(path.delimiter) };
    expect(findClaudeBinary(env, repo)).toBe(path.join(outside, 'real', 'claude'));
    expect(candidateDirs({ PATH: `${repo}/x:/usr/bin` }, repo)).toEqual(['/usr/bin']);
  });
});
