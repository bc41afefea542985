import type { SearchHit } from '../core/types.js';
import { logEvent } from '../cache/log.js';
import type { CatalogEntry } from '../index/catalog.js';
import { readCatalog } from '../index/refresh.js';
import { startEmbeddingIfBehind } from '../index/embeddings/background.js';
import { SENTENCE_MODEL, type SentenceEmbedder } from '../index/embeddings/embedder.js';
import { hybridRanking } from '../index/embeddings/fusion.js';
import { EMBEDDING_TEXT_MAX_CHARS } from '../index/embeddings/note-text.js';
import { vectorsOf } from '../index/embeddings/note-vectors.js';

/**
 * Search by words and by meaning: the lexical hits blended with the similarity of the query's vector to every
 * note's vector (index/embeddings/fusion.ts has the blend and the measured weights, docs/search.md the figures).
 * Notes without a vector yet are scored on their words alone, and their being there starts the background run that
 * embeds them (index/embeddings/background.ts).
 */

/** Lexical hits blended: past about 200 the lexical part of a note is too small to lift it into any top 50. */
export const LEXICAL_DEPTH = 200;

/**
 * A note none of the query's words reach is shown only when its cosine with the query reaches this: the blend gives
 * the best note of any query full marks on the meaning side, even for a query about nothing in the store. On the
 * labelled set (docs/search.md) no floor up to 0.45 lost a relevant note, and 0.4 shows a sixth fewer unrelated notes
 * for queries whose answer is not in the store; a margin is kept because such notes are the model's rarest win.
 */
export const DENSE_ONLY_FLOOR = 0.4;

export interface HybridOptions {
  limit: number;
  /** The search's filter (status, type, topic), applied to the notes the meaning side adds. */
  keep: (entry: CatalogEntry) => boolean;
}

const round = (score: number) => Math.round(score * 1000) / 1000;

function hitOf(entry: CatalogEntry): SearchHit {
  return { id: entry.id, title: entry.title, type: entry.type, path: entry.path, score: 0, topic: entry.topic, status: entry.status, updated: entry.updated };
}

/**
 * `lexical`: the hits of the lexical search, best first, with their unrounded BM25 scores. The model is asked for
 * only when some note has a vector: before the first background run there is nothing to compare with.
 */
export async function hybridSearch(
  root: string,
  query: string,
  lexical: SearchHit[],
  model: () => Promise<SentenceEmbedder | undefined>,
  options: HybridOptions,
): Promise<SearchHit[]> {
  const entries = readCatalog(root).filter(options.keep);
  const { vectors, missing } = vectorsOf(root, SENTENCE_MODEL, entries);
  if (missing) startEmbeddingIfBehind(root);
  const lexicalTop = () => lexical.slice(0, options.limit).map((hit) => ({ ...hit, score: round(hit.score) }));
  const embedder = vectors.length ? await model() : undefined;
  if (!embedder) return lexicalTop();
  let queryVector: Float32Array | undefined;
  try {
    [queryVector] = await embedder.embed([query.slice(0, EMBEDDING_TEXT_MAX_CHARS)]);
  } catch (err) {
    logEvent(root, 'warn', 'search: the sentence model failed on the query; answered by words alone', { reason: (err as Error).message });
  }
  if (!queryVector) return lexicalTop();
  const ranked = hybridRanking(
    lexical.map((hit) => ({ id: hit.id, score: hit.score })),
    queryVector,
    vectors,
    { query, limit: options.limit, denseOnlyFloor: DENSE_ONLY_FLOOR },
  );
  const byId = new Map<string, SearchHit>(lexical.map((hit) => [hit.id, hit]));
  const catalog = new Map(entries.map((entry) => [entry.id, entry]));
  const out: SearchHit[] = [];
  for (const { id, score } of ranked) {
    const known = byId.get(id);
    const entry = known ? undefined : catalog.get(id);
    if (known || entry) out.push({ ...(known ?? hitOf(entry!)), score: round(score) });
  }
  return out;
}
