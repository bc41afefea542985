// Retrieval quality of lexical vs dense vs hybrid search on the literal and the paraphrased labelled queries
// (bench/data/retrieval), and what the sentence model and the static table cost. The choices in docs/search.md come
// from this table. Dense rows need the optional sentence-model packages; the static-table rows need a table
// (scripts/derive-static-table.mjs, path in STATIC_TABLE or bench/out/static-table-30k-128.bin).
import fs from 'node:fs';
import path from 'node:path';
import MiniSearch from 'minisearch';
import { ROOT, median } from './lib.mjs';
import { listNoteFiles, readNoteFile } from '../dist/store/read.js';
import { searchDoc } from '../dist/index/catalog.js';
import { MINISEARCH_OPTIONS, SEARCH_OPTIONS, processTerm } from '../dist/index/text.js';
import { loadSentenceEmbedder } from '../dist/index/embeddings/embedder.js';
import { embeddingText, contentKey } from '../dist/index/embeddings/note-text.js';
import { VectorCache } from '../dist/index/embeddings/vector-cache.js';
import { fillVectorCache } from '../dist/index/embeddings/fill.js';
import { blendRankings, reciprocalRankFusion, hybridRanking, denseWeightFor } from '../dist/index/embeddings/fusion.js';
import { rankBySimilarity } from '../dist/index/embeddings/vectors.js';
import { loadStaticTable, staticVector, rerankWithStaticTable } from '../dist/index/embeddings/static-table.js';
import { noteDateField } from '../dist/index/embeddings/date-words.js';

const dataDir = path.join(ROOT, 'bench', 'data', 'retrieval');
const { files } = listNoteFiles(dataDir, path.join(dataDir, 'notes'));
const active = files.map((file) => readNoteFile(file).note).filter((note) => note?.status === 'active');
const read = (name) => JSON.parse(fs.readFileSync(path.join(dataDir, name), 'utf8'));
const paraphrased = read('paraphrased.json');
const sets = {
  literal: read('queries.json'),
  paraphrase: paraphrased.filter((q) => q.kind === 'paraphrase'),
  time: paraphrased.filter((q) => q.kind === 'time'),
  'all paraphrased': paraphrased,
};

function lexicalSearch({ dates = false } = {}) {
  const fields = dates ? [...MINISEARCH_OPTIONS.fields, 'dates'] : MINISEARCH_OPTIONS.fields;
  // "may" is a stopword of the shipped text processing; the dates variant keeps it so "in May" can match.
  const keepMay = (term) => (term.toLowerCase() === 'may' ? 'may' : processTerm(term));
  const ms = new MiniSearch({ ...MINISEARCH_OPTIONS, fields, ...(dates ? { processTerm: keepMay } : {}) });
  ms.addAll(active.map((note) => ({ ...searchDoc(note), dates: noteDateField(note) })));
  const options = dates ? { ...SEARCH_OPTIONS, boost: { ...SEARCH_OPTIONS.boost, dates: 1 } } : SEARCH_OPTIONS;
  return (query) => ms.search(query, options).map((r) => ({ id: r.id, score: r.score }));
}

function evaluate(queries, rank) {
  let r1 = 0, r5 = 0, r10 = 0, mrr = 0;
  for (const q of queries) {
    const ids = rank(q.query).map((hit) => hit.id);
    const rel = new Set(q.relevant);
    const at = (k) => ids.slice(0, k).filter((id) => rel.has(id)).length / rel.size;
    const first = ids.findIndex((id) => rel.has(id));
    r1 += at(1); r5 += at(5); r10 += at(10); mrr += first < 0 ? 0 : 1 / (first + 1);
  }
  const n = queries.length;
  return [r1 / n, r5 / n, r10 / n, mrr / n];
}

const rows = [];
const row = (name, rank) => rows.push([name, ...Object.values(sets).map((qs) => evaluate(qs, rank))]);
const lexical = lexicalSearch();
const lexicalDates = lexicalSearch({ dates: true });
row('lexical (shipped)', lexical);
row('lexical + date words', lexicalDates);

