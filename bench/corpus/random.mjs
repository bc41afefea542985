// Seeded randomness for the corpus generator: the output is a pure function of the seed, never of Math.random or
// the clock.

/** mulberry32: tiny, fast, good enough for synthetic data. Returns floats in [0, 1). */
function mulberry32(seed) {
  let a = seed >>> 0;
  return function next() {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function makeRandom(seed) {
  const next = mulberry32(seed);
  const int = (n) => Math.floor(next() * n);
  return {
    next,
    int,
    range: (lo, hi) => lo + int(hi - lo + 1),
    chance: (p) => next() < p,
    pick: (arr) => arr[int(arr.length)],
    /** Zipf-like (log-uniform rank): rank 0 is the most frequent; ~1/rank frequencies. */
    zipf: (arr) => arr[Math.min(arr.length - 1, Math.floor(Math.exp(next() * Math.log(arr.length + 1))) - 1)],
    weighted(table) {
      let r = next() * table.total;
      for (const [value, w] of table.items) {
        r -= w;
        if (r < 0) return value;
      }
      return table.items[table.items.length - 1][0];
    },
  };
}

/** A table for `weighted`, from `{ value: weight }`. */
export const weights = (obj) => {
  const items = Object.entries(obj);
  return { items, total: items.reduce((s, [, w]) => s + w, 0) };
};
