// How well "related notes" (MCP memory_related) finds notes that answer the same need, with and without the sentence
// model, on the labelled set in bench/data/retrieval. Two notes are related here when some labelled query (literal or
// paraphrased) names both as relevant: a judgement made per query, independent of the topic, files, tags and links
// the structural score reads. Each such note is a target; the others of its queries are what should come back.
// The dense weight is chosen on one half of the targets (split by the SHA-256 of the id) and reported on the other.
// Needs the optional sentence-model packages; the vectors are cached in bench/out/embeddings/.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { ROOT } from './lib.mjs';
import { listNoteFiles, readNoteFile } from '../dist/store/read.js';
import { catalogEntry } from '../dist/index/catalog.js';
import { markdownLinkTargets, rankRelated } from '../dist/retrieve/related.js';
import { blendRelated, RELATED_DENSE_WEIGHT, RELATED_FLOOR } from '../dist/retrieve/related-meaning.js';
import { loadSentenceEmbedder } from '../dist/index/embeddings/embedder.js';
import { embeddingText, contentKey } from '../dist/index/embeddings/note-text.js';
import { VectorCache } from '../dist/index/embeddings/vector-cache.js';
import { fillVectorCache } from '../dist/index/embeddings/fill.js';
import { rankBySimilarity } from '../dist/index/embeddings/vectors.js';

const dataDir = path.join(ROOT, 'bench', 'data', 'retrieval');
const { files } = listNoteFiles(dataDir, path.join(dataDir, 'notes'));
const notes = files.map((file) => readNoteFile(file).note).filter(Boolean);
const catalog = notes.map(catalogEntry);
const byId = new Map(notes.map((note) => [note.id, note]));
const read = (name) => JSON.parse(fs.readFileSync(path.join(dataDir, name), 'utf8'));
const queries = [...read('queries.json'), ...read('paraphrased.json')];

const related = new Map();
for (const q of queries) {
  for (const a of q.relevant) for (const b of q.relevant) if (a !== b) (related.get(a) ?? related.set(a, new Set()).get(a)).add(b);
}
const targets = [...related.keys()].filter((id) => byId.get(id)?.status === 'active').sort();
const fold = (id) => createHash('sha256').update(id).digest()[0] & 1;

const embedder = await loadSentenceEmbedder({
  onUnavailable: (reason) => console.log(`(sentence model unavailable: ${reason}; related-notes figures skipped)`),
});
if (!embedder) process.exit(0);
const cache = VectorCache.load(path.join(ROOT, 'bench', 'out', 'embeddings', `${embedder.id}.json`), embedder.id, embedder.dimensions);
await fillVectorCache(
  notes.map((note) => ({ key: contentKey(embeddingText(note)), text: embeddingText(note) })),
  embedder,
  cache,
);
const vectorOf = new Map(notes.map((note) => [note.id, cache.get(contentKey(embeddingText(note)))]));

// The structural facts rankRelated reads: links both ways and supersession, as relatedNotes gathers them.
const incoming = new Map();
for (const note of notes)
  for (const target of markdownLinkTargets(note.body, note.path)) (incoming.get(target) ?? incoming.set(target, new Set()).get(target)).add(note.path);
function structural(id) {
  const note = byId.get(id);
  const entry = catalog.find((e) => e.id === id);
  const links = {
    outgoing: new Set(markdownLinkTargets(note.body, note.path)),
    incoming: incoming.get(note.path) ?? new Set(),
    supersedes: new Set(note.supersedes ?? []),
    supersededBy: new Set(typeof note.data.supersededBy === 'string' ? [note.data.supersededBy] : []),
  };
  return rankRelated(catalog, entry, links, 50);
}
function similar(id) {
  const candidates = catalog.filter((e) => e.status === 'active' && e.id !== id).map((e) => [e.id, vectorOf.get(e.id)]);
  return rankBySimilarity(vectorOf.get(id), candidates);
}
const structuralOf = new Map(targets.map((id) => [id, structural(id)]));
const similarOf = new Map(targets.map((id) => [id, similar(id)]));
const entryOf = new Map(catalog.map((e) => [e.id, e]));

function evaluate(ids, rank) {
  let r5 = 0,
    r10 = 0,
    mrr = 0;
  for (const id of ids) {
    const ranked = rank(id).map((hit) => hit.id);
    const rel = related.get(id);
    const at = (k) => ranked.slice(0, k).filter((x) => rel.has(x)).length / rel.size;
    const first = ranked.findIndex((x) => rel.has(x));
    r5 += at(5);
    r10 += at(10);
    mrr += first < 0 ? 0 : 1 / (first + 1);
  }
  const n = ids.length || 1;
  return { r5: r5 / n, r10: r10 / n, mrr: mrr / n };
}
const blended =
  (weight, floor = RELATED_FLOOR) =>
  (id) =>
    blendRelated(structuralOf.get(id), similarOf.get(id), entryOf, { weight, floor, limit: 10 });
const methods = {
  'structural (links, files, topic, tags)': (id) => structuralOf.get(id),
  'meaning alone (cosine of the note vectors)': (id) => similarOf.get(id),
  ...Object.fromEntries([0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8].map((w) => [`blend, meaning weight ${w}`, blended(w)])),
  ...Object.fromEntries(
    [-1, 0.6, 0.65, 0.7, 0.75].map((floor) => [
      `blend ${RELATED_DENSE_WEIGHT}, meaning-only floor ${floor < 0 ? 'none' : floor}`,
      blended(RELATED_DENSE_WEIGHT, floor),
    ]),
  ),
};
/** Notes in a top 10 that share nothing structural with the target: what the floor keeps out. */
const meaningOnly = (rank) =>
  targets.reduce(
    (n, id) =>
      n +
      rank(id)
        .slice(0, 10)
        .filter((hit) => !structuralOf.get(id).some((s) => s.id === hit.id)).length,
    0,
  ) / targets.length;

const folds = [targets.filter((id) => fold(id) === 0), targets.filter((id) => fold(id) === 1)];
const f = (x) => x.toFixed(3);
console.log(
  `\n## Related notes (${targets.length} target notes, ${[...related.values()].reduce((n, s) => n + s.size, 0)} related pairs from the labelled queries)\n`,
);
console.log('| ranking | R@5 | R@10 | MRR | fold A R@5 | fold B R@5 | meaning-only notes in the top 10 |\n|---|---|---|---|---|---|---|');
const results = {};
for (const [name, rank] of Object.entries(methods)) {
  const all = evaluate(targets, rank);
  const [a, b] = folds.map((ids) => evaluate(ids, rank));
  results[name] = [a, b];
  console.log(`| ${name} | ${f(all.r5)} | ${f(all.r10)} | ${f(all.mrr)} | ${f(a.r5)} | ${f(b.r5)} | ${meaningOnly(rank).toFixed(1)} |`);
}
const weights = Object.keys(methods).filter((name) => name.startsWith('blend, meaning weight'));
for (const [from, to] of [
  [0, 1],
  [1, 0],
]) {
  const best = weights.reduce((x, y) => (results[y][from].mrr > results[x][from].mrr ? y : x));
  console.log(
    `\nchosen on fold ${'AB'[from]} (${folds[from].length} targets, best MRR ${f(results[best][from].mrr)}): ${best}; on fold ${'AB'[to]}: R@5 ${f(results[best][to].r5)}, MRR ${f(results[best][to].mrr)}`,
  );
}
console.log(`\nshipped: weight ${RELATED_DENSE_WEIGHT}, notes related by meaning alone need a cosine of ${RELATED_FLOOR}`);
