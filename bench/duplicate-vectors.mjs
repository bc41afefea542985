// Would the sentence model help compression's duplicate check (store/similar.ts), which decides whether a new note
// updates an existing one? A wrong merge loses a memory, so a vector signal is worth adding only if some cosine
// threshold catches duplicates the word rule misses while staying above every pair that must not merge. Printed:
// the cosine of the duplicate and non-duplicate pairs of test/store/similar.test.ts (with the word rule's verdict),
// of every superseded note and the note that superseded it in the labelled set (a changed decision: must not merge),
// and of every two distinct active notes of the labelled set (different memories). Needs the sentence model.
import path from 'node:path';
import { ROOT } from './lib.mjs';
import { notes, active } from './retrieval-set.mjs';
import { loadSentenceEmbedder } from '../dist/index/embeddings/embedder.js';
import { embeddingText, contentKey } from '../dist/index/embeddings/note-text.js';
import { VectorCache } from '../dist/index/embeddings/vector-cache.js';
import { fillVectorCache } from '../dist/index/embeddings/fill.js';
import { dot } from '../dist/index/embeddings/vectors.js';
import { compareNotes } from '../dist/store/similar.js';

const embedder = await loadSentenceEmbedder({ onUnavailable: (reason) => console.log(`(sentence model unavailable: ${reason}; duplicate figures skipped)`) });
if (!embedder) process.exit(0);
const cache = VectorCache.load(path.join(ROOT, 'bench', 'out', 'embeddings', `${embedder.id}.json`), embedder.id, embedder.dimensions);
await fillVectorCache(
  notes.map((note) => ({ key: contentKey(embeddingText(note)), text: embeddingText(note) })),
  embedder,
  cache,
);
const vectorOf = (note) => cache.get(contentKey(embeddingText(note)));

const note = (title, body = '', files = [], type = 'decision') => ({ title, body, files, type, tags: [] });
const rs256 = note('Access tokens are signed with RS256', 'Billing and search verify tokens with the public key only, so they cannot mint them.', [
  'config/auth.json',
]);
const cases = [
  ['the same lesson compressed twice', rs256, { ...rs256, body: 'Verifiers (billing, search) only hold the public key, so they cannot mint tokens.' }, true],
  ['the same title, other words', rs256, note('Access tokens are signed with RS256.', 'We sign with an asymmetric key.'), true],
  ['a rephrased title about the same files', rs256, note('Access tokens get signed with RS256 keys', 'Rotation every 90 days.', ['config/auth.json']), true],
  [
    'a rephrased title with most of the body',
    rs256,
    note('API tokens signed using RS256', 'Billing and search verify the tokens with the public key only; they cannot mint them.'),
    true,
  ],
  ['a changed decision (RS256 → HS256)', rs256, note('Access tokens are signed with HS256', 'One shared secret signs and verifies.'), false],
  ['the same words about other things', note('Cache search results', 'Redis, five minutes.'), note('Cache user sessions', 'Memcached, one hour.'), false],
];
console.log('\n## Vector similarity as a duplicate signal\n\n| pair | duplicate? | word rule says | cosine |\n|---|---|---|---|');
for (const [what, a, b, duplicate] of cases) {
  const [x, y] = await embedder.embed([embeddingText(a), embeddingText(b)]);
  console.log(`| ${what} | ${duplicate ? 'yes' : 'no'} | ${compareNotes(a, b).duplicate ? 'duplicate' : 'different'} | ${dot(x, y).toFixed(3)} |`);
}
const byId = new Map(notes.map((n) => [n.id, n]));
const changed = notes.flatMap((n) => (n.supersedes ?? []).filter((old) => byId.has(old)).map((old) => dot(vectorOf(n), vectorOf(byId.get(old)))));
const distinct = [];
for (let i = 0; i < active.length; i++) for (let j = i + 1; j < active.length; j++) distinct.push(dot(vectorOf(active[i]), vectorOf(active[j])));
const pct = (values, p) => [...values].sort((a, b) => a - b)[Math.floor(p * (values.length - 1))].toFixed(3);
console.log(
  `\nsuperseded note vs its successor (${changed.length} changed decisions): min ${pct(changed, 0)}, median ${pct(changed, 0.5)}, max ${pct(changed, 1)}`,
);
console.log(
  `two distinct active notes (${distinct.length} pairs): median ${pct(distinct, 0.5)}, 99th percentile ${pct(distinct, 0.99)}, max ${pct(distinct, 1)}; ${distinct.filter((c) => c >= 0.8).length} pairs at 0.8 or more`,
);
