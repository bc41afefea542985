// Retrieval quality of lexical vs hybrid search on the literal and the paraphrased labelled queries
// (bench/data/retrieval), and what the sentence model costs. Two kinds of rows:
//   - "shipped": the real search (retrieve/search.ts searchNotes) over a temp repository holding the labelled notes,
//     with `lexical: true` and with the sentence model, after the real embedding flow (flows/embed-notes.ts);
//   - in-memory comparisons on the same notes (the ranking before note dates were words, dense alone, RRF, blend
//     weights, the floor for notes only the model finds), which is where the shipped choices came from.
// Dense rows need the optional sentence-model packages; vectors are cached in bench/out/embeddings/. The static-table
// rows need a table (scripts/derive-static-table.mjs, path in STATIC_TABLE or bench/out/static-table-30k-128.bin).
// BASELINE_ROOT=<a built checkout of another version> adds that version's shipped search as a row, and the gain over
// it. docs/search.md explains the figures.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT, median } from './lib.mjs';
import { active, dataDir, evaluate, lexicalSearch, literal, paraphrased, recallGain } from './retrieval-set.mjs';
import { loadSentenceEmbedder } from '../dist/index/embeddings/embedder.js';
import { embeddingText, contentKey } from '../dist/index/embeddings/note-text.js';
import { VectorCache } from '../dist/index/embeddings/vector-cache.js';
import { fillVectorCache } from '../dist/index/embeddings/fill.js';
import { blendRankings, reciprocalRankFusion, hybridRanking, denseWeightFor } from '../dist/index/embeddings/fusion.js';
import { rankBySimilarity } from '../dist/index/embeddings/vectors.js';
import { loadStaticTable, staticVector, rerankWithStaticTable } from '../dist/index/embeddings/static-table.js';
import { vectorCacheFile } from '../dist/cache/layout.js';
import { refresh } from '../dist/index/refresh.js';
import { embedNotes } from '../dist/flows/embed-notes.js';
import { searchNotes } from '../dist/retrieve/search.js';
import { DENSE_ONLY_FLOOR } from '../dist/retrieve/hybrid.js';
import { recallForPrompt } from '../dist/retrieve/recall.js';
import { DEFAULT_CONFIG } from '../dist/core/config.js';

// The shipped search decides by this switch (bench/lib.mjs turns it off for the other benches).
process.env.CLAUDE_MEMORY_EMBEDDINGS = 'on';

const sets = {
  literal,
  paraphrase: paraphrased.filter((q) => q.kind === 'paraphrase'),
  time: paraphrased.filter((q) => q.kind === 'time'),
  'all paraphrased': paraphrased,
};
const allQueries = [
  ...new Set(
    Object.values(sets)
      .flat()
      .map((q) => q.query),
  ),
];

const rows = [];
const row = (name, rank) => rows.push([name, ...Object.values(sets).map((qs) => evaluate(qs, rank))]);
const previous = lexicalSearch({ previous: true });
const lexical = lexicalSearch();
row('lexical before date words (previous release, in memory)', previous);
row('lexical with date words (in memory)', lexical);

