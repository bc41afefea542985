import type { CatalogEntry } from '../index/catalog.js';
import { readCatalog } from '../index/refresh.js';
import { embeddingsMode } from '../index/embeddings/availability.js';
import { SENTENCE_MODEL } from '../index/embeddings/embedder.js';
import { blendRankings, type ScoredId } from '../index/embeddings/fusion.js';
import { vectorsOf } from '../index/embeddings/note-vectors.js';
import { rankBySimilarity } from '../index/embeddings/vectors.js';
import { MAX_RELATED, relatedNotes, type RelatedNote, type RelatedResult, type RelatedTarget } from './related.js';

/**
 * Related notes by structure (links, supersession, files, topic, tags: related.ts) and by meaning: the cosine of the
 * target's vector with every active note's. No model is loaded: both sides are note vectors the background run
 * already made. A note without a vector (not embedded yet) keeps its structural rank.
 */

/**
 * Share of the meaning side, measured with `node bench/related-quality.mjs` on notes the labelled queries name
 * together (docs/search.md): chosen on one half of the target notes, checked on the other.
 */
export const RELATED_DENSE_WEIGHT = 0.3;
/** A note related by meaning alone (no shared file, topic, tag or link) needs at least this cosine with the target. */
export const RELATED_FLOOR = 0.7;

export interface BlendRelatedOptions {
  weight: number;
  floor: number;
  limit: number;
}

/** Pure: the structural ranking blended with the similarity ranking; notes only the latter holds say why. */
export function blendRelated(
  structural: readonly RelatedNote[],
  similar: readonly ScoredId[],
  catalog: ReadonlyMap<string, CatalogEntry>,
  options: BlendRelatedOptions,
): RelatedNote[] {
  const cosine = new Map(similar.map((hit) => [hit.id, hit.score]));
  const known = new Map(structural.map((note) => [note.id, note]));
  const ranked = blendRankings(
    structural.map((note) => ({ id: note.id, score: note.score })),
    similar,
    { denseWeight: options.weight, denseOnlyFloor: options.floor },
  );
  const out: RelatedNote[] = [];
  for (const { id, score } of ranked) {
    if (out.length >= options.limit) break;
    const similarity = cosine.get(id);
    const meaning = similarity !== undefined && similarity >= options.floor ? [`similar in meaning (${similarity.toFixed(2)})`] : [];
    const note = known.get(id);
    if (note) out.push({ ...note, score: Math.round(score * 1000) / 1000, reasons: [...note.reasons, ...meaning] });
    else {
      const entry = catalog.get(id);
      if (entry) out.push({ ...entry, score: Math.round(score * 1000) / 1000, reasons: meaning });
    }
  }
  return out;
}

/** Related notes for a note id (structure and meaning) or a file path (structure only: a file has no vector). */
export function relatedWithMeaning(root: string, target: RelatedTarget, options: { limit?: number } = {}): RelatedResult {
  const limit = Math.max(1, Math.min(MAX_RELATED, options.limit ?? 10));
  const structural = relatedNotes(root, target, { limit: MAX_RELATED });
  const cut = (): RelatedResult => ({ ...structural, notes: structural.notes.slice(0, limit) });
  const entry = structural.target;
  if (!entry || embeddingsMode() !== 'hybrid') return cut();
  const catalog = readCatalog(root);
  const candidates = catalog.filter((other) => other.status === 'active' && other.id !== entry.id);
  const mine = vectorsOf(root, SENTENCE_MODEL, [entry]).vectors[0]?.[1];
  if (!mine) return cut();
  const similar = rankBySimilarity(mine, vectorsOf(root, SENTENCE_MODEL, candidates).vectors);
  const notes = blendRelated(structural.notes, similar, new Map(catalog.map((other) => [other.id, other])), {
    weight: RELATED_DENSE_WEIGHT,
    floor: RELATED_FLOOR,
    limit,
  });
  return { target: entry, notes };
}
