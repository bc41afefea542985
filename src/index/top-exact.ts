import { FIELD_COUNT, readMeta, readShard, shardKeysOf, storedFieldsReader, type Postings, type StoredFields } from './shard-files.js';
import { SEARCH_FIELDS, SEARCH_OPTIONS, processTerm, tokenize } from './text.js';

/** MiniSearch's BM25+ parameters (its defaults, which the index uses). */
const BM25 = { k: 1.2, b: 0.7, d: 0.5 };

export interface TopHit {
  id: string;
  score: number;
  /** Distinct query terms the note matched. */
  queryTerms: string[];
}

/**
 * The best `limit` notes for a query of whole terms (no prefix, no fuzzy), scored exactly as MiniSearch scores them
 * (a test compares the two), without building a result object for every one of the thousands of notes a long
 * prompt's common words match: that is most of a prompt hook's time at 10,000 notes. Stored fields are read only
 * for hits that survive `filter` up to `limit`.
 */
export function searchTopExact(
  dir: string,
  query: string,
  options: { split?: (text: string) => string[]; limit: number; filter?: (hit: TopHit & StoredFields) => boolean },
): Array<TopHit & StoredFields> | undefined {
  const meta = readMeta(dir);
  if (!meta) return undefined;
  const split = options.split ?? tokenize;
  // One entry per query token, repeats included: MiniSearch scores a repeated word once per occurrence.
  const queryTerms = split(query)
    .map((token) => processTerm(token))
    .filter((term): term is string => !!term);
  const wanted = new Set(queryTerms);
  const postingsOf = new Map<string, Postings>();
  for (const key of shardKeysOf([query], split)) {
    if (!meta.shards.includes(key)) continue;
    for (const [term, fields] of readShard(dir, key)) if (wanted.has(term)) postingsOf.set(term, fields);
  }
  const boosts = SEARCH_OPTIONS.boost ?? {};
  const scores = new Map<string, { score: number; terms: Set<string> }>();
  for (const term of queryTerms) {
    const fields = postingsOf.get(term);
    if (!fields) continue;
    for (const field of SEARCH_FIELDS) {
      const fieldId = meta.fieldIds[field]!;
      const postings = fields[fieldId];
      if (!postings) continue;
      const matching = Object.keys(postings).length;
      const idf = Math.log(1 + (meta.documentCount - matching + 0.5) / (matching + 0.5));
      const average = meta.averageFieldLength[fieldId]!;
      const boost = boosts[field] || 1;
      for (const row in postings) {
        const tf = postings[row]!;
        const length = meta.lengths[Number(row) * FIELD_COUNT + fieldId] ?? 0;
        const score = boost * idf * (BM25.d + (tf * (BM25.k + 1)) / (tf + BM25.k * (1 - BM25.b + (BM25.b * length) / average)));
        const hit = scores.get(row);
        if (hit) {
          hit.score += score;
          hit.terms.add(term);
        } else scores.set(row, { score, terms: new Set([term]) });
      }
    }
  }
  const ranked = [...scores].map(([row, hit]) => ({ row, score: hit.score * hit.terms.size, terms: hit.terms })).sort((a, b) => b.score - a.score);
  const storedFields = storedFieldsReader(dir, meta);
  const out: Array<TopHit & StoredFields> = [];
  for (const { row, score, terms } of ranked) {
    const id = meta.ids[Number(row)];
    const stored = id ? storedFields(id) : undefined;
    if (!id || !stored) continue;
    const hit = { ...stored, id, score, queryTerms: [...terms] };
    if (options.filter && !options.filter(hit)) continue;
    out.push(hit);
    if (out.length >= options.limit) break;
  }
  return out;
}

