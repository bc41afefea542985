// generateCorpus: a synthetic memory corpus of one shape, a pure function of (notes, seed, shape, days).
//
// Shapes follow the labelled retrieval set in bench/data/retrieval: titles of 4-10 words, 1-4 tags, 0-3 files, dates
// in 2026, the same mix of note types, ~5% superseded notes (each with a newer note in the same topic that lists it in
// `supersedes`) and ~3% archived. corpus/shapes.mjs says how each shape departs from that.
import fs from 'node:fs';
import path from 'node:path';
import { makeRandom, weights } from './random.mjs';
import { resolveShape } from './shapes.mjs';
import { makeWordSource } from './text.mjs';
import { buildVocabulary } from './vocabulary.mjs';

const TYPE_WEIGHTS = weights({ gotcha: 74, fact: 67, decision: 57, convention: 40, bugfix: 36, howto: 28, todo: 18, session: 14 });
const FILE_COUNT_WEIGHTS = weights({ 0: 20, 1: 45, 2: 25, 3: 10 });
const SUPERSEDED_SHARE = 0.054;
const ARCHIVED_SHARE = 0.03;
const BASE36 = '0123456789abcdefghijklmnopqrstuvwxyz';
const YEAR_START = Date.UTC(2026, 0, 1);
/** 2026-01-01 .. 2026-11-20: the default span of creation days. */
export const SPAN_DAYS = 323;
const DAY = 86_400_000;

const isoDay = (day) => new Date(YEAR_START + day * DAY).toISOString().slice(0, 10);

function slugify(title) {
  const slug = title
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  if (slug.length <= 48) return slug || 'note';
  return slug.slice(0, 48).replace(/-[^-]*$/, '') || 'note';
}

