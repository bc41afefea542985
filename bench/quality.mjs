// Retrieval quality on the labelled set in bench/data/retrieval: recall@1/5/10 and MRR of the shipped ranking
// against MiniSearch defaults and a few variants, so ranking changes are decided by measurement.
import fs from 'node:fs';
import path from 'node:path';
import MiniSearch from 'minisearch';
import { ROOT, retrievalModules } from './dist.mjs';
import { reportRows } from './lib.mjs';

const { listNoteFiles, readNoteFile, searchDoc, MINISEARCH_OPTIONS, SEARCH_OPTIONS, SEARCH_FIELDS, STORED_FIELDS } = await retrievalModules();

const dataDir = path.join(ROOT, 'bench', 'data', 'retrieval');
const { files } = listNoteFiles(dataDir, path.join(dataDir, 'notes'));
const notes = files.map((file) => readNoteFile(file).note).filter(Boolean);
const docs = notes.filter((note) => note.status === 'active').map(searchDoc);
const queries = JSON.parse(fs.readFileSync(path.join(dataDir, 'queries.json'), 'utf8'));

const variants = {
  'MiniSearch defaults': { options: { fields: [...SEARCH_FIELDS], storeFields: [...STORED_FIELDS] }, search: {} },
  'shipped (stem + stopwords + camelCase, boosts, prefix ≥4)': { options: MINISEARCH_OPTIONS, search: SEARCH_OPTIONS },
  'shipped without prefix': { options: MINISEARCH_OPTIONS, search: { ...SEARCH_OPTIONS, prefix: false } },
  'shipped with fuzzy 0.2': { options: MINISEARCH_OPTIONS, search: { ...SEARCH_OPTIONS, fuzzy: 0.2 } },
  'shipped without boosts': { options: MINISEARCH_OPTIONS, search: { ...SEARCH_OPTIONS, boost: {} } },
  'shipped without stemming': {
    options: {
      ...MINISEARCH_OPTIONS,
      processTerm: (t) => {
        const l = t.toLowerCase();
        return l.length < 2 ? null : l;
      },
    },
    search: SEARCH_OPTIONS,
  },
  'default tokenizer + shipped terms': { options: (({ tokenize: _t, ...rest }) => rest)(MINISEARCH_OPTIONS), search: SEARCH_OPTIONS },
};

function evaluate({ options, search }) {
  const ms = new MiniSearch(options);
  ms.addAll(docs);
  let r1 = 0,
    r5 = 0,
    r10 = 0,
    mrr = 0;
  const byKind = {};
  for (const q of queries) {
    const ranked = ms.search(q.query, search).map((r) => r.id);
    const rel = new Set(q.relevant);
    const recallAt = (k) => ranked.slice(0, k).filter((id) => rel.has(id)).length / rel.size;
    const first = ranked.findIndex((id) => rel.has(id));
    const rr = first === -1 ? 0 : 1 / (first + 1);
    r1 += recallAt(1);
    r5 += recallAt(5);
    r10 += recallAt(10);
    mrr += rr;
    (byKind[q.kind] ??= []).push(rr);
  }
  const n = queries.length;
  return {
    r1: r1 / n,
    r5: r5 / n,
    r10: r10 / n,
    mrr: mrr / n,
    byKind: Object.fromEntries(Object.entries(byKind).map(([k, v]) => [k, v.reduce((a, b) => a + b, 0) / v.length])),
  };
}

const pct = (x) => x.toFixed(3);
console.log(`\n## Retrieval quality (${docs.length} active notes of ${notes.length}, ${queries.length} labelled queries)\n`);
const kinds = [...new Set(queries.map((q) => q.kind))].sort();
console.log(`| ranking | recall@1 | recall@5 | recall@10 | MRR | ${kinds.map((k) => `MRR ${k}`).join(' | ')} |`);
console.log(`|---|---|---|---|---|${kinds.map(() => '---').join('|')}|`);
for (const [name, variant] of Object.entries(variants)) {
  const m = evaluate(variant);
  if (name.startsWith('shipped (')) {
    reportRows(
      ['r1', 'r10', 'mrr'].map((key) => ({
        suite: 'quality',
        name: `${{ r1: 'recall@1', r10: 'recall@10', mrr: 'MRR' }[key]}, shipped ranking`,
        value: Number(m[key].toFixed(3)),
        unit: '',
      })),
    );
  }
  console.log(`| ${name} | ${pct(m.r1)} | ${pct(m.r5)} | ${pct(m.r10)} | ${pct(m.mrr)} | ${kinds.map((k) => pct(m.byKind[k] ?? 0)).join(' | ')} |`);
}
