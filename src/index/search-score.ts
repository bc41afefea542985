import { openIndex, type OpenIndex, type OpenSegment } from './search-state.js';
import { CorruptIndexError } from './segment-codec.js';
import type { TermEntry } from './segment-read.js';
import type { IndexHit } from './search-types.js';
import { FIELD_BOOSTS, SEARCH_FIELDS, SEARCH_OPTIONS, processTerm, tokenize } from './text.js';

/**
 * Ranking straight off the segments: BM25+ exactly as MiniSearch computes it (same formula, parameters, order of
 * additions, and ties in the order MiniSearch meets the documents), without building a result object per matching
 * note or loading MiniSearch. A query reads only its own terms' postings; per-row sums live in typed arrays.
 *
 * For whole-word queries the scores are MiniSearch's to the last bit (a property test compares them). With prefix
 * expansion MiniSearch adds the expansions of a term in the order of its radix tree, which depends on how that
 * tree was filled; here they are added in dictionary order, so scores can differ in the last bits.
 */

/** MiniSearch's defaults, which the index uses. */
const BM25 = { k: 1.2, b: 0.7, d: 0.5 };
const PREFIX_WEIGHT = 0.375;

export type PrefixOption = boolean | ((term: string, i: number, terms: string[]) => boolean);

export interface SearchRequest {
  /** Splits the query into words (default: the index's tokenizer). */
  split?: (text: string) => string[];
  /** Which query terms also match the terms they are a prefix of (default: the shipped search options). */
  prefix?: PrefixOption;
  /** Field boosts (default: the shipped ones). */
  boost?: Record<string, number>;
  /** Hits wanted, after the filter. */
  limit: number;
  /** Keep only hits that pass (sees the id, score and stored fields); stored fields are read only for hits looked at. */
  filter?: (hit: IndexHit) => boolean;
}

/** The ranked hits, best first; undefined when there is no index. Throws CorruptIndexError for a damaged one. */
export function searchIndex(dir: string, query: string, request: SearchRequest): IndexHit[] | undefined {
  const index = openIndex(dir);
  if (!index) return undefined;
  try {
    return rank(index, query, request);
  } finally {
    index.close();
  }
}

/** One query term as MiniSearch runs it: the term, and whether its prefix expansions count. */
interface Plan {
  source: number;
  term: string;
  prefix: boolean;
  rows: Int32Array;
  values: Float64Array;
  /** Times the term occurs in the query (same prefix choice): past one, its sums are kept to be added again. */
  occurrences: number;
  scored: boolean;
  /** Every postings list it read, to tell later which hits it matched without keeping its rows. */
  lists: Array<{ segment: OpenSegment; rows: Uint32Array }>;
}

const utf8Order = (a: string, b: string) => Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));

/** The terms a plan scores, each with its weight: the term itself, then its expansions in dictionary order. */
function derivedTerms(index: OpenIndex, plan: Plan): Array<{ term: string; weight: number; entries: Array<TermEntry | undefined> }> {
  const exact = { term: plan.term, weight: 1, entries: index.segments.map((s) => s.reader.lookup(plan.term)) };
  if (!plan.prefix) return [exact];
  const found = new Map<string, Array<TermEntry | undefined>>();
  index.segments.forEach((s, i) => {
    for (const entry of s.reader.withPrefix(plan.term)) {
      if (entry.term === plan.term) continue;
      let entries = found.get(entry.term);
      if (!entries) found.set(entry.term, (entries = new Array<TermEntry | undefined>(index.segments.length)));
      entries[i] = entry;
    }
  });
  const expansions = [...found.keys()].sort(utf8Order).map((term) => {
    const distance = term.length - plan.term.length;
    return { term, weight: (PREFIX_WEIGHT * term.length) / (term.length + 0.3 * distance), entries: found.get(term)! };
  });
  return [exact, ...expansions];
}

interface Scratch {
  /** Per row: the running sum of the plan being scored, and which plan last touched it (plan number + 1). */
  sum: Float64Array;
  stamp: Int32Array;
  /** Per row: which source term last counted it, and how many distinct source terms it matched. */
  sourceStamp: Int32Array;
  quality: Uint32Array;
}

