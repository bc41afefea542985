#!/usr/bin/env node
// Validates the labelled retrieval dataset in this folder.
// Usage: node bench/data/retrieval/validate.mjs [dataset-dir]
// Plain Node, no dependencies: front matter is read from the lines between the first two `---`.
import fs from 'node:fs';
import path from 'node:path';

const here = import.meta.dirname ?? decodeURIComponent(new URL('.', import.meta.url).pathname);
const root = path.resolve(process.argv[2] ?? here);
const notesDir = path.join(root, 'notes');
const queriesFile = path.join(root, 'queries.json');
// Paraphrased queries (README: "Paraphrased queries") live apart so the literal set's figures stay comparable.
const paraphrasedFile = path.join(root, 'paraphrased.json');

const MIN_NOTES = 320;
const MIN_QUERIES = 110;
const MIN_PARAPHRASED = 100;
const TYPES = new Set(['decision', 'convention', 'fact', 'gotcha', 'bugfix', 'howto', 'todo', 'session']);
const STATUSES = new Set(['active', 'superseded', 'archived']);
const KINDS = new Set(['keyword', 'question', 'error', 'path', 'partial', 'synonym']);
const PARAPHRASED_KINDS = new Set(['paraphrase', 'time']);
const DATE = /^2026-\d\d-\d\d$/;

const errors = [];
const fail = (where, msg) => errors.push(`${where}: ${msg}`);

function unquote(s) {
  s = s.trim();
  if (s.startsWith('"') && s.endsWith('"')) {
    try {
      return JSON.parse(s);
    } catch {
      return s.slice(1, -1);
    }
  }
  if (s.startsWith("'") && s.endsWith("'")) return s.slice(1, -1).replace(/''/g, "'");
  return s;
}

/** `[a, "b, c", d]` -> ['a', 'b, c', 'd'] (flow sequences of plain or double-quoted scalars). */
function parseList(s) {
  s = s.trim();
  if (!s.startsWith('[') || !s.endsWith(']')) return null;
  const out = [];
  let cur = '';
  let quoted = false;
  const inner = s.slice(1, -1);
  for (let i = 0; i < inner.length; i++) {
    const c = inner[i];
    if (quoted) {
      cur += c;
      if (c === '\\') cur += inner[++i] ?? '';
      else if (c === '"') quoted = false;
    } else if (c === '"') {
      quoted = true;
      cur += c;
    } else if (c === ',') {
      out.push(cur);
      cur = '';
    } else cur += c;
  }
  if (cur.trim()) out.push(cur);
  return out.map(unquote).filter((x) => x !== '');
}

/** Minimal front matter reader: top-level `key: value` lines between the first two `---`. */
function frontMatter(text) {
  const lines = text.split(/\r?\n/);
  if (lines[0] !== '---') return null;
  const end = lines.indexOf('---', 1);
  if (end < 0) return null;
  const data = {};
  for (const line of lines.slice(1, end)) {
    const m = /^([A-Za-z_][\w-]*):\s*(.*)$/.exec(line);
    if (!m) continue;
    const [, key, raw] = m;
    data[key] = raw.startsWith('[') ? parseList(raw) : unquote(raw);
  }
  return { data, body: lines.slice(end + 1).join('\n').trim() };
}

// ---- notes
const notes = new Map();
const count = (map, key) => map.set(key, (map.get(key) ?? 0) + 1);
const byType = new Map();
const byTopic = new Map();
const byStatus = new Map();

if (!fs.existsSync(notesDir)) {
  console.error(`no notes folder at ${notesDir}`);
  process.exit(1);
}
for (const topic of fs.readdirSync(notesDir).sort()) {
  const topicDir = path.join(notesDir, topic);
  if (!fs.statSync(topicDir).isDirectory()) continue;
  for (const file of fs.readdirSync(topicDir).sort()) {
    const rel = `notes/${topic}/${file}`;
    if (!file.endsWith('.md')) {
      fail(rel, 'not a .md file');
      continue;
    }
    const fm = frontMatter(fs.readFileSync(path.join(topicDir, file), 'utf8'));
    if (!fm) {
      fail(rel, 'no front matter block');
      continue;
    }
    const d = fm.data;
    if (!d.id) fail(rel, 'missing id');
    else if (`${d.id}.md` !== file) fail(rel, `file name does not match id ${d.id}`);
    if (d.id && !/^[a-z0-9]+(?:-[a-z0-9]+)*-[a-z0-9]{4}$/.test(d.id)) fail(rel, `id ${d.id} is not slug-xxxx`);
    if (notes.has(d.id)) fail(rel, `duplicate id ${d.id} (also ${notes.get(d.id).rel})`);
    if (!d.title) fail(rel, 'missing title');
    if (!TYPES.has(d.type)) fail(rel, `bad type ${d.type}`);
    if (d.topic !== topic) fail(rel, `topic ${d.topic} does not match folder ${topic}`);
    if (!STATUSES.has(d.status)) fail(rel, `bad status ${d.status}`);
    if (!Array.isArray(d.tags) || d.tags.length < 1 || d.tags.length > 4) fail(rel, 'tags must be a list of 1-4');
    if (!Array.isArray(d.files) || d.files.length > 3) fail(rel, 'files must be a list of 0-3');
    if (!DATE.test(d.created ?? '')) fail(rel, `bad created ${d.created}`);
    if (!DATE.test(d.updated ?? '')) fail(rel, `bad updated ${d.updated}`);
    if (d.created && d.updated && d.updated < d.created) fail(rel, 'updated before created');
    if (!fm.body) fail(rel, 'empty body');
    notes.set(d.id, { ...d, rel, supersedes: d.supersedes ?? [] });
    count(byType, d.type);
    count(byTopic, topic);
    count(byStatus, d.status);
  }
}