const costs = [];
const rssBefore = process.memoryUsage().rss;
let started = performance.now();
const embedder = await loadSentenceEmbedder({ onUnavailable: (reason) => console.log(`\n(sentence model unavailable: ${reason}; dense rows skipped)`) });
if (embedder) {
  costs.push(['sentence model load', `${(performance.now() - started).toFixed(0)} ms`]);
  const cache = VectorCache.load(path.join(ROOT, 'bench', 'out', 'embeddings', `${embedder.id}.json`), embedder.id, embedder.dimensions);
  const jobs = active.map((note) => ({ key: contentKey(embeddingText(note)), text: embeddingText(note) }));
  started = performance.now();
  const filled = await fillVectorCache(jobs, embedder, cache);
  if (filled.embedded) costs.push(['per note (title, tags, body; batches of 16)', `${((performance.now() - started) / filled.embedded).toFixed(1)} ms`]);
  const noteVectors = active.map((note, i) => [note.id, cache.get(jobs[i].key)]);
  const queries = [...new Set(Object.values(sets).flat().map((q) => q.query))];
  started = performance.now();
  await embedder.embed([queries[0]]);
  costs.push(['first call after load (graph warm-up)', `${(performance.now() - started).toFixed(0)} ms`]);
  const singles = [];
  for (const query of queries.slice(1, 22)) {
    started = performance.now();
    await embedder.embed([query]);
    singles.push(performance.now() - started);
  }
  costs.push(['per query (one text, median of 21)', `${median(singles).toFixed(1)} ms`]);
  started = performance.now();
  const queryVectors = new Map((await embedder.embed(queries)).map((v, i) => [queries[i], v]));
  costs.push(['per query (batched)', `${((performance.now() - started) / queries.length).toFixed(1)} ms`]);
  costs.push(['resident memory added by the model', `${((process.memoryUsage().rss - rssBefore) / 1e6).toFixed(0)} MB`]);
  const dense = (query) => rankBySimilarity(queryVectors.get(query), noteVectors);
  row('dense (USE-lite)', dense);
  for (const weight of [0.5, 1]) row(`RRF k=60, dense weight ${weight}`, (q) => reciprocalRankFusion([lexical(q), dense(q)], [1, weight]));
  for (const weight of [0.2, 0.3, 0.4, 0.5, 0.6]) row(`blend, dense weight ${weight}`, (q) => blendRankings(lexical(q), dense(q), { denseWeight: weight }));
  row('hybrid: lexical + date words, blend 0.4', (q) => hybridRanking(lexicalDates(q), queryVectors.get(q), noteVectors, { denseWeight: 0.4 }));
  row('hybrid: lexical + date words, blend 0.4 (0.2 if a month is named)', (q) => hybridRanking(lexicalDates(q), queryVectors.get(q), noteVectors, { denseWeight: denseWeightFor(q) }));
}

const tableFile = process.env.STATIC_TABLE ?? path.join(ROOT, 'bench', 'out', 'static-table-30k-128.bin');
if (fs.existsSync(tableFile)) {
  const loads = [];
  let loaded;
  for (let i = 0; i < 11; i++) {
    started = performance.now();
    loaded = loadStaticTable(tableFile);
    loads.push(performance.now() - started);
  }
  costs.push([`static table load (${(fs.statSync(tableFile).size / 1e6).toFixed(1)} MB, median of 11)`, `${median(loads).toFixed(1)} ms`]);
  if ('table' in loaded) {
    const { table } = loaded;
    const noteVector = new Map(active.map((note) => [note.id, staticVector(table, embeddingText(note))]));
    const rerank = (search, weight) => (q) => {
      const hits = search(q);
      const top = rerankWithStaticTable(hits.slice(0, 30), staticVector(table, q), (id) => noteVector.get(id), typeof weight === 'function' ? weight(q) : weight);
      return [...top, ...hits.slice(30)];
    };
    for (const weight of [0.2, 0.3]) row(`static table re-ranks lexical top 30, weight ${weight}`, rerank(lexical, weight));
    row('static re-rank 0.3 of lexical + date words (0.15 if a month is named)', rerank(lexicalDates, (q) => denseWeightFor(q, 0.3)));
    started = performance.now();
    for (let i = 0; i < 100; i++) rerankWithStaticTable(lexical('how do we keep sessions alive').slice(0, 30), staticVector(table, 'how do we keep sessions alive'), (id) => noteVector.get(id));
    costs.push(['static re-rank of 30 hits incl. the lexical search (mean of 100)', `${((performance.now() - started) / 100).toFixed(2)} ms`]);
  }
}

const f = (x) => x.toFixed(3);
console.log(`\n## Lexical, dense and hybrid retrieval (${active.length} active notes; ${Object.entries(sets).map(([k, v]) => `${v.length} ${k}`).join(', ')} queries)\n`);
console.log(`| ranking | ${Object.keys(sets).map((s) => `${s} R@1 | R@5 | R@10 | MRR`).join(' | ')} |`);
console.log(`|---|${Object.keys(sets).map(() => '---|---|---|---').join('|')}|`);
for (const [name, ...metrics] of rows) console.log(`| ${name} | ${metrics.map((m) => m.map(f).join(' | ')).join(' | ')} |`);
if (costs.length) {
  console.log('\n| cost (wall clock, noisy on a shared machine) | value |\n|---|---|');
  for (const [name, value] of costs) console.log(`| ${name} | ${value} |`);
}
