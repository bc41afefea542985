import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { memoryPaths } from '../../../src/core/paths.js';
import { QUICK_CHECK_MIN_NOTES, looksStale, refresh } from '../../../src/index/refresh.js';
import { SEARCH_FORMAT } from '../../../src/index/text.js';
import * as freshness from '../../../src/surfaces/hooks/freshness.js';

const { ensureFresh, looksFresh } = freshness;
import { tempRepo, writeFile } from '../../helpers/temp-repo.js';

const cleanup: string[] = [];
afterAll(() => {
  for (const dir of cleanup) fs.rmSync(dir, { recursive: true, force: true });
});

function repo(): string {
  const dir = tempRepo({ initMemory: true });
  cleanup.push(dir);
  writeFile(dir, '.claude-memory/notes/build/pnpm.md', '---\ntitle: Builds run with pnpm\ntype: convention\n---\nThe lockfile is pnpm-lock.yaml.\n');
  return dir;
}

/** The hooks' cheap check must never call fresh what refresh itself would call stale. */
function agrees(root: string): boolean {
  const p = memoryPaths(root);
  const manifest = (() => {
    try {
      return JSON.parse(fs.readFileSync(path.join(p.cacheDir, 'manifest.json'), 'utf8'));
    } catch {
      return undefined;
    }
  })();
  return looksFresh(p) === !looksStale(p, manifest, 'quick');
}

describe('looksFresh', () => {
  it('uses the cache format and quick-check threshold refresh uses', () => {
    expect(freshness.CACHE_FORMAT).toBe(SEARCH_FORMAT * 100 + 1);
    expect(freshness.QUICK_CHECK_MIN_NOTES).toBe(QUICK_CHECK_MIN_NOTES);
  });

  it('agrees with refresh after a refresh, a new note, an edit in place, a config change and garbage', () => {
    const root = repo();
    const p = memoryPaths(root);
    expect(looksFresh(p)).toBe(false);
    refresh(root, { mode: 'quick' });
    expect(looksFresh(p)).toBe(true);
    expect(agrees(root)).toBe(true);
    // Twice: the second answer comes from the stamp, not the manifest.
    expect(looksFresh(p)).toBe(true);

    writeFile(root, '.claude-memory/notes/build/npm-never.md', '---\ntitle: Never npm\ntype: convention\n---\nx\n');
    expect(looksFresh(p)).toBe(false);
    expect(agrees(root)).toBe(true);
    refresh(root, { mode: 'quick' });
    expect(looksFresh(p)).toBe(true);

    const note = path.join(root, '.claude-memory/notes/build/pnpm.md');
    fs.writeFileSync(note, fs.readFileSync(note, 'utf8').replace('pnpm-lock', 'the pnpm-lock'));
    expect(looksFresh(p)).toBe(false);
    expect(agrees(root)).toBe(true);
    refresh(root, { mode: 'quick' });

    fs.writeFileSync(p.configFile, JSON.stringify({ contextBudgetTokens: 800 }));
    fs.utimesSync(p.configFile, new Date(), new Date(Date.now() + 5_000));
    expect(looksFresh(p)).toBe(false);
    expect(agrees(root)).toBe(true);
    refresh(root, { mode: 'quick' });
    expect(looksFresh(p)).toBe(true);

    fs.writeFileSync(path.join(p.cacheDir, 'manifest.json'), '{garbage');
    expect(looksFresh(p)).toBe(false);
    fs.rmSync(path.join(p.cacheDir, 'manifest.json'));
    expect(looksFresh(p)).toBe(false);
  });

  it('sees a removed INDEX.md and a new topic folder', () => {
    const root = repo();
    const p = memoryPaths(root);
    refresh(root, { mode: 'quick' });
    fs.rmSync(p.indexFile);
    expect(looksFresh(p)).toBe(false);
    refresh(root, { mode: 'quick' });
    writeFile(root, '.claude-memory/notes/auth/deep/rs256.md', '---\ntitle: RS256\ntype: decision\n---\nx\n');
    expect(looksFresh(p)).toBe(false);
    expect(agrees(root)).toBe(true);
  });
});

describe('ensureFresh', () => {
  it('refreshes a stale index and then finds it fresh', async () => {
    const root = repo();
    expect(await ensureFresh(root)).toBe('refreshed');
    expect(fs.readFileSync(memoryPaths(root).indexFile, 'utf8')).toContain('Builds run with pnpm');
    expect(await ensureFresh(root)).toBe('fresh');
  });

  it('reads what is there while another process holds the refresh lock', async () => {
    const root = repo();
    const p = memoryPaths(root);
    fs.mkdirSync(p.cacheDir, { recursive: true });
    fs.writeFileSync(path.join(p.cacheDir, 'refresh.lock'), `${process.pid}\n`);
    expect(await ensureFresh(root)).toBe('busy');
  });
});
