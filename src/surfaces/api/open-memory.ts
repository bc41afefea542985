import type { NewNote, Note, SearchHit } from '../../core/types.js';
import { checkMemoryTree } from '../../cache/guard.js';
import { resolveRoot } from '../../git/root.js';
import { readCatalog, refresh, type RefreshResult } from '../../index/refresh.js';
import { filterCatalog, type CatalogEntry, type ListFilter } from '../../index/catalog.js';
import { memoryStats, type MemoryStats } from '../../index/stats.js';
import { readUsageSummary, type UsageSummary } from '../../compress/usage.js';
import { sessionStartContext } from '../../flows/session-start.js';
import { searchNotes, type SearchOptions } from '../../retrieve/search.js';
import type { LintResult } from '../../store/lint.js';
import { lintRepository } from '../../git/tracked.js';
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
const settle = <T>(work: () => T | Promise<T>): Promise<T> => new Promise((resolve) => resolve(work()));

/** The programmatic API; the CLI, the hooks and the MCP server are thin layers over the same functions. */
export function openMemory(options: { root?: string } = {}): Memory {
  const root = resolveRoot(options.root);
  // Like the CLI, every call needs .claude-memory/ (install/memory-required.ts): without it, it rejects with how to
  // set it up. Every call checks the memory tree again: a pull between two calls can plant a link in it.
  const guarded = <T>(work: () => T | Promise<T>): Promise<T> =>
    settle(() => {
      requireMemory(root);
      checkMemoryTree(root);
      return work();
    });
  return {
    root,
    search: (query, searchOptions) => guarded(() => searchNotes(root, query, searchOptions)),
    get: (id) => guarded(() => findNote(root, id).note),
    list: (filter) =>
      guarded(() => {
        refresh(root);
        return filterCatalog(readCatalog(root), filter);
      }),
    add: (note) => guarded(() => addNote(root, note)),
    reindex: () => guarded(() => refresh(root, { force: true })),
    context: () => guarded(async () => (await sessionStartContext(root)).text),
    lint: (lintOptions) => guarded(() => lintRepository(root, lintOptions)),
    stats: () => guarded(() => statsWithUsage(root)),
  };
}
