import { describe, expect, it } from 'vitest';
import { hotRoute } from '../../src/bin/route.js';

describe('hotRoute', () => {
  it.each([
    [['hook', 'session-start'], 'hook-start'],
    [['hook', 'session-start', '--plugin'], 'hook-start'],
    [['hook', 'user-prompt-submit', '--plugin'], 'hook'],
    [['hook'], 'hook'],
    [['hook', '--help'], undefined],
    [['git-hook', 'post-merge'], 'git-hook'],
    [['git-hook', '--help'], undefined],
    [['git-hook', 'post-merge', 'extra'], undefined],
    [['search', 'pnpm lockfile'], 'fast'],
    [['context', '--json'], 'fast'],
    [['index'], 'fast'],
    [['index', '--json'], 'fast'],
    [['refresh'], undefined],
    [['mcp'], undefined],
    [[], undefined],
  ])('%j goes to %s', (argv, route) => {
    expect(hotRoute(argv)).toBe(route);
  });
});
