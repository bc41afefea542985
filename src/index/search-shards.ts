import fs from 'node:fs';
import path from 'node:path';
import MiniSearch, { type SearchOptions, type SearchResult } from 'minisearch';
import { writeDerivedFile } from '../store/atomic.js';
import { MINISEARCH_OPTIONS, SEARCH_FIELDS, SEARCH_FORMAT, processTerm, shardKey, tokenize, type SearchDoc } from './text.js';

/**
 * The MiniSearch index, stored split by term: `meta.json` holds the per-document tables and each `t-<key>.json`
 * the postings of the terms starting with the same two characters. A query loads the meta and only the shards of
 * its own terms, so its cost barely grows with the corpus, and the scores are exactly MiniSearch's (BM25 needs only
 * the postings of the query terms and the per-document field lengths).
 */
type Plain = ReturnType<MiniSearch<SearchDoc>['toJSON']>;
type TermEntry = Plain['index'][number];
type Meta = Omit<Plain, 'index'> & { format: number; shards: string[] };

const META = 'meta.json';
/** Per document, the shard keys its terms fall in, so an update can find and remove every old posting. */
const DOC_SHARDS = 'doc-shards.json';
type DocShards = Record<string, string[]>;
const shardFile = (dir: string, key: string) => path.join(dir, `t-${key}.json`);

function readJson<T>(file: string): T | undefined {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as T;
  } catch {
    return undefined;
  }
}

export function readMeta(dir: string): Meta | undefined {
  const meta = readJson<Meta>(path.join(dir, META));
  return meta && meta.format === SEARCH_FORMAT ? meta : undefined;
}

function readShard(dir: string, key: string): TermEntry[] {
  return readJson<TermEntry[]>(shardFile(dir, key)) ?? [];
}

function splitByShard(entries: TermEntry[]): Map<string, TermEntry[]> {
  const shards = new Map<string, TermEntry[]>();
  for (const entry of entries) {
    const key = shardKey(entry[0]);
    let list = shards.get(key);
    if (!list) shards.set(key, (list = []));
    list.push(entry);
  }
  return shards;
}

function writeSnapshot(dir: string, plain: Plain, previous: string[], touched?: Set<string>): void {
  const { index, ...rest } = plain;
  const shards = splitByShard(index);
  const keys = new Set([...previous, ...shards.keys()]);
  for (const [key, entries] of shards) {
    if (!touched || touched.has(key)) writeDerivedFile(shardFile(dir, key), JSON.stringify(entries));
  }
  if (!touched) {
    for (const key of previous) if (!shards.has(key)) fs.rmSync(shardFile(dir, key), { force: true });
  }
  const meta: Meta = { ...rest, format: SEARCH_FORMAT, shards: [...(touched ? keys : shards.keys())].sort() };
  // The meta goes last: a reader that races a writer sees old tables with new postings at worst, and MiniSearch
  // skips postings of documents it does not know.
  writeDerivedFile(path.join(dir, META), JSON.stringify(meta));
}

/** Build the whole index from scratch and replace what was on disk. */
export function writeFullIndex(dir: string, docs: SearchDoc[]): void {
  fs.mkdirSync(dir, { recursive: true });
  const search = new MiniSearch<SearchDoc>(MINISEARCH_OPTIONS);
  search.addAll(docs);
  const previous = readMeta(dir)?.shards ?? listShardKeys(dir);
  const plain = search.toJSON();
  writeDerivedFile(path.join(dir, DOC_SHARDS), JSON.stringify(docShardsOf(plain)));
  writeSnapshot(dir, plain, previous);
}

/** Each document's shard keys, read off the postings (cheaper than tokenizing every document a second time). */
function docShardsOf(plain: Plain): DocShards {
  const keysByShortId = new Map<string, Set<string>>();
  for (const [term, fields] of plain.index) {
    const key = shardKey(term);
    for (const postings of Object.values(fields as Record<string, Record<string, number>>)) {
      for (const shortId in postings) {
        let keys = keysByShortId.get(shortId);
        if (!keys) keysByShortId.set(shortId, (keys = new Set()));
        keys.add(key);
      }
    }
  }
  const out: DocShards = {};
  for (const [shortId, keys] of keysByShortId) out[String(plain.documentIds[shortId])] = [...keys];
  return out;
}

