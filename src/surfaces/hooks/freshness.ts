import fs from 'node:fs';
import path from 'node:path';
import { memoryPaths, type MemoryPaths } from '../../core/paths.js';

/**
 * A cheap answer to "is the derived index current?" for the hooks. `src/index/refresh.ts` decides for real, but
 * loading it costs about 70 ms (gray-matter, js-yaml, unified/remark), as much as a hook's whole budget. This
 * mirrors its `looksStale` with nothing but `fs`, and only loads refresh when the answer may be yes. It errs on
 * the side of "stale": a mismatch costs one import, never a stale index.
 */

/** Kept equal to the values in src/index/refresh.ts (test/surfaces/hooks/freshness.test.ts checks they agree). */
export const CACHE_FORMAT = 301;
export const QUICK_CHECK_MIN_NOTES = 2000;
const manifestFile = (p: MemoryPaths) => path.join(p.cacheDir, 'manifest.json');

/** What the check needs from the manifest, kept in a small stamp so the hot path need not parse the whole file. */
interface View {
  /** Time and size of the manifest this view was read from. */
  manifest: string;
  configMtimeMs: number;
  dirs: Record<string, number>;
  noteCount: number;
}

const stampFile = (p: MemoryPaths) => path.join(p.cacheDir, 'hooks-fresh.json');
const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

function mtime(file: string): number {
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

function readManifest(p: MemoryPaths): Record<string, unknown> | undefined {
  try {
    const value = JSON.parse(fs.readFileSync(manifestFile(p), 'utf8')) as unknown;
    return isRecord(value) && value.format === CACHE_FORMAT && isRecord(value.dirs) && isRecord(value.files) ? value : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The manifest's view: from the stamp when the manifest has not been rewritten since (the manifest is about 100
 * bytes a note, 1 MB at 10,000 notes, and parsing it costs 15 ms or more), else from the manifest itself.
 */
function currentView(p: MemoryPaths): { view?: View; manifest?: Record<string, unknown> } {
  const key = statKey(manifestFile(p));
  if (!key) return {};
  try {
    const stamp = JSON.parse(fs.readFileSync(stampFile(p), 'utf8')) as View;
    if (isRecord(stamp) && stamp.manifest === key && isRecord(stamp.dirs) && typeof stamp.noteCount === 'number') return { view: stamp };
  } catch {
    // no stamp yet, or garbage: read the manifest
  }
  const manifest = readManifest(p);
  if (!manifest || typeof manifest.configMtimeMs !== 'number' || typeof manifest.noteCount !== 'number') return {};
  const view: View = { manifest: key, configMtimeMs: manifest.configMtimeMs, dirs: manifest.dirs as Record<string, number>, noteCount: manifest.noteCount };
  try {
    const tmp = `${stampFile(p)}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, JSON.stringify(view));
    fs.renameSync(tmp, stampFile(p));
  } catch {
    // read-only cache: the next run parses the manifest again
  }
  return { view, manifest };
}

/** True only when every check refresh's quick mode makes passes. */
export function looksFresh(p: MemoryPaths): boolean {
  const { view, manifest } = currentView(p);
  if (!view) return false;
  if (view.configMtimeMs !== mtime(p.configFile) || !fs.existsSync(p.indexFile)) return false;
  // A file added, removed or renamed anywhere changes its folder's time, and a new folder changes its parent's:
  // stating the recorded folders finds every such change without listing them.
  const dirs = Object.entries(view.dirs);
  if (!dirs.length) return false;
  for (const [rel, recorded] of dirs) if (mtime(path.join(p.root, rel)) !== recorded) return false;
  if (view.noteCount >= QUICK_CHECK_MIN_NOTES) return true;
  // Small corpora: refresh also compares every note's time and size (an edit in place changes no folder).
  const files = (manifest ?? readManifest(p))?.files;
  if (!isRecord(files)) return false;
  for (const [rel, value] of Object.entries(files)) {
    if (!Array.isArray(value)) return false;
    try {
      const stat = fs.statSync(path.join(p.root, rel));
      if (stat.mtimeMs !== value[0] || stat.size !== value[1]) return false;
    } catch {
      return false;
    }
  }
  return true;
}

export type Freshness = 'fresh' | 'refreshed' | 'busy';

/**
 * Make the index current before a hook reads it: a teammate's `git pull` shows up without a command. Never waits
 * for another process's refresh: when one is running the hook reads what is there.
 */
export async function ensureFresh(root: string): Promise<Freshness> {
  const p = memoryPaths(root);
  if (looksFresh(p)) return 'fresh';
  const { refresh } = await import('../../index/refresh.js');
  const result = refresh(root, { mode: 'quick', lockTimeoutMs: 0 });
  return result.status === 'busy' ? 'busy' : 'refreshed';
}