/**
 * Score one plan: for each row it matches, the sum over its terms and fields, in MiniSearch's order, left in `s.sum`;
 * the rows it touched, in the order first met, are appended to `rowsOut`.
 */
function scorePlan(index: OpenIndex, plan: Plan, planNumber: number, boost: Record<string, number>, s: Scratch, rowsOut: GrowableInt32): void {
  const { documentCount, averageFieldLength } = index.state;
  const mark = planNumber + 1;
  const sourceMark = plan.source + 1;
  for (const derived of derivedTerms(index, plan)) {
    for (let f = 0; f < SEARCH_FIELDS.length; f++) {
      const lists = derived.entries.map((entry, i) => {
        const list = entry?.fields.find((candidate) => candidate.field === f);
        return list ? { segment: index.segments[i]!, postings: index.segments[i]!.reader.postings(list) } : undefined;
      });
      let matching = 0;
      for (const list of lists) {
        if (!list) continue;
        const { deleted } = list.segment;
        if (!deleted) matching += list.postings.rows.length;
        else for (const row of list.postings.rows) if (!(deleted[row >>> 3]! & (1 << (row & 7)))) matching++;
      }
      if (!matching) continue;
      const idf = Math.log(1 + (documentCount - matching + 0.5) / (matching + 0.5));
      const weight = derived.weight * (boost[SEARCH_FIELDS[f]!] || 1);
      for (const list of lists) {
        if (!list) continue;
        const { rows, tf, lengths } = list.postings;
        plan.lists.push({ segment: list.segment, rows });
        accumulate(rows, tf, lengths, list.segment, weight, idf, averageFieldLength[f]!, s, mark, sourceMark, rowsOut);
      }
    }
  }
}

/** Whether a plan matched a (global) row: a bisection of each list it read. */
function planMatches(plan: Plan, row: number): boolean {
  for (const { segment, rows } of plan.lists) {
    const local = row - segment.base;
    if (local < 0 || local >= segment.info.rows) continue;
    const { deleted } = segment;
    if (deleted !== undefined && (deleted[local >>> 3]! & (1 << (local & 7))) !== 0) continue;
    let lo = 0;
    let hi = rows.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const at = rows[mid]!;
      if (at === local) return true;
      if (at < local) lo = mid + 1;
      else hi = mid - 1;
    }
  }
  return false;
}

/**
 * One list's contributions to the per-row sums of a plan. Kept small and free of objects: it is the loop a query
 * spends its time in, and V8 compiles a small function quickly when it gets hot.
 */
function accumulate(
  rows: Uint32Array,
  tf: Uint16Array | Uint32Array,
  lengths: Uint16Array | Uint32Array,
  segment: OpenSegment,
  weight: number,
  idf: number,
  average: number,
  s: Scratch,
  mark: number,
  sourceMark: number,
  out: GrowableInt32,
): void {
  const { sum, stamp, sourceStamp, quality } = s;
  const { base, deleted } = segment;
  const limit = segment.info.rows;
  const k = BM25.k;
  const b = BM25.b;
  const d = BM25.d;
  const n = rows.length;
  for (let i = 0; i < n; i++) {
    const local = rows[i]!;
    if (local >= limit) throw new CorruptIndexError(`${segment.info.file}: posting names row ${local} of ${limit}`);
    if (deleted !== undefined && (deleted[local >>> 3]! & (1 << (local & 7))) !== 0) continue;
    const termFreq = tf[i]!;
    // MiniSearch's calcBM25Score and weighting, operation for operation: the same bits come out.
    const score = weight * (idf * (d + (termFreq * (k + 1)) / (termFreq + k * (1 - b + (b * lengths[i]!) / average))));
    const row = base + local;
    if (stamp[row] !== mark) {
      stamp[row] = mark;
      sum[row] = score;
      out.push(row);
      if (sourceStamp[row] !== sourceMark) {
        sourceStamp[row] = sourceMark;
        quality[row]!++;
      }
    } else sum[row]! += score;
  }
}

/*
 * The loops over every row a term matched live in small functions of typed arrays only. In a one-shot process a loop
 * inside rank() runs unoptimized: V8 compiles rank() on the side, then throws the code away when it meets a line it
 * has not run yet (four times for a long prompt at 100,000 notes), and every sum the interpreter computes is a heap
 * number for the garbage collector. A small function called per term is compiled once and stays compiled.
 */

