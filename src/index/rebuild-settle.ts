import type { Problem } from '../core/types.js';
import type { CatalogEntry } from './catalog.js';
import type { PassResult } from './rebuild-pass.js';
import { markDeleted, type Marked, type Written } from './search-write.js';

export interface Settled {
  catalog: Record<string, CatalogEntry>;
  problems: Problem[];
  /** [mtimeMs, size] of every file read, for the manifest. */
  stats: Map<string, [number, number]>;
  /** Every pass's segments in order, a note that lost its id to an earlier one marked deleted. */
  segments: Array<Written & Marked>;
}

/**
 * Pure: one catalog from the passes of a full build, as if the notes had been read one after another: the first
 * note (in file order) with an id keeps it, a later one is reported and its search row marked deleted.
 */
export function settlePasses(passes: readonly PassResult[]): Settled {
  const catalog: Record<string, CatalogEntry> = {};
  const problems: Problem[] = [];
  const stats = new Map<string, [number, number]>();
  const owner = new Map<string, string>();
  const segments: Settled['segments'] = [];
  for (const pass of passes) {
    const parts = pass.written.map((written): Written & Marked => ({ ...written }));
    let part = 0;
    let row = 0;
    for (const record of pass.records) {
      problems.push(...record.problems);
      stats.set(record.path, [record.mtimeMs, record.size]);
      const entry = record.entry;
      if (!entry) continue;
      while (row >= parts[part]!.info.rows) {
        row = 0;
        part++;
      }
      const earlier = owner.get(entry.id);
      if (earlier === undefined) {
        owner.set(entry.id, record.path);
        catalog[record.path] = entry;
      } else {
        problems.push({ path: record.path, code: 'duplicate-id', reason: `id "${entry.id}" is also used by ${earlier}; skipped`, severity: 'error' });
        markDeleted(parts[part]!, row);
      }
      row++;
    }
    segments.push(...parts);
  }
  return { catalog, problems, stats, segments };
}
