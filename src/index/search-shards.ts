import fs from 'node:fs';
import path from 'node:path';
import MiniSearch, { type SearchOptions, type SearchResult } from 'minisearch';
import { readJsonFile as readJson } from '../core/json-file.js';
import { writeDerivedFile } from '../store/atomic.js';
import {
  FIELD_COUNT,
  META,
  NOTES_PER_BUCKET,
  bucketOf,
  keysFile,
  readMeta,
  readShard,
  shardFile,
  shardKeysOf,
  storedFile,
  storedFieldsReader,
  storedOf,
  type Bucket,
  type Meta,
  type Plain,
  type Postings,
  type StoredFields,
  type Tables,
  type TermEntry,
} from './shard-files.js';
import { CACHE_FORMAT } from '../cache/layout.js';
import { MINISEARCH_OPTIONS, SEARCH_OPTIONS, processTerm, shardKey, tokenize, type SearchDoc } from './text.js';

/**
 * The MiniSearch index, stored split by term: `meta.json` holds the per-document tables MiniSearch scores with
 * (ids, field lengths) and each `t-<key>.json` the postings of the terms starting with the same three characters. A
 * query loads the meta and only the shards of its own terms, so its cost barely grows with the corpus, and the scores
 * are exactly MiniSearch's (BM25 needs only the postings of the query terms, the document count and the field
 * lengths). Per note, `s-<bucket>.json` holds what a hit shows (title, type, path, status…), read only for the hits
 * a caller keeps, and `k-<bucket>.json` the shard keys of its terms, read only to update that note.
 */
const docsOf = (fields: Postings) => {
  const docs = new Set<string>();
  for (const postings of Object.values(fields)) for (const shortId in postings) docs.add(shortId);
  return docs;
};

/**
 * Each document's shard keys, read off the postings (cheaper than tokenizing every document a second time).
 * Terms come grouped by key (MiniSearch serialises its radix tree in order, and a key is a term's first letters),
 * so a row's keys arrive in runs and comparing with the last one is enough to keep them unique.
 */
function keysByRow(index: TermEntry[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const [term, fields] of index) {
    const key = shardKey(term);
    for (const postings of Object.values(fields)) {
      for (const row in postings) {
        const keys = out.get(row);
        if (!keys) out.set(row, [key]);
        else if (keys[keys.length - 1] !== key) keys.push(key);
      }
    }
  }
  // Cheap insurance should the serialisation order ever change: one pass per row, not one per posting.
  for (const [row, keys] of out) out.set(row, [...new Set(keys)]);
  return out;
}

function groupByShard(index: TermEntry[]): Map<string, TermEntry[]> {
  const shards = new Map<string, TermEntry[]>();
  for (const entry of index) {
    const key = shardKey(entry[0]);
    let list = shards.get(key);
    if (!list) shards.set(key, (list = []));
    list.push(entry);
  }
  return shards;
}

/** Write the meta last: a reader racing a writer sees old tables with new postings at worst, and skips unknown rows. */
function writeMeta(dir: string, meta: Meta): void {
  writeDerivedFile(path.join(dir, META), JSON.stringify(meta));
}

/** Build the whole index from scratch and replace what was on disk. */
export function writeFullIndex(dir: string, docs: SearchDoc[]): void {
  fs.mkdirSync(dir, { recursive: true });
  const search = new MiniSearch<SearchDoc>(MINISEARCH_OPTIONS);
  search.addAll(docs);
  const { index, documentIds, fieldLength, storedFields: _stored, ...rest } = search.toJSON() as Plain & { index: TermEntry[] };
  const shards = groupByShard(index);
  for (const [key, entries] of shards) writeDerivedFile(shardFile(dir, key), JSON.stringify(entries));

  const tables: Tables = { ids: [], lengths: [] };
  for (const [row, id] of Object.entries(documentIds)) {
    tables.ids[Number(row)] = String(id);
    const lengths = fieldLength[row] ?? [];
    for (let f = 0; f < FIELD_COUNT; f++) tables.lengths[Number(row) * FIELD_COUNT + f] = lengths[f] ?? 0;
  }
  const buckets = Math.max(1, Math.ceil(docs.length / NOTES_PER_BUCKET));
  const stored: Array<Bucket<StoredFields>> = Array.from({ length: buckets }, () => ({}));
  const keys: Array<Bucket<string[]>> = Array.from({ length: buckets }, () => ({}));
  for (const doc of docs) stored[bucketOf(doc.id, buckets)]![doc.id] = storedOf(doc);
  for (const [row, rowKeys] of keysByRow(index)) {
    const id = String(documentIds[row]);
    keys[bucketOf(id, buckets)]![id] = rowKeys;
  }
  for (let b = 0; b < buckets; b++) {
    writeDerivedFile(storedFile(dir, b), JSON.stringify(stored[b]));
    writeDerivedFile(keysFile(dir, b), JSON.stringify(keys[b]));
  }
  // Files of an earlier, larger layout would never be read again: remove them.
  for (const name of fs.readdirSync(dir)) {
    const shard = /^t-([0-9a-f]+)\.json$/.exec(name);
    const bucket = /^[sk]-(\d+)\.json$/.exec(name);
    if ((shard && !shards.has(shard[1]!)) || (bucket && Number(bucket[1]) >= buckets)) fs.rmSync(path.join(dir, name), { force: true });
  }
  writeMeta(dir, { ...rest, ids: fillHoles(tables.ids), lengths: tables.lengths, format: CACHE_FORMAT, shards: [...shards.keys()].sort(), buckets });
}

