// What the benchmarks need to know about a generated corpus to ask it realistic questions: its most common content
// words (the terms that match thousands of notes) and a few sample notes to quote titles, identifiers and prose from.
import fs from 'node:fs';
import path from 'node:path';
import { makeRandom } from './random.mjs';
import { CONJUNCTIONS, DETERMINERS, MODALS, PREPOSITIONS } from './words.mjs';

const FUNCTION_WORDS = new Set([
  ...DETERMINERS,
  ...PREPOSITIONS,
  ...CONJUNCTIONS,
  ...MODALS,
  'and',
  'the',
  'not',
  'are',
  'was',
  'were',
  'has',
  'have',
  'had',
  'its',
  'it',
  'an',
  'is',
  'be',
  'been',
]);
const SAMPLE_LIMIT = 3000;

/** Pure: title and body of a note as the generator writes it (flat front matter, then the body). */
export function splitNote(text) {
  const end = text.indexOf('\n---\n', 4);
  const front = end === -1 ? '' : text.slice(4, end);
  const body = end === -1 ? text : text.slice(end + 5);
  const title = /^title: (.*)$/m.exec(front)?.[1]?.replace(/^"(.*)"$/, (_, inner) => JSON.parse(`"${inner}"`)) ?? '';
  return { title, body };
}

/** Pure: the `limit` content words found in the most texts, with the share of texts that hold each. */
export function commonTerms(texts, limit = 6) {
  const df = new Map();
  for (const text of texts) {
    const seen = new Set(text.toLowerCase().match(/[a-z][a-z0-9]{2,}/g) ?? []);
    for (const term of seen) if (!FUNCTION_WORDS.has(term)) df.set(term, (df.get(term) ?? 0) + 1);
  }
  return [...df]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, limit)
    .map(([term, n]) => ({ term, share: Number((n / Math.max(1, texts.length)).toFixed(3)) }));
}

/**
 * Common terms over up to 3,000 notes spread evenly through the corpus, and `samples` active notes picked with the
 * seed. `written` is generateCorpus's list (paths relative to `dir`).
 */
export function describeCorpus(dir, written, seed, samples = 12) {
  const read = (rel) => splitNote(fs.readFileSync(path.join(dir, rel), 'utf8'));
  const step = Math.max(1, Math.floor(written.length / SAMPLE_LIMIT));
  const texts = [];
  for (let i = 0; i < written.length; i += step) {
    const { title, body } = read(written[i].path);
    texts.push(`${title}\n${body}`);
  }
  const rnd = makeRandom((Number(seed) ^ 0x5eed) >>> 0);
  const active = written.filter((n) => n.status === 'active');
  const picked = new Map();
  for (let guard = 0; picked.size < Math.min(samples, active.length) && guard < samples * 50; guard++) {
    const n = rnd.pick(active);
    picked.set(n.id, n);
  }
  return {
    commonTerms: commonTerms(texts),
    samples: [...picked.values()].map((n) => {
      const { title, body } = read(n.path);
      const identifier = (body.match(/`([^`\s/]{4,60})`/g) ?? []).map((s) => s.slice(1, -1)).find((s) => !/^\d/.test(s));
      return { id: n.id, path: n.path, title, identifier: identifier ?? null, body: body.slice(0, 1500) };
    }),
  };
}
