import fs from 'node:fs';
import path from 'node:path';
import MiniSearch from 'minisearch';
import { describe, expect, it } from 'vitest';
import { applyChanges, searchShards, writeFullIndex } from '../../src/index/search-shards.js';
import { MINISEARCH_OPTIONS, SEARCH_OPTIONS, shardKey, type SearchDoc } from '../../src/index/text.js';
import { tempDir } from '../helpers/temp-repo.js';
import { corpus } from '../helpers/search-corpus.js';

const QUERIES = ['jwt token', 'redis queue retry', 'rollback', 'webhook idempot', 'verify token', 'verifyToken', 'services/auth', 'nothing-matches-this', 'flaky vitest timeout', 'cach', 'Invoice currency rounding locale'];

/** Ranking as a comparable list; equal scores may come in any order, so ties are ordered by id. */
const ranked = (results: Array<{ id: unknown; score: number }>) =>
  results
    .map((r) => [String(r.id), Math.round(r.score * 1e6)] as const)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));

describe('sharded search index', () => {
  it('ranks exactly like MiniSearch holding the whole index in memory', () => {
    const docs = corpus(600);
    const dir = tempDir();
    writeFullIndex(dir, docs);
    const whole = new MiniSearch<SearchDoc>(MINISEARCH_OPTIONS);
    whole.addAll(docs);
    for (const query of QUERIES) {
      expect(ranked(searchShards(dir, query)!), query).toEqual(ranked(whole.search(query, SEARCH_OPTIONS)));
    }
  });

  it('after incremental changes, ranks like a full rebuild of the same notes', () => {
    const docs = corpus(400);
    const dir = tempDir();
    writeFullIndex(dir, docs);
    const changed = docs.slice(0, 5).map((doc) => ({ ...doc, title: `${doc.title} webhook rollback`, body: `${doc.body} brand-new-term` }));
    const added = corpus(3, 99).map((doc, i) => ({ ...doc, id: `added-${i}` }));
    const removed = ['note-10', 'note-11'];
    applyChanges(dir, [...changed, ...added], removed);
    const expected = [...changed, ...docs.slice(5).filter((doc) => !removed.includes(doc.id)), ...added];
    const rebuilt = tempDir();
    writeFullIndex(rebuilt, expected);
    for (const query of [...QUERIES, 'brand-new-term', 'note 10']) {
      expect(ranked(searchShards(dir, query)!), query).toEqual(ranked(searchShards(rebuilt, query)!));
    }
  });

  it('reads only the shards of the query terms', () => {
    const dir = tempDir();
    writeFullIndex(dir, corpus(200));
    const shards = fs.readdirSync(dir).filter((name) => name.startsWith('t-'));
    expect(shards.length).toBeGreaterThan(20);
    // Remove every shard but the ones "jwt" lives in: the query still works, so nothing else was needed.
    const before = searchShards(dir, 'jwt')!;
    expect(before.length).toBeGreaterThan(0);
    for (const name of shards) if (name !== `t-${shardKey('jwt')}.json`) fs.rmSync(path.join(dir, name));
    expect(searchShards(dir, 'jwt')).toEqual(before);
  });

  it('answers undefined when there is no index, and survives garbage shards', () => {
    const dir = tempDir();
    expect(searchShards(dir, 'jwt')).toBeUndefined();
    writeFullIndex(dir, corpus(50));
    fs.writeFileSync(path.join(dir, `t-${shardKey('jwt')}.json`), '{not json');
    expect(searchShards(dir, 'jwt')).toEqual([]);
  });
});