const fillHoles = (ids: Array<string | null>) => Array.from(ids, (id) => id ?? null);

/**
 * Apply changed and removed documents to the stored index without loading it: the new versions are indexed in a
 * small MiniSearch of their own, whose postings are spliced into the shards their terms fall in, and the old rows
 * are dropped from the shards their old terms fell in (known from `k-<bucket>.json`). Document count and average
 * field lengths are recomputed from the tables, as a full build computes them. Undefined when there is no index to
 * update (the caller rebuilds).
 */
export function applyChanges(dir: string, upserts: SearchDoc[], removedIds: string[]): { applied: true } | undefined {
  const meta = readMeta(dir);
  if (!meta) return undefined;
  const gone = new Set([...removedIds, ...upserts.map((doc) => doc.id)]);
  const goneRows = new Set<string>();
  meta.ids.forEach((id, row) => {
    if (id !== null && gone.has(id)) goneRows.add(String(row));
  });

  const touchedBuckets = new Map<number, { stored: Bucket<StoredFields>; keys: Bucket<string[]> }>();
  const bucket = (id: string) => {
    const n = bucketOf(id, meta.buckets);
    let b = touchedBuckets.get(n);
    if (!b) touchedBuckets.set(n, (b = { stored: readJson(storedFile(dir, n)) ?? {}, keys: readJson(keysFile(dir, n)) ?? {} }));
    return b;
  };
  const touchedShards = new Set<string>();
  for (const id of gone) {
    const b = bucket(id);
    for (const key of b.keys[id] ?? []) touchedShards.add(key);
    delete b.keys[id];
    delete b.stored[id];
  }

  // The new versions, as rows after the last one in use.
  const fresh = new MiniSearch<SearchDoc>(MINISEARCH_OPTIONS);
  fresh.addAll(upserts);
  const small = fresh.toJSON() as Plain & { index: TermEntry[] };
  const rowOf = (shortId: string) => String(meta.nextId + Number(shortId));
  const added = groupByShard(small.index);
  for (const key of added.keys()) touchedShards.add(key);
  for (const [shortId, rowKeys] of keysByRow(small.index)) {
    const id = String(small.documentIds[shortId]);
    bucket(id).keys[id] = rowKeys;
  }
  for (const doc of upserts) bucket(doc.id).stored[doc.id] = storedOf(doc);

  const shards = new Set(meta.shards);
  for (const key of touchedShards) {
    const byTerm = new Map<string, Postings>(readShard(dir, key));
    for (const fields of byTerm.values()) {
      for (const postings of Object.values(fields)) for (const row of goneRows) delete postings[row];
    }
    for (const [term, fields] of added.get(key) ?? []) {
      const target = byTerm.get(term) ?? {};
      for (const [fieldId, postings] of Object.entries(fields)) {
        const into = (target[fieldId] ??= {});
        for (const [shortId, tf] of Object.entries(postings)) into[rowOf(shortId)] = tf;
      }
      byTerm.set(term, target);
    }
    const entries: TermEntry[] = [];
    for (const [term, fields] of byTerm) {
      for (const fieldId of Object.keys(fields)) if (!Object.keys(fields[fieldId]!).length) delete fields[fieldId];
      if (Object.keys(fields).length) entries.push([term, fields]);
    }
    if (entries.length) {
      writeDerivedFile(shardFile(dir, key), JSON.stringify(entries));
      shards.add(key);
    } else {
      fs.rmSync(shardFile(dir, key), { force: true });
      shards.delete(key);
    }
  }
  for (const [n, b] of touchedBuckets) {
    writeDerivedFile(storedFile(dir, n), JSON.stringify(b.stored));
    writeDerivedFile(keysFile(dir, n), JSON.stringify(b.keys));
  }

  const { ids, lengths } = meta;
  for (const row of goneRows) {
    ids[Number(row)] = null;
    for (let f = 0; f < FIELD_COUNT; f++) lengths[Number(row) * FIELD_COUNT + f] = 0;
  }
  for (const [shortId, id] of Object.entries(small.documentIds)) {
    const row = Number(rowOf(shortId));
    ids[row] = String(id);
    const rowLengths = small.fieldLength[shortId] ?? [];
    for (let f = 0; f < FIELD_COUNT; f++) lengths[row * FIELD_COUNT + f] = rowLengths[f] ?? 0;
  }
  const live = ids.filter((id) => id !== null).length;
  const averageFieldLength = Array.from({ length: FIELD_COUNT }, (_, f) => {
    let sum = 0;
    for (let row = 0; row < ids.length; row++) if (ids[row] !== null) sum += lengths[row * FIELD_COUNT + f] ?? 0;
    return live ? sum / live : 0;
  });
  writeMeta(dir, { ...meta, ids: fillHoles(ids), lengths, documentCount: live, nextId: meta.nextId + upserts.length, averageFieldLength, dirtCount: 0, shards: [...shards].sort() });
  return { applied: true };
}

