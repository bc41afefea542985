import type { STORED_FIELDS, SearchDoc } from './text.js';

/** What a search hit shows without reading its note: the fields a segment stores per row. */
export type StoredFields = Pick<SearchDoc, (typeof STORED_FIELDS)[number]>;

/** One ranked note: its id, its BM25+ score as MiniSearch computes it, and the distinct query terms it matched. */
export interface IndexHit extends StoredFields {
  id: string;
  score: number;
  queryTerms: string[];
}
