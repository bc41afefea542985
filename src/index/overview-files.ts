import fs from 'node:fs';
import { CACHE_FORMAT, cacheLayout } from '../cache/layout.js';
import { readCacheFile } from '../cache/read.js';
import type { CatalogEntry } from '../cache/schemas.js';
import { loadConfig } from '../core/config.js';
import { memoryPaths } from '../core/paths.js';
import type { Problem } from '../core/types.js';
import { writeDerivedFile } from '../store/atomic.js';
import { noteArrivals, readArrivals, writeArrivals, type Arrivals } from './arrivals.js';
import { readManifest } from './freshness.js';
import { buildCandidates, encodeCandidates } from './overview-candidates.js';
import { renderOverview } from './overview.js';
import type { Candidates } from './overview-lines.js';
import { catalogStamp } from './file-notes.js';

/**
 * The files behind the overview: `.cache/context.json` (what session start selects from) and INDEX.md, written
 * whenever the catalog changes (refresh calls `writeSessionOverview`) or the background git work learns authors and
 * commit times (`rewriteSessionOverview`). Session start reads them with overview-read.ts, which comes here only
 * when they are missing or belong to another catalog.
 */

const conflictPaths = (problems: Problem[]) => problems.filter((problem) => problem.code === 'conflict-markers').map((problem) => problem.path);

function writeIfChanged(file: string, content: string): void {
  try {
    if (fs.readFileSync(file, 'utf8') === content) return;
  } catch {
    // not there yet
  }
  writeDerivedFile(file, content);
}

function writeFiles(root: string, entries: CatalogEntry[], arrivals: Arrivals | undefined, conflicts: string[]): Candidates | undefined {
  const stamp = catalogStamp(cacheLayout(root));
  if (!stamp) return undefined;
  const p = memoryPaths(root);
  const { contextBudgetTokens } = loadConfig(p.configFile).config;
  const candidates = buildCandidates(entries, arrivals, { budgetTokens: contextBudgetTokens, catalogStamp: stamp, format: CACHE_FORMAT, conflicts });
  writeDerivedFile(cacheLayout(root).context, JSON.stringify(encodeCandidates(candidates)));
  writeIfChanged(p.indexFile, renderOverview(candidates, contextBudgetTokens));
  return candidates;
}

/**
 * After refresh wrote the catalog (holding the refresh lock): record the notes that arrived, then write the
 * candidates and INDEX.md.
 */
export function writeSessionOverview(root: string, catalog: Record<string, CatalogEntry>, problems: Problem[], now = Date.now()): void {
  const entries = Object.values(catalog);
  const { arrivals, changed } = noteArrivals(
    readArrivals(root),
    entries.map((entry) => entry.id),
    now,
  );
  if (changed) writeArrivals(root, arrivals);
  writeFiles(root, entries, arrivals, conflictPaths(problems));
}

/** The candidates and INDEX.md again, from the catalog as it is (after the arrivals learnt authors). */
export function rewriteSessionOverview(root: string): Candidates | undefined {
  const catalog = readCacheFile(cacheLayout(root).catalog, 'catalog');
  if (!catalog) return undefined;
  return writeFiles(root, Object.values(catalog), readArrivals(root), conflictPaths(readManifest(memoryPaths(root))?.problems ?? []));
}
