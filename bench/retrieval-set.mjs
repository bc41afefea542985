// The labelled retrieval set (bench/data/retrieval) and the in-memory lexical rankings the search benches compare:
// the shipped text processing, and the one before note dates were indexed as words (no `dates` field, "may" a
// stopword), so the gain of the date words stays measurable after they shipped.
import fs from 'node:fs';
import path from 'node:path';
import MiniSearch from 'minisearch';
import { ROOT } from './lib.mjs';
import { listNoteFiles, readNoteFile } from '../dist/store/read.js';
import { searchDoc } from '../dist/index/catalog.js';
import { MINISEARCH_OPTIONS, SEARCH_OPTIONS, processTerm } from '../dist/index/text.js';

export const dataDir = path.join(ROOT, 'bench', 'data', 'retrieval');
export const notes = listNoteFiles(dataDir, path.join(dataDir, 'notes'))
  .files.map((file) => readNoteFile(file).note)
  .filter(Boolean);
export const active = notes.filter((note) => note.status === 'active');
const read = (name) => JSON.parse(fs.readFileSync(path.join(dataDir, name), 'utf8'));
export const literal = read('queries.json');
export const paraphrased = read('paraphrased.json');

/** A lexical ranking over the active notes: `previous` is the text processing before the dates field. */
export function lexicalSearch({ previous = false } = {}) {
  const options = previous
    ? {
        ...MINISEARCH_OPTIONS,
        fields: MINISEARCH_OPTIONS.fields.filter((field) => field !== 'dates'),
        processTerm: (term) => (term.toLowerCase() === 'may' ? null : processTerm(term)),
      }
    : MINISEARCH_OPTIONS;
  const ms = new MiniSearch(options);
  ms.addAll(active.map(searchDoc));
  return (query, extra = {}) => ms.search(query, { ...SEARCH_OPTIONS, ...extra }).map((r) => ({ id: r.id, score: r.score }));
}

/** recall@1, @5, @10 and MRR of a ranking over a list of labelled queries. */
export function evaluate(queries, rank) {
  let r1 = 0,
    r5 = 0,
    r10 = 0,
    mrr = 0;
  for (const q of queries) {
    const ids = rank(q.query).map((hit) => hit.id);
    const rel = new Set(q.relevant);
    const at = (k) => ids.slice(0, k).filter((id) => rel.has(id)).length / rel.size;
    const first = ids.findIndex((id) => rel.has(id));
    r1 += at(1);
    r5 += at(5);
    r10 += at(10);
    mrr += first < 0 ? 0 : 1 / (first + 1);
  }
  const n = queries.length || 1;
  return [r1 / n, r5 / n, r10 / n, mrr / n];
}

/** Paired bootstrap (seeded) of the per-query recall@5 gain of one ranking over another: mean and 95 % interval. */
export function recallGain(better, worse, queries, rounds = 2000) {
  const r5 = (rank, q) => {
    const top = rank(q.query)
      .slice(0, 5)
      .map((h) => h.id);
    return q.relevant.filter((r) => top.includes(r)).length / q.relevant.length;
  };
  const diffs = queries.map((q) => r5(better, q) - r5(worse, q));
  let seed = 12;
  const random = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
  const means = [];
  for (let b = 0; b < rounds; b++) {
    let sum = 0;
    for (let i = 0; i < diffs.length; i++) sum += diffs[Math.floor(random() * diffs.length)];
    means.push(sum / diffs.length);
  }
  means.sort((x, y) => x - y);
  return { mean: diffs.reduce((a, b) => a + b, 0) / diffs.length, low: means[Math.floor(0.025 * rounds)], high: means[Math.floor(0.975 * rounds)] };
}
