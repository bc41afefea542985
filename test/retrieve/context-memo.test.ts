import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cacheLayout } from '../../src/cache/layout.js';
import { memoFits, memoKey, readMemo, writeMemo, type ContextMemo } from '../../src/retrieve/context-memo.js';
import { tempDir } from '../helpers/temp-repo.js';

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});

const memo = (over: Partial<ContextMemo> = {}): ContextMemo => ({
  key: 'k',
  lastArrival: 500,
  arrivalsSince: 100,
  text: 't',
  ids: ['a'],
  newShown: 0,
  newTotal: 0,
  ...over,
});

describe('the session-start memo', () => {
  it.each([
    ['same inputs, nothing new then or now', memo(), 'k', 600, true],
    ['another key', memo(), 'other', 600, false],
    ['it listed new notes (the next start must not)', memo({ newTotal: 2, newShown: 2 }), 'k', 600, false],
    ['a note arrived after the last session', memo(), 'k', 400, false],
    ['no session yet: counts from the first index', memo({ arrivalsSince: 500 }), 'k', undefined, true],
    ['no session yet, something arrived since the first index', memo({ arrivalsSince: 100 }), 'k', undefined, false],
    ['nothing there', undefined, 'k', 600, false],
  ])('answers only when it must be the same text: %s', (_name, value, key, lastSessionAt, fits) => {
    expect(memoFits(value, key, lastSessionAt)).toBe(fits);
  });

  it('keys on the candidates, the catalog and the stale flags as files, and on every other input', () => {
    const root = tempDir();
    dirs.push(root);
    const c = cacheLayout(root);
    fs.mkdirSync(c.dir, { recursive: true });
    const inputs = { budgetTokens: 1000, mcp: false, base: 'main', changedNotes: [{ id: 'a', files: ['src/a.ts'] }] };
    const first = memoKey(root, inputs);
    expect(memoKey(root, inputs)).toBe(first);
    const keys = new Set([first]);
    fs.writeFileSync(c.stale, '{}');
    keys.add(memoKey(root, inputs));
    fs.writeFileSync(c.context, '{}');
    keys.add(memoKey(root, inputs));
    fs.writeFileSync(c.catalog, '{}');
    keys.add(memoKey(root, inputs));
    for (const changed of [
      { budgetTokens: 900 },
      { mcp: true },
      { base: 'origin/main' },
      { changedNotes: [] },
      { changedNotes: [{ id: 'a', files: ['src/b.ts'] }] },
    ])
      keys.add(memoKey(root, { ...inputs, ...changed }));
    expect(keys.size).toBe(9);
    writeMemo(root, memo());
    expect(readMemo(root)).toEqual(memo());
    fs.writeFileSync(path.join(c.contextMemo), 'garbage');
    expect(readMemo(root)).toBeUndefined();
  });
});
