/**
 * Vector arithmetic and the int8 form vectors are stored in. Embeddings are compared by cosine, so they are kept at
 * unit length and a dot product is the similarity; int8 with one scale per vector keeps a 512-dimension vector in
 * 516 bytes and changed no ranking metric on the labelled set by more than 0.005 (docs/search.md).
 */

export function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const n = Math.min(a.length, b.length);
  let sum = 0;
  for (let i = 0; i < n; i++) sum += a[i]! * b[i]!;
  return sum;
}

/** The vector scaled to length 1; a zero (or non-finite) vector comes back as zeros, which is similar to nothing. */
export function normalize(vector: ArrayLike<number>): Float32Array {
  const out = Float32Array.from(vector);
  const length = Math.sqrt(dot(out, out));
  if (!Number.isFinite(length) || length === 0) return out.fill(0);
  for (let i = 0; i < out.length; i++) out[i] = out[i]! / length;
  return out;
}

/** Bytes of a quantized vector: a float32 scale, then one signed byte per dimension. */
export const quantizedBytes = (dimensions: number) => 4 + dimensions;

export function quantize(vector: ArrayLike<number>): Buffer {
  let max = 0;
  for (let i = 0; i < vector.length; i++) max = Math.max(max, Math.abs(vector[i]!));
  const scale = max > 0 && Number.isFinite(max) ? max / 127 : 0;
  const out = Buffer.alloc(quantizedBytes(vector.length));
  out.writeFloatLE(scale, 0);
  for (let i = 0; i < vector.length; i++) out.writeInt8(scale ? Math.round(vector[i]! / scale) : 0, 4 + i);
  return out;
}

/** The inverse of quantize; undefined when the bytes are not a vector of that many dimensions. */
export function dequantize(bytes: Uint8Array, dimensions: number): Float32Array | undefined {
  if (bytes.length !== quantizedBytes(dimensions)) return undefined;
  const view = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const scale = view.readFloatLE(0);
  if (!Number.isFinite(scale)) return undefined;
  const out = new Float32Array(dimensions);
  for (let i = 0; i < dimensions; i++) out[i] = view.readInt8(4 + i) * scale;
  return out;
}

/** Every candidate scored by its dot product with the query vector, best first. */
export function rankBySimilarity(query: ArrayLike<number>, candidates: Iterable<readonly [string, ArrayLike<number>]>): Array<{ id: string; score: number }> {
  const out: Array<{ id: string; score: number }> = [];
  for (const [id, vector] of candidates) out.push({ id, score: dot(query, vector) });
  return out.sort((a, b) => b.score - a.score);
}