// supersession links: targets exist, are superseded and older; every superseded note has a successor
const supersededBy = new Map();
for (const n of notes.values()) {
  if (!Array.isArray(n.supersedes)) {
    fail(n.rel, 'supersedes must be a list');
    continue;
  }
  for (const old of n.supersedes) {
    const o = notes.get(old);
    if (!o) fail(n.rel, `supersedes unknown id ${old}`);
    else {
      if (o.status !== 'superseded') fail(n.rel, `supersedes ${old}, whose status is ${o.status}`);
      if (o.created > n.created) fail(n.rel, `supersedes ${old}, which is newer`);
      supersededBy.set(old, n.id);
    }
  }
}
for (const n of notes.values()) {
  if (n.status === 'superseded' && !supersededBy.has(n.id)) fail(n.rel, 'superseded but no note supersedes it');
}

// ---- queries
const byKind = new Map();
const seenQueries = new Set();
function checkQueries(file, kinds) {
  const name = path.basename(file);
  let queries = [];
  try {
    queries = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    fail(name, `unreadable: ${e.message}`);
  }
  if (!Array.isArray(queries)) {
    fail(name, 'must be an array');
    queries = [];
  }
  queries.forEach((q, i) => {
    const where = `${name}[${i}] ${JSON.stringify(q?.query)}`;
    if (typeof q?.query !== 'string' || !q.query.trim()) fail(where, 'missing query text');
    else if (seenQueries.has(q.query.toLowerCase())) fail(where, 'duplicate query');
    else seenQueries.add(q.query.toLowerCase());
    if (!kinds.has(q?.kind)) fail(where, `bad kind ${q?.kind}`);
    if (!Array.isArray(q?.relevant) || q.relevant.length === 0) fail(where, 'relevant must be a non-empty list');
    else {
      if (new Set(q.relevant).size !== q.relevant.length) fail(where, 'relevant has duplicates');
      for (const id of q.relevant) {
        const n = notes.get(id);
        if (!n) fail(where, `relevant id ${id} does not exist`);
        else if (n.status !== 'active') fail(where, `relevant id ${id} is ${n.status}, not active`);
      }
    }
    count(byKind, q?.kind);
  });
  return queries;
}
const queries = checkQueries(queriesFile, KINDS);
const paraphrased = checkQueries(paraphrasedFile, PARAPHRASED_KINDS);

// ---- totals
if (notes.size < MIN_NOTES) fail('notes', `${notes.size} notes, need at least ${MIN_NOTES}`);
if (queries.length < MIN_QUERIES) fail('queries', `${queries.length} queries, need at least ${MIN_QUERIES}`);
if (paraphrased.length < MIN_PARAPHRASED) fail('paraphrased', `${paraphrased.length} queries, need at least ${MIN_PARAPHRASED}`);

const fmt = (m) => [...m.entries()].sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k} ${v}`).join(', ');
console.log(`notes: ${notes.size} in ${byTopic.size} topics`);
console.log(`  by type: ${fmt(byType)}`);
console.log(`  by status: ${fmt(byStatus)}`);
console.log(`  by topic: ${fmt(byTopic)}`);
console.log(`queries: ${queries.length} literal, ${paraphrased.length} paraphrased`);
console.log(`  by kind: ${fmt(byKind)}`);

if (errors.length) {
  console.error(`\n${errors.length} problem(s):`);
  for (const e of errors) console.error(`  ${e}`);
  process.exit(1);
}
console.log('\nOK');
