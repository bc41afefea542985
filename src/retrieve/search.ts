import fs from 'node:fs';
import { cacheLayout } from '../cache/layout.js';
import type { SearchHit } from '../core/types.js';
import { ensureFresh } from '../index/ensure-fresh.js';
import { embeddingsMode, sharedEmbedder } from '../index/embeddings/availability.js';
import type { SentenceEmbedder } from '../index/embeddings/embedder.js';
import type { IndexHit } from '../index/search-types.js';
import { searchWithRepair } from './search-repair.js';

export interface SearchOptions {
  limit?: number;
  /** Include superseded and archived notes. */
  all?: boolean;
  type?: string;
  topic?: string;
  /** Skip the freshness check (the caller just did one). */
  fresh?: boolean;
  /** Words only: do not load the sentence model even when it is installed (`search --lexical`). */
  lexical?: boolean;
}

export function toHit(result: IndexHit): SearchHit {
  return {
    id: String(result.id),
    title: result.title ?? String(result.id),
    type: result.type ?? 'fact',
    path: result.path ?? '',
    score: Math.round(result.score * 1000) / 1000,
    topic: result.topic,
    status: result.status,
    updated: result.updated,
  };
}

/** What a search keeps: active notes unless `all`, and the type and topic asked for. */
export const searchFilter =
  (options: SearchOptions) =>
  (note: { status?: string; type?: string; topic?: string }): boolean =>
    (options.all || note.status === 'active') && (!options.type || note.type === options.type) && (!options.topic || note.topic === options.topic);

/** The process's sentence model for search, or undefined (search is then lexical); why not goes to the log once. */
export function searchModel(root: string): Promise<SentenceEmbedder | undefined> {
  return sharedEmbedder((reason, kind) => {
    // The log (and the redaction it runs) loads only when there is something to say.
    void import('../cache/log.js').then(({ logEvent }) => logEvent(root, kind === 'broken' ? 'warn' : 'info', `search is lexical: ${reason}`));
  });
}

/** The normal install has no sentence model: the log says so once per clone (a marker file), not at every search. */
function noteLexicalOnce(root: string): void {
  const marker = cacheLayout(root).lexicalNoted;
  if (fs.existsSync(marker)) return;
  void searchModel(root).then(() => {
    try {
      fs.writeFileSync(marker, '');
    } catch {
      // a read-only cache says it again next time
    }
  });
}

/**
 * Search over the notes, best first; superseded and archived notes only with `all`. By words (BM25) and, when the
 * optional sentence model is installed, by meaning too (retrieve/hybrid.ts); `lexical` skips the model.
 */
export async function searchNotes(root: string, query: string, options: SearchOptions = {}): Promise<SearchHit[]> {
  if (!options.fresh) await ensureFresh(root, { mode: 'quick', lockTimeoutMs: 2_000 });
  const limit = Math.max(1, options.limit ?? 10);
  const keep = searchFilter(options);
  const mode = options.lexical || !query.trim() ? 'lexical' : embeddingsMode();
  // Not installed: say so in the log once (the model is never loaded, so this is where it shows).
  if (mode === 'not-installed') noteLexicalOnce(root);
  // Loaded only with the sentence model installed: it reads the catalog and every note's vector.
  const hybrid = mode === 'hybrid' ? await import('./hybrid.js') : undefined;
  // Blending needs the lexical scores of more notes than are shown: a note's words and its meaning add up.
  const results = await searchWithRepair(root, query, { limit: hybrid ? Math.max(limit, hybrid.LEXICAL_DEPTH) : limit, filter: (result) => keep(result) });
  if (!hybrid) return results.map(toHit);
  return hybrid.hybridSearch(
    root,
    query,
    results.map((result) => ({ ...toHit(result), score: result.score })),
    () => searchModel(root),
    { limit, keep },
  );
}