/** `sum` at each of `rows`, in order. */
function gather(rows: Int32Array, sum: Float64Array): Float64Array {
  const values = new Float64Array(rows.length);
  for (let i = 0; i < rows.length; i++) values[i] = sum[rows[i]!]!;
  return values;
}

/** Add a term's running sums to the totals, noting each row the first time any term meets it. */
function addSums(rows: Int32Array, sum: Float64Array, total: Float64Array, seen: Uint8Array, touched: GrowableInt32): void {
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i]!;
    total[row]! += sum[row]!;
    if (seen[row] === 0) {
      seen[row] = 1;
      touched.push(row);
    }
  }
}

/** The same for a term's kept sums (values[i] belongs to rows[i]). */
function addKept(rows: Int32Array, values: Float64Array, total: Float64Array, seen: Uint8Array, touched: GrowableInt32): void {
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i]!;
    total[row]! += values[i]!;
    if (seen[row] === 0) {
      seen[row] = 1;
      touched.push(row);
    }
  }
}

/** Each touched row's score: its total times the number of distinct query terms it matched. */
function finalScores(order: Int32Array, total: Float64Array, quality: Uint32Array): Float64Array {
  const scores = new Float64Array(order.length);
  for (let i = 0; i < order.length; i++) scores[i] = total[order[i]!]! * (quality[order[i]!] || 1);
  return scores;
}

class GrowableInt32 {
  private data = new Int32Array(256);
  private length = 0;