const costs = [];
const notes = [];
const rssBefore = process.memoryUsage().rss;
let started = performance.now();
const embedder = await loadSentenceEmbedder({
  onUnavailable: (reason) => console.log(`\n(sentence model unavailable: ${reason}; dense and shipped hybrid rows skipped)`),
});
if (embedder) {
  costs.push(['sentence model load', `${(performance.now() - started).toFixed(0)} ms`]);
  const benchCache = path.join(ROOT, 'bench', 'out', 'embeddings', `${embedder.id}.json`);
  const cache = VectorCache.load(benchCache, embedder.id, embedder.dimensions);
  const jobs = active.map((note) => ({ key: contentKey(embeddingText(note)), text: embeddingText(note) }));
  started = performance.now();
  const filled = await fillVectorCache(jobs, embedder, cache);
  if (filled.embedded) costs.push(['per note (title, tags, body; batches of 16)', `${((performance.now() - started) / filled.embedded).toFixed(1)} ms`]);
  const noteVectors = active.map((note, i) => [note.id, cache.get(jobs[i].key)]);
  started = performance.now();
  await embedder.embed([allQueries[0]]);
  costs.push(['first call after load (graph warm-up)', `${(performance.now() - started).toFixed(0)} ms`]);
  const singles = [];
  for (const query of allQueries.slice(1, 22)) {
    started = performance.now();
    await embedder.embed([query]);
    singles.push(performance.now() - started);
  }
  costs.push(['per query vector (one text, median of 21)', `${median(singles).toFixed(1)} ms`]);
  started = performance.now();
  const queryVectors = new Map((await embedder.embed(allQueries)).map((v, i) => [allQueries[i], v]));
  costs.push(['per query vector (batched)', `${((performance.now() - started) / allQueries.length).toFixed(1)} ms`]);
  costs.push(['resident memory added by the model', `${((process.memoryUsage().rss - rssBefore) / 1e6).toFixed(0)} MB`]);
  const dense = (query) => rankBySimilarity(queryVectors.get(query), noteVectors);
  row('dense (USE-lite) alone', dense);
  for (const weight of [0.5, 1])
    row(`RRF k=60 of lexical before dates and dense, dense weight ${weight}`, (q) => reciprocalRankFusion([previous(q), dense(q)], [1, weight]));
  for (const weight of [0.2, 0.3, 0.4, 0.5, 0.6])
    row(`blend of lexical before dates and dense, weight ${weight}`, (q) => blendRankings(previous(q), dense(q), { denseWeight: weight }));
  const hybrid = (floor) => (q) => hybridRanking(lexical(q), queryVectors.get(q), noteVectors, { query: q, denseOnlyFloor: floor });
  row('hybrid in memory: lexical with dates, blend 0.4 (0.2 if a month is named), no floor', hybrid(undefined));

  // ---- the shipped search, end to end over a repository holding the labelled notes
  const repo = fs.mkdtempSync(path.join(os.tmpdir(), 'claude-memory-bench-embed-'));
  execFileSync('git', ['init', '-q'], { cwd: repo });
  fs.mkdirSync(path.join(repo, '.claude-memory'), { recursive: true });
  fs.cpSync(path.join(dataDir, 'notes'), path.join(repo, '.claude-memory', 'notes'), { recursive: true });
  refresh(repo, { force: true });
  // The vectors are the same texts under the same keys: start from the bench's cache, the flow embeds what is missing.
  fs.mkdirSync(path.dirname(vectorCacheFile(repo, embedder.id)), { recursive: true });
  fs.copyFileSync(benchCache, vectorCacheFile(repo, embedder.id));
  const run = await embedNotes(repo);
  notes.push(`embedding flow on the temp repository: ${run.status}, ${run.withVectors} of ${run.notes} notes with a vector`);
  const shipped = async (options) => {
    const out = new Map();
    const times = [];
    for (const q of allQueries) {
      const t = performance.now();
      out.set(q, await searchNotes(repo, q, { limit: 100, fresh: true, ...options }));
      times.push(performance.now() - t);
    }
    return { rank: (q) => out.get(q), ms: median(times) };
  };
  const shippedLexical = await shipped({ lexical: true });
  const shippedHybrid = await shipped({});
  let baseline;
  if (process.env.BASELINE_ROOT) {
    const root = path.resolve(process.env.BASELINE_ROOT);
    const other = fs.mkdtempSync(path.join(os.tmpdir(), 'claude-memory-bench-embed-baseline-'));
    execFileSync('git', ['init', '-q'], { cwd: other });
    fs.mkdirSync(path.join(other, '.claude-memory'), { recursive: true });
    fs.cpSync(path.join(dataDir, 'notes'), path.join(other, '.claude-memory', 'notes'), { recursive: true });
    (await import(path.join(root, 'dist', 'index', 'refresh.js'))).refresh(other, { force: true });
    const search = (await import(path.join(root, 'dist', 'retrieve', 'search.js'))).searchNotes;
    const out = new Map();
    for (const q of allQueries) out.set(q, await search(other, q, { limit: 100, fresh: true }));
    baseline = (q) => out.get(q);
    row(`shipped search of ${path.basename(root)} (BASELINE_ROOT)`, baseline);
    fs.rmSync(other, { recursive: true, force: true });
  }
  row('**shipped search --lexical**', shippedLexical.rank);
  row('**shipped search (hybrid)**', shippedHybrid.rank);
  costs.push(['shipped search per query, lexical (median, whole call)', `${shippedLexical.ms.toFixed(1)} ms`]);
  costs.push(['shipped search per query, hybrid (median, whole call incl. the query vector)', `${shippedHybrid.ms.toFixed(1)} ms`]);
  const gain = (better, worse, queries) => {
    const g = recallGain(better, worse, queries);
    return `${(100 * g.mean).toFixed(1)} points (95 % interval ${(100 * g.low).toFixed(1)} to ${(100 * g.high).toFixed(1)})`;
  };
  notes.push(`recall@5 gain of shipped hybrid over shipped --lexical, all paraphrased queries: ${gain(shippedHybrid.rank, shippedLexical.rank, paraphrased)}`);
  notes.push(
    `recall@5 gain of shipped hybrid over lexical search before the date words (in memory, active notes only), all paraphrased queries: ${gain(shippedHybrid.rank, previous, paraphrased)}`,
  );
  notes.push(`recall@5 gain on the 192 paraphrases alone, hybrid over --lexical: ${gain(shippedHybrid.rank, shippedLexical.rank, sets.paraphrase)}`);
  if (baseline)
    notes.push(`recall@5 gain of shipped hybrid over the BASELINE_ROOT search, all paraphrased queries: ${gain(shippedHybrid.rank, baseline, paraphrased)}`);
  // ---- the prompt hook: no model, but the date words reach it (its pointers as the hook would give them)
  notes.push(
    '\n| prompt hook pointers (shipped recall, default settings) | queries with a pointer | with a relevant pointer | pointers that are relevant |\n|---|---|---|---|',
  );
  for (const [name, queries] of Object.entries(sets)) {
    let some = 0,
      relevant = 0,
      given = 0,
      right = 0;
    for (const q of queries) {
      const { ids } = await recallForPrompt(repo, q.query, {
        minScore: DEFAULT_CONFIG.promptMinScore,
        maxPointers: DEFAULT_CONFIG.promptMaxPointers,
        budgetTokens: DEFAULT_CONFIG.promptBudgetTokens,
      });
      some += ids.length ? 1 : 0;
      relevant += ids.some((id) => q.relevant.includes(id)) ? 1 : 0;
      given += ids.length;
      right += ids.filter((id) => q.relevant.includes(id)).length;
    }
    notes.push(`| ${name} | ${(some / queries.length).toFixed(3)} | ${(relevant / queries.length).toFixed(3)} | ${(right / Math.max(1, given)).toFixed(3)} |`);
  }
  fs.rmSync(repo, { recursive: true, force: true });

  // ---- the floor for notes only the model finds: what it costs in recall, and how many such notes a query
  // about nothing in the store shows (each query with its own relevant notes taken out of the store)
  const floors = [undefined, 0.2, 0.3, 0.4, 0.45, 0.5, 0.55, 0.6];
  notes.push(
    '\n| floor for notes no query word reaches | literal MRR | paraphrased R@5 | paraphrased R@10 | relevant notes no query word reaches, in the top 10 | meaning-only notes in the top 10, answer absent |\n|---|---|---|---|---|---|',
  );
  for (const floor of floors) {
    const rank = hybrid(floor);
    const absent = paraphrased.map((q) => {
      const gone = new Set(q.relevant);
      const lex = lexical(q.query).filter((h) => !gone.has(h.id));
      const ranked = hybridRanking(
        lex,
        queryVectors.get(q.query),
        noteVectors.filter(([id]) => !gone.has(id)),
        { query: q.query, denseOnlyFloor: floor, limit: 10 },
      );
      const words = new Set(lex.map((h) => h.id));
      return ranked.filter((h) => !words.has(h.id)).length;
    });
    const [, , , lm] = evaluate(literal, rank);
    const [, p5, p10] = evaluate(paraphrased, rank);
    let rescued = 0;
    for (const q of [...literal, ...paraphrased]) {
      const words = new Set(lexical(q.query).map((h) => h.id));
      const top = new Set(
        rank(q.query)
          .slice(0, 10)
          .map((h) => h.id),
      );
      rescued += q.relevant.filter((id) => !words.has(id) && top.has(id)).length;
    }
    notes.push(
      `| ${floor ?? 'none'}${floor === DENSE_ONLY_FLOOR ? ' (shipped)' : ''} | ${lm.toFixed(3)} | ${p5.toFixed(3)} | ${p10.toFixed(3)} | ${rescued} | ${(absent.reduce((a, b) => a + b, 0) / absent.length).toFixed(2)} |`,
    );
  }
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
      const top = rerankWithStaticTable(
        hits.slice(0, 30),
        staticVector(table, q),
        (id) => noteVector.get(id),
        typeof weight === 'function' ? weight(q) : weight,
      );
      return [...top, ...hits.slice(30)];
    };
    row(
      'static table re-ranks the top 30 of lexical with dates, 0.3 (0.15 if a month is named)',
      rerank(lexical, (q) => denseWeightFor(q, 0.3)),
    );
  }
}

const f = (x) => x.toFixed(3);
console.log(
  `\n## Lexical, dense and hybrid retrieval (${active.length} active notes; ${Object.entries(sets)
    .map(([k, v]) => `${v.length} ${k}`)
    .join(', ')} queries)\n`,
);
console.log(
  `| ranking | ${Object.keys(sets)
    .map((s) => `${s} R@1 | R@5 | R@10 | MRR`)
    .join(' | ')} |`,
);
console.log(
  `|---|${Object.keys(sets)
    .map(() => '---|---|---|---')
    .join('|')}|`,
);
for (const [name, ...metrics] of rows) console.log(`| ${name} | ${metrics.map((m) => m.map(f).join(' | ')).join(' | ')} |`);
for (const line of notes) console.log(line);
if (costs.length) {
  console.log('\n| cost (wall clock, noisy on a shared machine) | value |\n|---|---|');
  for (const [name, value] of costs) console.log(`| ${name} | ${value} |`);
}
