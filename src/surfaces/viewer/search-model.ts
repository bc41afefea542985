import MiniSearch, { type AsPlainObject } from 'minisearch';
import { MINISEARCH_OPTIONS, type SearchDoc } from '../../index/text.js';

/**
 * The viewer's search, shared by the page (bundled into its script) and the site builder: the CLI's own index,
 * loaded with the CLI's own options (tokenizer, stemming, stopwords, field boosts, prefix rule), so a query ranks
 * notes in the browser exactly as `claude-memory search` does.
 */

export interface SearchEntry {
  title: string;
  type: string;
  topic: string;
  status: string;
  updated: string;
  /** Page path from the site root. */
  page: string;
  summary: string;
  stale: boolean;
}

export interface SearchData {
  /** MiniSearch's serialised index (`toJSON()`), as the CLI's search cache holds it. */
  index: AsPlainObject;
  notes: Record<string, SearchEntry>;
}

export interface SiteHit extends SearchEntry {
  id: string;
  score: number;
}

/** The global the data script sets: a classic script, because pages opened from disk cannot fetch files. */
export const SEARCH_GLOBAL = 'CLAUDE_MEMORY_SEARCH';

export function loadSearch(data: SearchData): MiniSearch<SearchDoc> {
  return MiniSearch.loadJS<SearchDoc>(data.index, MINISEARCH_OPTIONS);
}

/** Best first; superseded and archived notes only with `all`, as in the CLI. Scores rounded as the CLI prints them. */
export function searchSite(search: MiniSearch<SearchDoc>, data: SearchData, query: string, options: { all?: boolean; limit?: number } = {}): SiteHit[] {
  const hits: SiteHit[] = [];
  if (!query.trim()) return hits;
  for (const result of search.search(query)) {
    const entry = data.notes[String(result.id)];
    if (!entry || (!options.all && entry.status !== 'active')) continue;
    hits.push({ ...entry, id: String(result.id), score: Math.round(result.score * 1000) / 1000 });
    if (hits.length >= (options.limit ?? 50)) break;
  }
  return hits;
}
