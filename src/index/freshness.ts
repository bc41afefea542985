import fs from 'node:fs';
import path from 'node:path';
import { writeDerivedFile } from '../store/atomic.js';
import { gitStateKey } from '../core/git-files.js';
import { toRepoPath, type MemoryPaths } from '../core/paths.js';
import { CACHE_FORMAT, cacheLayout } from '../cache/layout.js';
import { readCacheFile } from '../cache/read.js';
import type { FreshStamp, Manifest } from '../cache/schemas.js';

/**
 * "Is the derived index current?", answered with nothing but `fs` so the hot path (hooks, `search`, `context`)
 * can ask it without loading the note parser and remark (about 70 ms, a hook's whole budget). `ensure-fresh.ts`
 * imports `refresh.ts`, which does load them, only when the answer is no; both use this one check.
 */

/**
 * Past this many notes the hot path trusts folder times instead of stating every note. Stating a note and checking
 * its manifest entry cost about 7 µs together early in a process: at 1,000 notes that was 10 ms of session start's
 * 20 ms headroom (1.54–1.68× `node -e 0` on the five corpus shapes), so only a small corpus is checked note by note.
 */
export const QUICK_CHECK_MIN_NOTES = 200;

const manifestFile = (p: MemoryPaths) => cacheLayout(p.root).manifest;
const stampFile = (p: MemoryPaths) => cacheLayout(p.root).freshStamp;

/** The part of the manifest the quick check needs: a few hundred bytes where the manifest is 1 MB at 10k notes. */
export interface FreshnessView {
  configMtimeMs: number;
  dirs: Record<string, number>;
  noteCount: number;
  gitState?: string;
}

export function mtime(file: string): number {
  try {
    return fs.statSync(file).mtimeMs;
  } catch {
    return 0;
  }
}

function statKey(file: string): string | undefined {
  try {
    const stat = fs.statSync(file);
    return `${stat.mtimeMs}:${stat.size}`;
  } catch {
    return undefined;
  }
}

/** The manifest as the last refresh wrote it, or undefined when it is missing, malformed or of another format. */
export function readManifest(p: MemoryPaths): Manifest | undefined {
  const file = manifestFile(p);
  // The freshness check and the refresh after it both need the manifest (a megabyte at 10,000 notes): parse it once
  // per process while its time and size say it is the same file.
  let key: string | undefined;
  try {
    const stat = fs.statSync(file, { bigint: true });
    key = `${stat.mtimeNs}:${stat.size}:${stat.ino}`;
  } catch {
    return undefined;
  }
  const known = lastManifest.get(file);
  if (key && known?.key === key) return known.manifest;
  const manifest = readCacheFile(file, 'manifest');
  const current = manifest?.format === CACHE_FORMAT ? manifest : undefined;
  if (key && current) lastManifest.set(file, { key, manifest: current });
  return current;
}

const lastManifest = new Map<string, { key: string; manifest: Manifest }>();

/** Written by refresh right after the manifest, so the hot path reads the stamp instead of the manifest. */
export function writeFreshnessStamp(p: MemoryPaths, view: FreshnessView, gitState = gitStateKey(p.root, undefined)): void {
  const key = statKey(manifestFile(p));
  if (!key) return;
  const stamp: FreshStamp = { format: CACHE_FORMAT, manifest: key, configMtimeMs: view.configMtimeMs, dirs: view.dirs, noteCount: view.noteCount, gitState };
  try {
    writeDerivedFile(stampFile(p), JSON.stringify(stamp));
  } catch {
    // read-only cache: the next check reads the manifest instead
  }
}

function currentView(p: MemoryPaths): FreshnessView | undefined {
  const key = statKey(manifestFile(p));
  if (!key) return undefined;
  // No stamp, garbage, or the stamp of another manifest: the manifest decides.
  const stamp = readCacheFile(stampFile(p), 'freshStamp');
  if (stamp?.format === CACHE_FORMAT && stamp.manifest === key) return stamp;
  const manifest = readManifest(p);
  if (manifest) writeFreshnessStamp(p, manifest);
  return manifest;
}

/** Modification times of the notes folder and every folder below it. */
export function dirTimes(p: MemoryPaths): Record<string, number> {
  const out: Record<string, number> = {};
  const walk = (dir: string, depth: number) => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
      out[path.relative(p.root, dir).split(path.sep).join('/')] = fs.statSync(dir).mtimeMs;
    } catch {
      return;
    }
    if (depth > 12) return;
    for (const entry of entries) if (entry.isDirectory() && !entry.name.startsWith('.')) walk(path.join(dir, entry.name), depth + 1);
  };
  walk(p.notesDir, 0);
  return out;
}

/**
 * How current the derived files are: 'stale', 'fresh' (every note's time and size checked), or 'folders' (fresh as
 * far as folder times tell: 'quick' mode past QUICK_CHECK_MIN_NOTES). Git, the tool and most editors replace a file,
 * which changes its folder's time; an edit in place (VS Code, Claude's own edit tool) does not, and in a large corpus
 * stating every note costs more than a hook's budget (about 3 µs a note: 30 ms at 10,000), so 'folders' leaves that
 * check to a background run (index/verify-later.ts). Errs on the side of "stale".
 */
export type Freshness = 'stale' | 'folders' | 'fresh';

export function freshness(p: MemoryPaths, mode: 'quick' | 'full' = 'quick'): Freshness {
  const view = currentView(p);
  if (!view) return 'stale';
  if (view.configMtimeMs !== mtime(p.configFile) || !fs.existsSync(p.indexFile)) return 'stale';
  // A file added, removed or renamed anywhere changes its folder's time, and a new folder changes its parent's:
  // stating the recorded folders finds every such change without listing them.
  const dirs = Object.entries(view.dirs);
  if (!dirs.length) return 'stale';
  const large = mode === 'quick' && view.noteCount >= QUICK_CHECK_MIN_NOTES;
  // A large corpus: when git's state is the one the index was made in (no pull, checkout, merge or commit since) and
  // the notes folder's own time is too, trust them; stating a folder costs about 11 µs early in a process, 7 ms for
  // the 600 topic folders of a large team. What no git command brought (a note written by hand into an existing
  // topic) the background check finds, as it finds edits in place.
  const gitState = large ? gitStateKey(p.root, undefined) : undefined;
  if (gitState !== undefined && gitState === view.gitState && mtime(p.notesDir) === view.dirs[toRepoPath(p.root, p.notesDir)]) return 'folders';
  for (const [rel, recorded] of dirs) if (mtime(path.join(p.root, rel)) !== recorded) return 'stale';
  if (large) {
    // Still current after git's state moved (a `git status` rewrites the index): note the new state for next time.
    if (gitState !== view.gitState) writeFreshnessStamp(p, view, gitState);
    return 'folders';
  }
  // An edit in place changes no folder: compare every note's time and size.
  const files = readManifest(p)?.files;
  if (!files) return 'stale';
  for (const [rel, value] of Object.entries(files)) {
    try {
      const stat = fs.statSync(path.join(p.root, rel));
      if (stat.mtimeMs !== value[0] || stat.size !== value[1]) return 'stale';
    } catch {
      return 'stale';
    }
  }
  return 'fresh';
}

/** True unless the derived files are stale (see freshness). */
export function looksFresh(p: MemoryPaths, mode: 'quick' | 'full' = 'quick'): boolean {
  return freshness(p, mode) !== 'stale';
}
