import { describe, expect, it } from 'vitest';
import { bucketOf, shardKeysOf } from '../../src/index/shard-files.js';
import { shardKey } from '../../src/index/text.js';

describe('bucketOf', () => {
  it('is stable, in range, and spreads ids over the buckets', () => {
    const ids = Array.from({ length: 2_000 }, (_, i) => `note-${i}-k3f9x2qa`);
    const counts = new Array<number>(16).fill(0);
    for (const id of ids) {
      const bucket = bucketOf(id, 16);
      expect(bucket).toBe(bucketOf(id, 16));
      expect(Number.isInteger(bucket) && bucket >= 0 && bucket < 16).toBe(true);
      counts[bucket]!++;
    }
    // FNV-1a over 2,000 ids: every bucket gets a share near 125, none is empty or holds a third.
    for (const count of counts) expect(count).toBeGreaterThan(60);
    for (const count of counts) expect(count).toBeLessThan(200);
  });

  it.each([['', 0x811c9dc5 % 7], ['a', 0xe40c292c % 7]])('bucketOf(%j, 7) is FNV-1a mod 7', (id, expected) => {
    expect(bucketOf(id, 7)).toBe(expected);
  });
});

describe('shardKeysOf', () => {
  it('maps the terms of every text to their shards, and leaves stop words out', () => {
    expect(shardKeysOf(['the JWT rotation', 'rotation of a', 'x'])).toEqual(new Set([shardKey('jwt'), shardKey('rot')]));
    expect(shardKeysOf([])).toEqual(new Set());
  });
});
