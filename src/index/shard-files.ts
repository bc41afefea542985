import path from 'node:path';
import { readJsonFile as readJson } from '../core/json-file.js';
import type MiniSearch from 'minisearch';
import { CACHE_FORMAT } from '../cache/layout.js';
import { SEARCH_FIELDS, STORED_FIELDS, processTerm, shardKey, tokenize, type SearchDoc } from './text.js';

/**
 * The on-disk layout of the search index, shared by the MiniSearch-backed code (search-shards.ts) and the lean
 * scorer of the prompt path (top-exact.ts), which must not pay for loading MiniSearch. See search-shards.ts.
 */
export type Plain = ReturnType<MiniSearch<SearchDoc>['toJSON']>;
export type Postings = Record<string, Record<string, number>>;
export type TermEntry = [term: string, fields: Postings];

/**
 * MiniSearch's per-document tables as columns indexed by its short id (`null` for a removed one): JSON arrays
 * parse several times faster than objects keyed by id, and a query expands only the rows its postings name.
 */
export interface Tables {
  ids: Array<string | null>;
  /** SEARCH_FIELDS.length numbers per short id. */
  lengths: number[];
}
export type Meta = Omit<Plain, 'index' | 'documentIds' | 'fieldLength' | 'storedFields'> & Tables & { format: number; shards: string[]; buckets: number };
export type StoredFields = Pick<SearchDoc, (typeof STORED_FIELDS)[number]>;
export type Bucket<T> = Record<string, T>;

export const FIELD_COUNT = SEARCH_FIELDS.length;
/** Notes per bucket: small enough that a hit costs a few kilobytes to read. */
export const NOTES_PER_BUCKET = 128;
export const META = 'meta.json';
export const shardFile = (dir: string, key: string) => path.join(dir, `t-${key}.json`);
export const storedFile = (dir: string, bucket: number) => path.join(dir, `s-${bucket}.json`);
export const keysFile = (dir: string, bucket: number) => path.join(dir, `k-${bucket}.json`);


export function readMeta(dir: string): Meta | undefined {
  const meta = readJson<Meta>(path.join(dir, META));
  return meta && meta.format === CACHE_FORMAT && Array.isArray(meta.ids) && Array.isArray(meta.lengths) ? meta : undefined;
}

export function readShard(dir: string, key: string): TermEntry[] {
  const entries = readJson<TermEntry[]>(shardFile(dir, key));
  return Array.isArray(entries) ? entries : [];
}

/** FNV-1a of the id: a stable spread of notes over the buckets. */
export function bucketOf(id: string, buckets: number): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) hash = Math.imul(hash ^ id.charCodeAt(i), 0x01000193);
  return (hash >>> 0) % buckets;
}

export const storedOf = (doc: SearchDoc): StoredFields => Object.fromEntries(STORED_FIELDS.map((field) => [field, doc[field]])) as StoredFields;

/** Shard keys a document's (or a query's) terms fall in. */
export function shardKeysOf(texts: string[], split: (text: string) => string[] = tokenize): Set<string> {
  const keys = new Set<string>();
  for (const text of texts) {
    for (const token of split(text)) {
      const term = processTerm(token);
      if (term) keys.add(shardKey(term));
    }
  }
  return keys;
}


/** Stored fields by note id, reading each bucket file at most once: a search looks at its hits in score order. */
export function storedFieldsReader(dir: string, meta: Meta): (id: string) => StoredFields | undefined {
  const buckets = new Map<number, Bucket<StoredFields>>();
  return (id) => {
    const n = bucketOf(id, meta.buckets);
    let bucket = buckets.get(n);
    if (!bucket) buckets.set(n, (bucket = readJson<Bucket<StoredFields>>(storedFile(dir, n)) ?? {}));
    return bucket[id];
  };
}