const needsQuotes = (s) => /[:#[\]{},&*!|>'"%@`]/.test(s) || /^[\s\-?]/.test(s) || /\s$/.test(s);
const yamlScalar = (s) => (needsQuotes(s) ? JSON.stringify(s) : s);
const hex = (rnd, n) => {
  let s = '';
  for (let i = 0; i < n; i++) s += '0123456789abcdef'[rnd.int(16)];
  return /[a-df]/.test(s) ? s : `"${s}"`; // digits-only or digits-e-digits would read back as a YAML number
};

/** Pass 1: every note's metadata, in creation order, so a superseding note is always newer than the note it replaces. */
function planNotes(rnd, vocab, gen, count, [firstDay, lastDay]) {
  const meta = new Array(count);
  const ids = new Set();
  const activeByTopic = new Map(vocab.topics.map((t) => [t, []]));
  const topicWeights = weights(Object.fromEntries(vocab.topics.map((t, i) => [t, 1 / Math.sqrt(i + 2)])));
  const span = lastDay - firstDay;
  let lastCreated = firstDay;
  for (let i = 0; i < count; i++) {
    const topicName = rnd.weighted(topicWeights);
    const topic = vocab.topicTerms.get(topicName);
    const title = gen.title(topic);
    const slug = slugify(title);
    let id;
    do {
      id = `${slug}-${BASE36[rnd.int(36)]}${BASE36[rnd.int(36)]}${BASE36[rnd.int(36)]}${BASE36[rnd.int(36)]}`;
    } while (ids.has(id));
    ids.add(id);
    // non-decreasing with i, so a superseding note is never dated before the note it replaces
    const created = Math.max(lastCreated, Math.min(lastDay, firstDay + Math.floor((i / Math.max(1, count)) * span) + rnd.int(3)));
    lastCreated = created;
    const tags = new Set([rnd.chance(0.6) ? topic.tags[0] : rnd.pick(topic.tags)]);
    for (let k = rnd.range(1, 4) - 1; k > 0; k--) tags.add(rnd.pick(topic.tags));
    const files = new Set();
    for (let k = Number(rnd.weighted(FILE_COUNT_WEIGHTS)); k > 0; k--) {
      files.add(rnd.chance(0.6) ? rnd.pick(topic.paths) : rnd.zipf(vocab.paths));
    }
    const type = rnd.weighted(TYPE_WEIGHTS);
    const note = {
      id,
      title,
      type,
      topic: topicName,
      tags: [...tags],
      files: [...files],
      created,
      updated: rnd.chance(0.3) ? Math.min(lastDay, created + rnd.range(1, 45)) : created,
      status: 'active',
      supersedes: null,
      supersededBy: null,
      source: type === 'session' || rnd.chance(0.6) ? `{ session: ${hex(rnd, 8)}, commit: ${hex(rnd, 7)} }` : null,
    };
    const pool = activeByTopic.get(topicName);
    if (pool.length > 0 && rnd.chance(SUPERSEDED_SHARE)) {
      const j = rnd.int(pool.length);
      const old = meta[pool[j]];
      pool[j] = pool[pool.length - 1];
      pool.pop();
      old.status = 'superseded';
      old.supersededBy = i;
      old.updated = Math.max(old.updated, created);
      if (old.updated < old.created) old.updated = old.created;
      note.supersedes = old.id;
    } else if (rnd.chance(ARCHIVED_SHARE)) {
      note.status = 'archived';
    }
    meta[i] = note;
    if (note.status === 'active') pool.push(i);
  }
  // A note may have been superseded after its own `updated` was drawn; keep updated >= created.
  for (const n of meta) if (n.updated < n.created) n.updated = n.created;
  return meta;
}

function noteText(n, body) {
  let text =
    `---\nid: ${n.id}\ntitle: ${yamlScalar(n.title)}\ntype: ${n.type}\ntopic: ${n.topic}\n` +
    `tags: [${n.tags.join(', ')}]\nfiles: [${n.files.join(', ')}]\n` +
    `created: ${isoDay(n.created)}\nupdated: ${isoDay(n.updated)}\nstatus: ${n.status}\n`;
  if (n.supersedes) text += `supersedes: [${n.supersedes}]\n`;
  if (n.source) text += `source: ${n.source}\n`;
  return `${text}---\n${body}\n`;
}

/**
 * Generate a synthetic memory corpus.
 * @param {{ notes: number, out: string, seed?: number, noteSeed?: number, shape?: string | object, days?: [number, number], concurrency?: number }} options
 *   notes: how many notes; out: target directory (created, existing files with other names are left alone);
 *   seed: PRNG seed (default 42); noteSeed: a separate seed for the notes, so a later batch shares the corpus's
 *   vocabulary and topics but not its notes (default: one stream for both, as the generator always did);
 *   shape: a name from corpus/shapes.mjs or a shape object (default 'current');
 *   days: creation days since 2026-01-01 to spread the notes over (default [0, 323]);
 *   concurrency: files written in parallel (default 32; the content never depends on it).
 * @returns {Promise<{ notes: number, topics: number, bytes: number, vocabulary: number, notesDir: string, ms: number,
 *   written: Array<{ path: string, id: string, status: string, supersededBy: number | null }> }>}
 *   `written` is in creation order; `path` is relative to `out`; `supersededBy` is the index of the newer note.
 */
export async function generateCorpus({ notes, out, seed = 42, noteSeed, shape = 'current', days = [0, SPAN_DAYS], concurrency = 32 }) {
  const count = Number(notes);
  if (!Number.isInteger(count) || count < 0) throw new TypeError(`notes must be a non-negative integer, got ${notes}`);
  if (!out) throw new TypeError('out is required');
  const spec = resolveShape(shape);
  const started = performance.now();
  const vocabRnd = makeRandom(Number(seed) >>> 0 || 0);
  const vocab = buildVocabulary(vocabRnd, spec);
  const rnd = noteSeed === undefined ? vocabRnd : makeRandom(Number(noteSeed) >>> 0 || 0);
  const gen = makeWordSource(rnd, vocab, spec);
  const notesDir = path.join(path.resolve(out), '.claude-memory', 'notes');
  const meta = planNotes(rnd, vocab, gen, count, days);

  // Pass 2: bodies and files. Text is generated in order on the main thread (so it is deterministic) while the
  // libuv threadpool writes earlier files; with a slow disk that overlap is most of the speed.
  for (const t of vocab.topics) fs.mkdirSync(path.join(notesDir, t), { recursive: true });
  const limit = Math.max(1, Math.floor(concurrency));
  let inflight = 0;
  let failure = null;
  let wake = null;
  const written = (err) => {
    inflight--;
    if (err && !failure) failure = err;
    if (wake) {
      const w = wake;
      wake = null;
      w();
    }
  };
  let bytes = 0;
  for (const n of meta) {
    if (failure) break;
    const text = noteText(n, gen.body(vocab.topicTerms.get(n.topic)));
    bytes += Buffer.byteLength(text);
    while (inflight >= limit) await new Promise((resolve) => (wake = resolve));
    inflight++;
    fs.writeFile(path.join(notesDir, n.topic, `${n.id}.md`), text, written);
  }
  while (inflight > 0) await new Promise((resolve) => (wake = resolve));
  if (failure) throw failure;
  return {
    notes: count,
    topics: vocab.topics.length,
    bytes,
    vocabulary: vocab.size,
    notesDir,
    ms: Math.round(performance.now() - started),
    written: meta.map((n) => ({ path: `.claude-memory/notes/${n.topic}/${n.id}.md`, id: n.id, status: n.status, supersededBy: n.supersededBy })),
  };
}
