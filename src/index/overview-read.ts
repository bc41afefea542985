import { CACHE_FORMAT, cacheLayout } from '../cache/layout.js';
import { readCacheFile } from '../cache/read.js';
import { catalogStamp } from './file-notes.js';
import { decodeCandidates, type Candidates } from './overview-lines.js';

/**
 * Session start's read of the candidates (`.cache/context.json`): one small file when it is current (the catalog it was
 * built from, the budget it was cut for). Only when it is missing or belongs to another catalog (deleted, an
 * upgrade, a crash between two writes) is it rebuilt from the catalog, by overview-files.ts, loaded then: slow once,
 * right always. Undefined when there is no index yet.
 */

export async function readCandidates(root: string, budgetTokens: number): Promise<Candidates | undefined> {
  const file = readCacheFile(cacheLayout(root).context, 'contextCandidates');
  const candidates =
    file && file.format === CACHE_FORMAT && file.budgetTokens === budgetTokens && file.catalog === catalogStamp(cacheLayout(root))
      ? decodeCandidates(file)
      : undefined;
  if (candidates) return candidates;
  const { rewriteSessionOverview } = await import('./overview-files.js');
  return rewriteSessionOverview(root);
}