const docKeys = (doc: SearchDoc) => shardKeysOf(SEARCH_FIELDS.map((field) => doc[field]));

/** Drop postings of documents the index no longer has: what MiniSearch's vacuum does, on the loaded shards. */
function vacuum(plain: Plain): Plain {
  const live = plain.documentIds;
  const index: TermEntry[] = [];
  for (const [term, fields] of plain.index) {
    const kept: Record<string, Record<string, number>> = {};
    for (const [fieldId, postings] of Object.entries(fields as Record<string, Record<string, number>>)) {
      const alive = Object.entries(postings).filter(([shortId]) => shortId in live);
      if (alive.length) kept[fieldId] = Object.fromEntries(alive);
    }
    if (Object.keys(kept).length) index.push([term, kept] as TermEntry);
  }
  return { ...plain, index, dirtCount: 0 };
}

function listShardKeys(dir: string): string[] {
  try {
    return fs
      .readdirSync(dir)
      .filter((name) => /^t-[0-9a-f]+\.json$/.test(name))
      .map((name) => name.slice(2, -5));
  } catch {
    return [];
  }
}

/** Shard keys a document's (or a query's) terms fall in. */
export function shardKeysOf(texts: string[]): Set<string> {
  const keys = new Set<string>();
  for (const text of texts) {
    for (const token of tokenize(text)) {
      const term = processTerm(token);
      if (term) keys.add(shardKey(term));
    }
  }
  return keys;
}

function load(meta: Meta, dir: string, keys: Iterable<string>): MiniSearch<SearchDoc> {
  const present = new Set(meta.shards);
  const index: TermEntry[] = [];
  for (const key of keys) if (present.has(key)) index.push(...readShard(dir, key));
  const { format: _format, shards: _shards, ...rest } = meta;
  return MiniSearch.loadJS<SearchDoc>({ ...rest, index }, MINISEARCH_OPTIONS);
}

/**
 * Apply changed and removed documents to the stored index, touching only the shards their old and new terms fall
 * in. Old postings are removed, not just skipped: MiniSearch's BM25 counts a discarded posting until it meets it,
 * which would shift scores. Undefined when there is no index to update (the caller rebuilds).
 */
export function applyChanges(dir: string, upserts: SearchDoc[], removedIds: string[]): { applied: true } | undefined {
  const meta = readMeta(dir);
  const docShards = readJson<DocShards>(path.join(dir, DOC_SHARDS));
  if (!meta || !docShards) return undefined;
  const gone = [...removedIds, ...upserts.map((doc) => doc.id)];
  const keys = new Set<string>();
  for (const id of gone) for (const key of docShards[id] ?? []) keys.add(key);
  for (const doc of upserts) for (const key of (docShards[doc.id] = [...docKeys(doc)])) keys.add(key);
  for (const id of removedIds) delete docShards[id];
  const search = load(meta, dir, keys);
  for (const id of gone) if (search.has(id)) search.discard(id);
  search.addAll(upserts);
  writeDerivedFile(path.join(dir, DOC_SHARDS), JSON.stringify(docShards));
  writeSnapshot(dir, vacuum(search.toJSON()), meta.shards, keys);
  return { applied: true };
}

export type StoredResult = SearchResult & Partial<Pick<SearchDoc, 'title' | 'type' | 'path' | 'status' | 'topic' | 'updated'>>;

/** Search the stored index, loading only the shards the query needs. Undefined when there is no index. */
export function searchShards(dir: string, query: string, options: SearchOptions = {}): StoredResult[] | undefined {
  const meta = readMeta(dir);
  if (!meta) return undefined;
  const search = load(meta, dir, shardKeysOf([query]));
  return search.search(query, options) as StoredResult[];
}

/** The full index in memory (for the quality benchmark and tests that compare against MiniSearch itself). */
export function loadWholeIndex(dir: string): MiniSearch<SearchDoc> | undefined {
  const meta = readMeta(dir);
  return meta ? load(meta, dir, meta.shards) : undefined;
}
