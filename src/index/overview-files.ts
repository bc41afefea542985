import fs from 'node:fs';
import { CACHE_FORMAT, cacheLayout } from '../cache/layout.js';
import { readCacheFile } from '../cache/read.js';
import type { CatalogEntry, ContextCandidates } from '../cache/schemas.js';
import { loadConfig } from '../core/config.js';
import { memoryPaths } from '../core/paths.js';
import type { Problem } from '../core/types.js';
import { writeDerivedFile } from '../store/atomic.js';
import { noteArrivals, readArrivals, writeArrivals, type Arrivals } from './arrivals.js';
import { readManifest } from './freshness.js';
import { buildCandidates } from './overview-candidates.js';
import { renderOverview } from './overview.js';

/**
 * The files behind the overview: `.cache/context.json` (what session start selects from) and INDEX.md, written
 * whenever the catalog changes (refresh calls `writeSessionOverview`) or the background git work learns authors and
 * commit times (`rewriteSessionOverview`). Session start reads the candidates with `readCandidates`, which rebuilds
 * them from the catalog when they are missing or belong to another catalog (deleted, an upgrade, a crash between
 * two writes): slow once, right always.
 */

export type { ContextCandidates };

function catalogStamp(root: string): string | undefined {
  try {
    const stat = fs.statSync(cacheLayout(root).catalog);
    return `${CACHE_FORMAT}:${stat.mtimeMs}:${stat.size}`;
  } catch {
    return undefined;
  }
}

const conflictPaths = (problems: Problem[]) => problems.filter((problem) => problem.code === 'conflict-markers').map((problem) => problem.path);

function writeIfChanged(file: string, content: string): void {
  try {
    if (fs.readFileSync(file, 'utf8') === content) return;
  } catch {
    // not there yet
  }
  writeDerivedFile(file, content);
}

function writeFiles(root: string, entries: CatalogEntry[], arrivals: Arrivals | undefined, conflicts: string[]): ContextCandidates | undefined {
  const stamp = catalogStamp(root);
  if (!stamp) return undefined;
  const p = memoryPaths(root);
  const { contextBudgetTokens } = loadConfig(p.configFile).config;
  const candidates = buildCandidates(entries, arrivals, { budgetTokens: contextBudgetTokens, catalogStamp: stamp, format: CACHE_FORMAT, conflicts });
  writeDerivedFile(cacheLayout(root).context, JSON.stringify(candidates));
  writeIfChanged(p.indexFile, renderOverview(candidates, contextBudgetTokens));
  return candidates;
}

/**
 * After refresh wrote the catalog (holding the refresh lock): record the notes that arrived, then write the
 * candidates and INDEX.md.
 */
export function writeSessionOverview(root: string, catalog: Record<string, CatalogEntry>, problems: Problem[], now = Date.now()): void {
  const entries = Object.values(catalog);
  const { arrivals, changed } = noteArrivals(readArrivals(root), entries.map((entry) => entry.id), now);
  if (changed) writeArrivals(root, arrivals);
  writeFiles(root, entries, arrivals, conflictPaths(problems));
}

/** The candidates and INDEX.md again, from the catalog as it is (after the arrivals learnt authors). */
export function rewriteSessionOverview(root: string): ContextCandidates | undefined {
  const catalog = readCacheFile(cacheLayout(root).catalog, 'catalog');
  if (!catalog) return undefined;
  return writeFiles(root, Object.values(catalog), readArrivals(root), conflictPaths(readManifest(memoryPaths(root))?.problems ?? []));
}

/**
 * The candidates for session start: one small file when it is current (same catalog, same budget), else rebuilt
 * from the catalog. Undefined when there is no index yet.
 */
export function readCandidates(root: string, budgetTokens: number): ContextCandidates | undefined {
  const candidates = readCacheFile(cacheLayout(root).context, 'contextCandidates');
  if (candidates && candidates.format === CACHE_FORMAT && candidates.budgetTokens === budgetTokens && candidates.catalog === catalogStamp(root)) return candidates;
  return rewriteSessionOverview(root);
}
