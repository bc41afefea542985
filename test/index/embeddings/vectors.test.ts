import { describe, expect, it } from 'vitest';
import { dequantize, dot, normalize, quantize, quantizedBytes, rankBySimilarity } from '../../../src/index/embeddings/vectors.js';
import { mulberry32 } from '../../helpers/prng.js';

const randomVector = (random: () => number, n: number) => Array.from({ length: n }, () => random() * 2 - 1);

describe('vectors', () => {
  it('normalises to unit length and leaves a zero vector at zero', () => {
    const random = mulberry32(1);
    for (let i = 0; i < 50; i++) {
      const v = normalize(randomVector(random, 1 + Math.floor(random() * 600)));
      expect(dot(v, v)).toBeCloseTo(1, 5);
    }
    expect([...normalize([0, 0, 0])]).toEqual([0, 0, 0]);
    expect([...normalize([Number.NaN, 1])]).toEqual([0, 0]);
  });

  it('keeps cosine similarity within 0.01 through int8 quantization', () => {
    const random = mulberry32(2);
    for (let i = 0; i < 200; i++) {
      const a = normalize(randomVector(random, 512));
      const b = normalize(randomVector(random, 512));
      const bytes = quantize(a);
      expect(bytes.length).toBe(quantizedBytes(512));
      const back = dequantize(bytes, 512)!;
      expect(Math.abs(dot(back, b) - dot(a, b))).toBeLessThan(0.01);
      expect(Math.abs(dot(back, a) - 1)).toBeLessThan(0.01);
    }
  });

  it('refuses bytes of the wrong length or with a broken scale', () => {
    expect(dequantize(quantize([0.1, 0.2]), 3)).toBeUndefined();
    const bytes = quantize([0.5, -0.5]);
    bytes.writeFloatLE(Number.NaN, 0);
    expect(dequantize(bytes, 2)).toBeUndefined();
    expect([...dequantize(quantize([0, 0]), 2)!]).toEqual([0, 0]);
  });

  it('ranks candidates by similarity to the query, best first', () => {
    const ranked = rankBySimilarity(
      [1, 0],
      [
        ['side', [0, 1]],
        ['same', [1, 0]],
        ['opposite', [-1, 0]],
        ['close', normalize([1, 0.2])],
      ],
    );
    expect(ranked.map((hit) => hit.id)).toEqual(['same', 'close', 'side', 'opposite']);
  });
});