  push(value: number): void {
    if (this.length === this.data.length) {
      const next = new Int32Array(this.data.length * 4);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = value;
  }

  get size(): number {
    return this.length;
  }

  at(i: number): number {
    return this.data[i]!;
  }

  reset(): void {
    this.length = 0;
  }

  view(): Int32Array {
    return this.data.subarray(0, this.length);
  }
}

function rank(index: OpenIndex, query: string, request: SearchRequest): IndexHit[] {
  const terms = (request.split ?? tokenize)(query)
    .map((token) => processTerm(token))
    .filter((term): term is string => !!term);
  const prefixOption = request.prefix ?? SEARCH_OPTIONS.prefix;
  const sources: string[] = [];
  const sourceOf = new Map<string, number>();
  const plans: Plan[] = [];
  const planOf = new Map<string, Plan>();
  const occurrences = terms.map((term, i) => {
    const prefix = typeof prefixOption === 'function' ? prefixOption(term, i, terms) : prefixOption === true;
    let source = sourceOf.get(term);
    if (source === undefined) sourceOf.set(term, (source = sources.push(term) - 1));
    const key = `${prefix ? 1 : 0}${term}`;
    let plan = planOf.get(key);
    if (!plan)
      planOf.set(key, (plan = { source, term, prefix, rows: new Int32Array(0), values: new Float64Array(0), occurrences: 0, lists: [], scored: false }));
    if (!plans.includes(plan)) plans.push(plan);
    plan.occurrences++;
    return plan;
  });
  if (!terms.length) return [];

  const rows = index.rows;
  const boost = request.boost ?? FIELD_BOOSTS;
  const scratch: Scratch = { sum: new Float64Array(rows), stamp: new Int32Array(rows), sourceStamp: new Int32Array(rows), quality: new Uint32Array(rows) };
  const planRows = new GrowableInt32();
  let planNumber = 0;
  const score = (plan: Plan) => {
    planRows.reset();
    scorePlan(index, plan, planNumber++, boost, scratch, planRows);
    plan.scored = true;
  };
  // Sums of a plan met again later in the query are kept; the others are added straight from the scratch sums.
  const keep = (plan: Plan) => {
    plan.rows = planRows.view().slice();
    plan.values = gather(plan.rows, scratch.sum);
  };
  // A row's count of distinct terms is bumped once per source term as long as the plans of one source term are
  // scored one after the other: when a term has two plans (prefix or not by position), score them all up front.
  if (plans.length !== sources.length) {
    for (const plan of [...plans].sort((a, b) => a.source - b.source)) {
      score(plan);
      keep(plan);
    }
  }

  // MiniSearch's OR: per query term in order, add its sum; a row's place among ties is where it was first met.
  const total = new Float64Array(rows);
  const seen = new Uint8Array(rows);
  const touched = new GrowableInt32();
  for (const plan of occurrences) {
    let from: Int32Array;
    let values: Float64Array | undefined;
    if (plan.scored) {
      from = plan.rows;
      values = plan.values;
    } else {
      score(plan);
      from = planRows.view();
      if (plan.occurrences > 1) keep(plan);
    }
    if (values) addKept(from, values, total, seen, touched);
    else addSums(from, scratch.sum, total, seen, touched);
  }
  const order = touched.view();
  const scores = finalScores(order, total, scratch.quality);
  const { hits, hitRows } = collectHits(index, order, scores, request);
  // The distinct query terms each hit matched, in query order, as MiniSearch reports them.
  const bySource = [...plans].sort((a, b) => a.source - b.source);
  const looked = hitRows.map((row) => {
    const matched: string[] = [];
    for (const plan of bySource) {
      const term = sources[plan.source]!;
      if (matched[matched.length - 1] !== term && planMatches(plan, row)) matched.push(term);
    }
    return matched;
  });
  return hits.map(({ row: _row, ...hit }, i) => ({ ...hit, queryTerms: looked[i]! }));
}

/**
 * Indexes of the `k` best entries (score, then first met), best first: one pass with a heap of `k`, so a query that
 * matches most of the corpus costs a comparison per match, not a sort.
 */
function topK(scores: Float64Array, k: number): Int32Array {
  const better = (a: number, b: number) => scores[a]! > scores[b]! || (scores[a] === scores[b] && a < b);
  const heap = new Int32Array(k);
  let size = 0;
  const siftDown = (from: number) => {
    let i = from;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let worst = i;
      if (l < size && better(heap[worst]!, heap[l]!)) worst = l;
      if (r < size && better(heap[worst]!, heap[r]!)) worst = r;
      if (worst === i) return;
      const swap = heap[i]!;
      heap[i] = heap[worst]!;
      heap[worst] = swap;
      i = worst;
    }
  };
  for (let i = 0; i < scores.length; i++) {
    if (size < k) {
      // Sift up: the root stays the worst entry kept.
      let at = size++;
      heap[at] = i;
      while (at > 0) {
        const parent = (at - 1) >> 1;
        if (!better(heap[parent]!, heap[at]!)) break;
        const swap = heap[at]!;
        heap[at] = heap[parent]!;
        heap[parent] = swap;
        at = parent;
      }
    } else if (better(i, heap[0]!)) {
      heap[0] = i;
      siftDown(0);
    }
  }
  return heap.subarray(0, size).sort((a, b) => (better(a, b) ? -1 : 1));
}

/** Hits in rank order until `limit` pass the filter; the best few first, more only when the filter drops some. */
function collectHits(
  index: OpenIndex,
  touched: Int32Array,
  scores: Float64Array,
  request: SearchRequest,
): { hits: Array<IndexHit & { row: number }>; hitRows: number[] } {
  const hits: Array<IndexHit & { row: number }> = [];
  const hitRows: number[] = [];
  let looked = 0;
  for (let k = Math.min(touched.length, request.limit + 8); looked < touched.length && hits.length < request.limit; k = Math.min(touched.length, k * 4)) {
    const best = topK(scores, k);
    for (; looked < best.length && hits.length < request.limit; looked++) {
      const t = best[looked]!;
      const row = touched[t]!;
      const segment = segmentOf(index, row);
      const stored = segment.reader.stored(row - segment.base);
      if (!stored) continue;
      const hit = { ...stored, id: segment.reader.id(row - segment.base), score: scores[t]!, queryTerms: [], row };
      if (request.filter && !request.filter(hit)) continue;
      hits.push(hit);
      hitRows.push(row);
    }
  }
  return { hits, hitRows };
}

function segmentOf(index: OpenIndex, row: number) {
  let lo = 0;
  let hi = index.segments.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (index.segments[mid]!.base <= row) lo = mid;
    else hi = mid - 1;
  }
  return index.segments[lo]!;
}
