import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { vectorCacheFile } from '../../../src/cache/layout.js';
import { VectorCache } from '../../../src/index/embeddings/vector-cache.js';
import { dot, normalize } from '../../../src/index/embeddings/vectors.js';
import { mulberry32 } from '../../helpers/prng.js';
import { tempDir } from '../../helpers/temp-repo.js';

const MODEL = 'test-model@1';

function vectors(seed: number, n: number, dims: number): Float32Array[] {
  const random = mulberry32(seed);
  return Array.from({ length: n }, () => normalize(Array.from({ length: dims }, () => random() * 2 - 1)));
}

describe('VectorCache', () => {
  it('keeps vectors across a save and a load, keyed by content key', () => {
    const file = vectorCacheFile(tempDir(), MODEL);
    const cache = VectorCache.load(file, MODEL, 16);
    const vs = vectors(1, 20, 16);
    vs.forEach((v, i) => cache.set(`k${i}`, v));
    expect(cache.save()).toBe(true);
    expect(cache.save()).toBe(false);
    const again = VectorCache.load(file, MODEL, 16);
    expect(again.size).toBe(20);
    vs.forEach((v, i) => expect(dot(again.get(`k${i}`)!, v)).toBeGreaterThan(0.99));
    expect(again.get('absent')).toBeUndefined();
  });

  it('names its file after the model, in .cache/embeddings, with no path characters', () => {
    expect(vectorCacheFile('/r', 'use-lite-512@energetic-ai-0.2.0')).toBe('/r/.claude-memory/.cache/embeddings/use-lite-512_energetic-ai-0.2.0.json');
    expect(path.basename(vectorCacheFile('/c', '../../etc/passwd'))).toBe('__.._etc_passwd.json');
    expect(path.dirname(vectorCacheFile('/c', '../../etc/passwd'))).toBe('/c/.claude-memory/.cache/embeddings');
  });

  it('starts empty on a missing, damaged, other-model or other-size file, and skips broken entries', () => {
    const dir = tempDir();
    const file = path.join(dir, 'v.json');
    expect(VectorCache.load(file, MODEL, 4).size).toBe(0);
    fs.writeFileSync(file, '{not json');
    expect(VectorCache.load(file, MODEL, 4).size).toBe(0);
    const cache = VectorCache.load(file, MODEL, 4);
    cache.set('a', [1, 0, 0, 0]);
    cache.save();
    expect(VectorCache.load(file, 'other-model', 4).size).toBe(0);
    expect(VectorCache.load(file, MODEL, 8).size).toBe(0);
    const raw = JSON.parse(fs.readFileSync(file, 'utf8')) as { vectors: Record<string, unknown> };
    const good = raw.vectors.a as string;
    // Entries that fail a check are dropped one by one (and embedded again): wrong length, a key that is not ours,
    // a vector that is not unit length (a scaled-up one would outscore every note), a scale that is not a number.
    const scaled = Buffer.from(good, 'base64');
    scaled.writeFloatLE(scaled.readFloatLE(0) * 40, 0);
    const nan = Buffer.from(good, 'base64');
    nan.writeFloatLE(Number.NaN, 0);
    raw.vectors = { a: good, b: 'AAAA', '../x': good, big: scaled.toString('base64'), nan: nan.toString('base64') };
    fs.writeFileSync(file, JSON.stringify(raw));
    const loaded = VectorCache.load(file, MODEL, 4);
    expect([loaded.size, loaded.rejected, loaded.has('a')]).toEqual([1, 4, true]);
    // The next save writes the file without them.
    expect(loaded.save()).toBe(true);
    expect(Object.keys((JSON.parse(fs.readFileSync(file, 'utf8')) as { vectors: object }).vectors)).toEqual(['a']);
    // A file not of the schema's shape is not trusted at all.
    fs.writeFileSync(file, JSON.stringify({ ...raw, vectors: { a: good, c: 42 } }));
    expect(VectorCache.load(file, MODEL, 4).size).toBe(0);
  });

  it('refuses a vector of the wrong size and forgets keys no note has any more', () => {
    const cache = VectorCache.load(path.join(tempDir(), 'v.json'), MODEL, 3);
    expect(() => cache.set('x', [1, 2])).toThrow(/2 dimensions/);
    cache.set('keep', [1, 0, 0]);
    cache.set('drop', [0, 1, 0]);
    cache.retainOnly(['keep']);
    expect([cache.has('keep'), cache.has('drop')]).toEqual([true, false]);
  });
});
