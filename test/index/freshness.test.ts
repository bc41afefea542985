import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CACHE_FORMAT, cacheLayout } from '../../src/cache/layout.js';
import { memoryPaths } from '../../src/core/paths.js';
import { ensureFresh } from '../../src/index/ensure-fresh.js';
import { freshness, looksFresh } from '../../src/index/freshness.js';
import { VERIFY_INTERVAL_MS, verificationDue, verifyNotesLater } from '../../src/index/verify-later.js';
import { refresh } from '../../src/index/refresh.js';
import { git, runCliSync, tempRepo, writeFile } from '../helpers/temp-repo.js';

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

describe('looksFresh', () => {
  it('is false after a new note, an edit in place, a config change or garbage, and true after refresh', () => {
    const root = repo();
    const p = memoryPaths(root);
    expect(looksFresh(p)).toBe(false);
    refresh(root, { mode: 'quick' });
    expect(looksFresh(p)).toBe(true);
    // Twice: the second answer comes from the stamp, not the manifest.
    expect(looksFresh(p)).toBe(true);

    writeFile(root, '.claude-memory/notes/build/npm-never.md', '---\ntitle: Never npm\ntype: convention\n---\nx\n');
    expect(looksFresh(p)).toBe(false);
    refresh(root, { mode: 'quick' });
    expect(looksFresh(p)).toBe(true);

    const note = path.join(root, '.claude-memory/notes/build/pnpm.md');
    fs.writeFileSync(note, fs.readFileSync(note, 'utf8').replace('pnpm-lock', 'the pnpm-lock'));
    expect(looksFresh(p)).toBe(false);
    refresh(root, { mode: 'quick' });

    fs.writeFileSync(p.configFile, JSON.stringify({ contextBudgetTokens: 800 }));
    fs.utimesSync(p.configFile, new Date(), new Date(Date.now() + 5_000));
    expect(looksFresh(p)).toBe(false);
    refresh(root, { mode: 'quick' });
    expect(looksFresh(p)).toBe(true);

    fs.writeFileSync(cacheLayout(root).manifest, '{garbage');
    expect(looksFresh(p)).toBe(false);
    fs.rmSync(cacheLayout(root).manifest);
    expect(looksFresh(p)).toBe(false);
  });

  it('takes files of an older cache format as stale, even where the quick check trusts folder times', () => {
    const root = repo();
    const p = memoryPaths(root);
    refresh(root, { mode: 'quick' });
    const { manifest, freshStamp } = cacheLayout(root);
    const stamp = JSON.parse(fs.readFileSync(freshStamp, 'utf8')) as { format: number; noteCount: number };
    // As many notes as a corpus past QUICK_CHECK_MIN_NOTES, so only the stamp decides.
    fs.writeFileSync(freshStamp, JSON.stringify({ ...stamp, noteCount: 5_000 }));
    expect(looksFresh(p)).toBe(true);
    // What an older version left: its manifest, and a stamp that vouches for exactly that manifest.
    fs.writeFileSync(manifest, fs.readFileSync(manifest, 'utf8').replace(`"format":${CACHE_FORMAT}`, `"format":${CACHE_FORMAT - 1}`));
    const stat = fs.statSync(manifest);
    fs.writeFileSync(freshStamp, JSON.stringify({ ...stamp, manifest: `${stat.mtimeMs}:${stat.size}`, noteCount: 5_000, format: CACHE_FORMAT - 1 }));
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
  });
});

describe('ensureFresh', () => {
  it('refreshes a stale index and then finds it fresh', async () => {
    const root = repo();
    expect(await ensureFresh(root)).toBe('rebuilt');
    expect(fs.readFileSync(memoryPaths(root).indexFile, 'utf8')).toContain('Builds run with pnpm');
    expect(await ensureFresh(root)).toBe('fresh');
  });

  it('reads what is there while another process holds the refresh lock', async () => {
    const root = repo();
    fs.mkdirSync(cacheLayout(root).dir, { recursive: true });
    fs.writeFileSync(cacheLayout(root).refreshLock, `${process.pid}\n`);
    expect(await ensureFresh(root)).toBe('busy');
  });
});

/** A corpus past QUICK_CHECK_MIN_NOTES as far as the quick check knows: the stamp's count is all it reads. */
function pretendLarge(root: string): void {
  const { freshStamp } = cacheLayout(root);
  fs.writeFileSync(freshStamp, JSON.stringify({ ...JSON.parse(fs.readFileSync(freshStamp, 'utf8')), noteCount: 5_000 }));
}

describe('edits in place in a large corpus', () => {
  it('the quick check says "folders" where it trusted folder times, the full check states the notes', () => {
    const root = repo();
    const p = memoryPaths(root);
    refresh(root, { mode: 'quick' });
    expect(freshness(p, 'quick')).toBe('fresh');
    pretendLarge(root);
    expect(freshness(p, 'quick')).toBe('folders');
    const note = path.join(root, '.claude-memory/notes/build/pnpm.md');
    fs.writeFileSync(note, fs.readFileSync(note, 'utf8').replace('pnpm-lock', 'the pnpm-lock'));
    expect(freshness(p, 'quick')).toBe('folders');
    expect(freshness(p, 'full')).toBe('stale');
  });

  it("trusts git's state and the notes folder; a commit, pull or checkout makes it state every folder again", () => {
    const root = repo();
    const p = memoryPaths(root);
    git(root, 'add', '-A');
    git(root, 'commit', '-qm', 'notes');
    refresh(root, { mode: 'quick' });
    pretendLarge(root);
    // A note written by hand into a topic that exists: no git command, no change to the notes folder itself.
    writeFile(root, '.claude-memory/notes/build/by-hand.md', '---\ntitle: By hand\ntype: fact\n---\nx\n');
    expect(freshness(p, 'quick')).toBe('folders');
    expect(freshness(p, 'full')).toBe('stale');
    git(root, 'add', '-A');
    git(root, 'commit', '-qm', 'by hand');
    expect(freshness(p, 'quick')).toBe('stale');
  });

  it.each([
    [0, 1_000_000, true],
    [1_000_000 - 1, 1_000_000, false],
    [1_000_000 - VERIFY_INTERVAL_MS, 1_000_000, true],
    [1_000_000 + 60_000, 1_000_000, true],
  ])('a verification last started at %d is due at %d: %s', (last, now, due) => {
    expect(verificationDue(last, now)).toBe(due);
  });

  it('search starts a background check that refreshes the edited note, once per interval', async () => {
    const root = repo();
    refresh(root, { mode: 'quick' });
    pretendLarge(root);
    const note = path.join(root, '.claude-memory/notes/build/pnpm.md');
    fs.writeFileSync(note, fs.readFileSync(note, 'utf8').replace('pnpm-lock', 'zanzibarquux pnpm-lock'));
    const search = () => runCliSync(root, ['search', 'zanzibarquux'], { env: { CLAUDE_MEMORY_EMBEDDINGS: 'off' } }).stdout;
    // This search trusted folder times: it answers from the index as it was, and leaves the check running.
    expect(search()).not.toContain('Builds run with pnpm');
    const stamp = cacheLayout(root).notesVerified;
    const started = fs.statSync(stamp).mtimeMs;
    const deadline = Date.now() + 30_000;
    let seen = '';
    while (!seen.includes('Builds run with pnpm') && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      seen = search();
    }
    expect(seen).toContain('Builds run with pnpm');
    // Within the interval nothing starts another one.
    verifyNotesLater(root, started + 1);
    expect(fs.statSync(stamp).mtimeMs).toBe(started);
  });
});
