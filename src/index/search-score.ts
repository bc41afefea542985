import { openIndex, type OpenIndex, type OpenSegment } from './search-state.js';
import { CorruptIndexError } from './segment-codec.js';
import { SegmentReader, type FieldPostings, type TermEntry } from './segment-read.js';
import { KernelMemory, MemoryLayout, type ScoreKernel } from './score-kernel.js';
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

/** One postings list a plan reads: where it lies in the segment file, and where the query put it in memory. */
interface ListRef {
  segment: OpenSegment;
  entry: FieldPostings;
  at: number;
}

/** One field of one derived term: its lists over the segments, added with one weight and one idf. */
interface FieldPart {
  weight: number;
  field: number;
  lists: ListRef[];
}

/** One query term as MiniSearch runs it: the term, and whether its prefix expansions count. */
interface Plan {
  source: number;
  term: string;
  prefix: boolean;
  /** Times the term occurs in the query (same prefix choice): past one, its sums are kept to be added again. */
  occurrences: number;
  /** What it scores, in MiniSearch's order: the term then its expansions, each field in field order. */
  parts: FieldPart[];
  /** Room for its sums when they are kept (rows at `rowsAt`, sums at `valuesAt`), and how many once they are. */
  kept: { rowsAt: number; valuesAt: number; count: number | undefined } | undefined;
  /** Every list it matched, to tell later which hits it matched. */
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

/** Every field list of every derived term of a plan, in the order they are scored. */
function planParts(index: OpenIndex, plan: Plan, boost: Record<string, number>): FieldPart[] {
  const parts: FieldPart[] = [];
  for (const derived of derivedTerms(index, plan)) {
    for (let f = 0; f < SEARCH_FIELDS.length; f++) {
      const lists: ListRef[] = [];
      derived.entries.forEach((entry, i) => {
        const list = entry?.fields.find((candidate) => candidate.field === f);
        if (list) lists.push({ segment: index.segments[i]!, entry: list, at: 0 });
      });
      if (lists.length) parts.push({ weight: derived.weight * (boost[SEARCH_FIELDS[f]!] || 1), field: f, lists });
    }
  }
  return parts;
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

const outOfRange = (segment: OpenSegment) => new CorruptIndexError(`${segment.info.file}: a posting names a row past its ${segment.info.rows} rows`);

/** A query's terms as plans: each distinct (term, prefix choice) once, and the plan of every term in query order. */
interface QueryPlan {
  sources: string[];
  plans: Plan[];
  occurrences: Plan[];
}

function planQuery(query: string, request: SearchRequest): QueryPlan {
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
    if (!plan) planOf.set(key, (plan = { source, term, prefix, occurrences: 0, parts: [], kept: undefined, lists: [] }));
    if (!plans.includes(plan)) plans.push(plan);
    plan.occurrences++;
    return plan;
  });
  return { sources, plans, occurrences };
}

/** Where a query's tables lie in the kernel's memory, and each segment's deleted-rows bitmap. */
interface Loaded {
  memory: KernelMemory;
  kernel: ScoreKernel;
  scoresAt: number;
  touchedAt: number;
  planRowsAt: number;
  deletedAt: Map<OpenSegment, number>;
}

/**
 * Lay out the kernel's memory once for the whole query (row tables, deleted-row bitmaps, every list's postings, room
 * for the sums of plans to keep), then read every list's postings into it.
 */
function loadQuery(index: OpenIndex, plans: Plan[], keeps: (plan: Plan) => boolean): Loaded {
  const rows = index.rows;
  const layout = new MemoryLayout();
  const sumAt = layout.place(8 * rows);
  const totalAt = layout.placeZeroed(8 * rows);
  const scoresAt = layout.place(8 * rows);
  const stampAt = layout.placeZeroed(4 * rows);
  const sourceStampAt = layout.placeZeroed(4 * rows);
  const qualityAt = layout.placeZeroed(4 * rows);
  const touchedAt = layout.place(4 * rows);
  const planRowsAt = layout.place(4 * rows);
  const seenAt = layout.placeZeroed(rows, 1);
  const deletedAt = new Map<OpenSegment, number>();
  for (const segment of index.segments) if (segment.deleted) deletedAt.set(segment, layout.place(segment.deleted.length, 4));
  for (const plan of plans) {
    let postings = 0;
    for (const part of plan.parts) {
      for (const list of part.lists) {
        list.at = layout.place(SegmentReader.postingsBytes(list.entry), 4);
        postings += list.entry.count;
      }
    }
    // A plan's rows are distinct, so no more than the index's rows or its postings.
    const room = Math.min(rows, postings);
    if (keeps(plan)) plan.kept = { rowsAt: layout.place(4 * room, 4), valuesAt: layout.place(8 * room), count: undefined };
  }
  const memory = KernelMemory.forQuery(layout);
  const { kernel } = memory;
  kernel.layout(sumAt, totalAt, stampAt, sourceStampAt, qualityAt, seenAt, touchedAt, BM25.k, BM25.b, BM25.d);
  for (const [segment, at] of deletedAt) memory.bytes.set(segment.deleted!, at);
  for (const plan of plans) {
    for (const part of plan.parts) for (const list of part.lists) list.segment.reader.postingsInto(list.entry, memory.bytes, list.at);
  }
  return { memory, kernel, scoresAt, touchedAt, planRowsAt, deletedAt };
}

