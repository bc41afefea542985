import type { NewNote, Note, SearchHit } from '../../core/types.js';
import { resolveRoot } from '../../git/root.js';
import { readCatalog, refresh, type RefreshResult } from '../../index/refresh.js';
import { filterCatalog, type CatalogEntry, type ListFilter } from '../../index/catalog.js';
import { memoryStats, type MemoryStats } from '../../index/stats.js';
import { readUsageSummary, type UsageSummary } from '../../compress/usage.js';
import { sessionStartContext } from '../../flows/session-start.js';
import { searchNotes, type SearchOptions } from '../../retrieve/search.js';
import { lintNotes, type LintResult } from '../../store/lint.js';
import { addNote, findNote } from '../../store/notes.js';
import { requireMemory } from '../install/memory-required.js';

export interface Memory {
  root: string;
  search(query: string, options?: SearchOptions): Promise<SearchHit[]>;
  get(id: string): Promise<Note | undefined>;
  list(filter?: ListFilter): Promise<CatalogEntry[]>;
  add(note: NewNote): Promise<Note>;
  reindex(): Promise<RefreshResult>;
  context(): Promise<string>;
  lint(options?: { fix?: boolean }): Promise<LintResult>;
  stats(): Promise<MemoryStats & { usage: UsageSummary }>;
}

/** Index statistics plus the tokens compression spent (this clone only; the usage file is gitignored). */
export function statsWithUsage(root: string): MemoryStats & { usage: UsageSummary } {
  return { ...memoryStats(root), usage: readUsageSummary(root) };
}

/** The API is asynchronous, so any call can become so without breaking callers; a failure arrives as a rejection. */
const settle = <T>(work: () => T): Promise<T> => new Promise((resolve) => resolve(work()));

/** The programmatic API; the CLI, the hooks and the MCP server are thin layers over the same functions. */
export function openMemory(options: { root?: string } = {}): Memory {
  const root = resolveRoot(options.root);
  // Like the CLI, every call needs .claude-memory/ (install/memory-required.ts): without it, it rejects with how to set it up.
  const run = <T>(work: () => T | Promise<T>): Promise<T> => settle(() => requireMemory(root)).then(work);
  return {
    root,
    search: (query, searchOptions) => run(() => searchNotes(root, query, searchOptions)),
    get: (id) => run(() => findNote(root, id).note),
    list: (filter) =>
      run(() => {
        refresh(root);
        return filterCatalog(readCatalog(root), filter);
      }),
    add: (note) => run(() => addNote(root, note)),
    reindex: () => run(() => refresh(root, { force: true })),
    context: () => run(async () => (await sessionStartContext(root)).text),
    lint: (lintOptions) => run(() => lintNotes(root, lintOptions)),
    stats: () => run(() => statsWithUsage(root)),
  };
}