/**
 * The index terms a query can reach: its own processed terms, and the terms they are a prefix of where prefix
 * search applies. A shard holds every term sharing three letters; turning only the reachable ones into
 * MiniSearch's maps saves most of a query's cost. Fuzzy search can reach anything: no filter.
 */
function termsMatching(query: string, options: SearchOptions): ((term: string) => boolean) | undefined {
  const merged = { ...SEARCH_OPTIONS, ...options };
  if (merged.fuzzy) return undefined;
  const terms = (merged.tokenize ?? tokenize)(query)
    .map((token) => processTerm(token))
    .filter((term): term is string => !!term);
  const prefix = merged.prefix;
  const exact = new Set<string>();
  const prefixes: string[] = [];
  terms.forEach((term, i) => {
    if (typeof prefix === 'function' ? prefix(term, i, terms) : prefix) prefixes.push(term);
    else exact.add(term);
  });
  return (term) => exact.has(term) || prefixes.some((p) => term.startsWith(p));
}

/**
 * A MiniSearch holding the postings of these shards (the reachable terms only) and the table rows they name.
 * Document count and average field lengths stay those of the whole corpus, so BM25 scores are unchanged.
 */
function load(meta: Meta, dir: string, keys: Iterable<string>, wanted?: (term: string) => boolean): MiniSearch<SearchDoc> {
  const present = new Set(meta.shards);
  const index: TermEntry[] = [];
  for (const key of keys) {
    if (!present.has(key)) continue;
    for (const entry of readShard(dir, key)) if (!wanted || wanted(entry[0])) index.push(entry);
  }
  const documentIds: Plain['documentIds'] = {};
  const fieldLength: Plain['fieldLength'] = {};
  for (const [, fields] of index) {
    for (const row of docsOf(fields)) {
      const id = meta.ids[Number(row)];
      if (id === null || id === undefined || row in documentIds) continue;
      documentIds[row] = id;
      fieldLength[row] = meta.lengths.slice(Number(row) * FIELD_COUNT, (Number(row) + 1) * FIELD_COUNT);
    }
  }
  const { format: _format, shards: _shards, buckets: _buckets, ids: _ids, lengths: _lengths, ...rest } = meta;
  return MiniSearch.loadJS<SearchDoc>({ ...rest, documentIds, fieldLength, storedFields: {}, index }, MINISEARCH_OPTIONS);
}

export type StoredResult = SearchResult & StoredFields;

export interface ShardSearchOptions {
  searchOptions?: SearchOptions;
  /** Keep only hits that pass (sees the stored fields). */
  filter?: (result: StoredResult) => boolean;
  /** Stop after this many kept hits: stored fields are read only for the hits looked at. */
  limit?: number;
}

/**
 * Search the stored index, loading only the shards the query needs, then the stored fields of the hits in score
 * order until `limit` pass the filter. Undefined when there is no index.
 */
export function searchShards(dir: string, query: string, options: ShardSearchOptions = {}): StoredResult[] | undefined {
  const meta = readMeta(dir);
  if (!meta) return undefined;
  const searchOptions = options.searchOptions ?? {};
  const split = searchOptions.tokenize ? (text: string) => searchOptions.tokenize!(text) : tokenize;
  const results = load(meta, dir, shardKeysOf([query], split), termsMatching(query, searchOptions)).search(query, searchOptions);
  const storedFields = storedFieldsReader(dir, meta);
  const out: StoredResult[] = [];
  for (const result of results) {
    const stored = storedFields(String(result.id));
    // A hit with no stored fields raced a writer; it is back on the next search.
    if (!stored) continue;
    const hit = { ...result, ...stored } as StoredResult;
    if (options.filter && !options.filter(hit)) continue;
    out.push(hit);
    if (options.limit !== undefined && out.length >= options.limit) break;
  }
  return out;
}

/** The full index in memory: the viewer ships it to the page, and tests compare it against MiniSearch itself. */
export function loadWholeIndex(dir: string): MiniSearch<SearchDoc> | undefined {
  const meta = readMeta(dir);
  return meta ? load(meta, dir, meta.shards) : undefined;
}