/**
 * Score one plan as plan number `mark`: its sums per row are left in the sum table and its rows, in the order first
 * met, at planRowsAt. Returns how many rows it matched.
 */
function scorePlan(index: OpenIndex, loaded: Loaded, plan: Plan, mark: number): number {
  const { documentCount, averageFieldLength } = index.state;
  const { memory, kernel, deletedAt, planRowsAt } = loaded;
  let count = 0;
  for (const part of plan.parts) {
    let matching = 0;
    for (const { segment, entry, at } of part.lists) {
      const deleted = deletedAt.get(segment);
      matching += deleted === undefined ? entry.count : kernel.countLive(at, entry.count, deleted);
    }
    if (!matching) continue;
    const idf = Math.log(1 + (documentCount - matching + 0.5) / (matching + 0.5));
    for (const { segment, entry, at } of part.lists) {
      const n = entry.count;
      plan.lists.push({ segment, rows: memory.u32(at, n) });
      count = kernel.accumulate(
        at,
        at + 4 * n,
        at + (4 + entry.width) * n,
        n,
        entry.width === 4 ? 1 : 0,
        segment.base,
        segment.info.rows,
        deletedAt.get(segment) ?? 0,
        part.weight,
        idf,
        averageFieldLength[part.field]!,
        mark,
        plan.source + 1,
        planRowsAt,
        count,
      );
      if (count < 0) throw outOfRange(segment);
    }
  }
  return count;
}

/** Keep a plan's sums (its `count` rows at planRowsAt) in the room laid out for them, to add them again later. */
function keepSums(loaded: Loaded, plan: Plan, count: number): void {
  const { memory, kernel, planRowsAt } = loaded;
  const kept = plan.kept!;
  memory.bytes.copyWithin(kept.rowsAt, planRowsAt, planRowsAt + 4 * count);
  kernel.gather(kept.rowsAt, count, kept.valuesAt);
  kept.count = count;
}

function rank(index: OpenIndex, query: string, request: SearchRequest): IndexHit[] {
  const { sources, plans, occurrences } = planQuery(query, request);
  if (!occurrences.length) return [];
  const boost = request.boost ?? FIELD_BOOSTS;
  for (const plan of plans) plan.parts = planParts(index, plan, boost);
  // A row's count of distinct terms is bumped once per source term as long as the plans of one source term are
  // scored one after the other: when a term has two plans (prefix or not by position), score them all up front.
  const upFront = plans.length !== sources.length;
  const loaded = loadQuery(index, plans, (plan) => upFront || plan.occurrences > 1);
  const { memory, kernel } = loaded;
  let planNumber = 0;
  if (upFront) for (const plan of [...plans].sort((a, b) => a.source - b.source)) keepSums(loaded, plan, scorePlan(index, loaded, plan, ++planNumber));

  // MiniSearch's OR: per query term in order, add its sum; a row's place among ties is where it was first met.
  for (const plan of occurrences) {
    if (plan.kept?.count !== undefined) kernel.addKept(plan.kept.rowsAt, plan.kept.valuesAt, plan.kept.count);
    else {
      const count = scorePlan(index, loaded, plan, ++planNumber);
      kernel.addSums(loaded.planRowsAt, count);
      if (plan.occurrences > 1) keepSums(loaded, plan, count);
    }
  }
  kernel.finalScores(loaded.scoresAt);
  const touched = kernel.touchedCount();
  const { hits, hitRows } = collectHits(index, memory.i32(loaded.touchedAt, touched), memory.f64(loaded.scoresAt, touched), request);
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
