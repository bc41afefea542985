import { SCORE_KERNEL_WASM } from './score-kernel.generated.js';
import { LITTLE_ENDIAN } from './segment-codec.js';

/**
 * The scoring loops as WebAssembly (score-kernel.wat) and the one memory they work in. A query lays the memory out
 * up front (its row tables, every postings list it reads, room for the sums it keeps), so nothing grows while views
 * of it are in use; a process that searches again reuses the memory, growing it when a query needs more.
 */

export interface ScoreKernel {
  layout(sum: number, total: number, stamp: number, sourceStamp: number, quality: number, seen: number, touched: number, k: number, b: number, d: number): void;
  touchedCount(): number;
  countLive(rows: number, n: number, deleted: number): number;
  accumulate(
    rows: number,
    tf: number,
    lengths: number,
    n: number,
    wide: number,
    base: number,
    limit: number,
    deleted: number,
    weight: number,
    idf: number,
    average: number,
    mark: number,
    sourceMark: number,
    out: number,
    outCount: number,
  ): number;
  addSums(rows: number, n: number): void;
  addKept(rows: number, values: number, n: number): void;
  gather(rows: number, n: number, values: number): void;
  finalScores(scores: number): void;
}

const PAGE = 65536;
/** Address 0 means "none" to the kernel (no deleted rows), so allocations start past it. */
const FIRST = 64;
/** A wasm32 memory addresses 4 GiB; a query needing more than this is refused rather than failing half-way. */
const MAX_BYTES = 2 ** 31;

/** The part of the WebAssembly API used here (TypeScript's node types leave it out without the DOM library). */
interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Memory: new (descriptor: { initial: number }) => WasmMemory;
  Instance: new (module: object, imports: object) => { exports: object };
}
const wasm = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

let compiled: object | undefined;
let cached: { memory: WasmMemory; kernel: ScoreKernel } | undefined;

/**
 * Where each piece of a query's memory goes, decided before the memory exists: offsets are handed out in order, and
 * the pieces the kernel reads before writing (counters, stamps, totals) are noted to be zeroed.
 */
export class MemoryLayout {
  size = FIRST;
  readonly zeroed: Array<[number, number]> = [];

  /** The address of `bytes` bytes aligned to `align`. */
  place(bytes: number, align = 8): number {
    const at = Math.ceil(this.size / align) * align;
    this.size = at + bytes;
    return at;
  }

  /** The same for a piece that must start as zeros. */
  placeZeroed(bytes: number, align = 8): number {
    const at = this.place(bytes, align);
    this.zeroed.push([at, at + bytes]);
    return at;
  }
}

/** A query's memory, laid out by a MemoryLayout, and the kernel bound to it. */
export class KernelMemory {
  private constructor(
    readonly kernel: ScoreKernel,
    private readonly memory: WasmMemory,
  ) {}

  /** Memory for `layout`, its zeroed pieces zero. */
  static forQuery(layout: MemoryLayout): KernelMemory {
    if (layout.size > MAX_BYTES) throw new Error(`a query needing ${layout.size} bytes of scoring memory is too large to run`);
    if (!cached) {
      compiled ??= new wasm.Module(Buffer.from(SCORE_KERNEL_WASM, 'base64'));
      const memory = new wasm.Memory({ initial: Math.ceil(layout.size / PAGE) });
      const instance = new wasm.Instance(compiled, { env: { memory } });
      cached = { memory, kernel: instance.exports as ScoreKernel };
    } else {
      const have = cached.memory.buffer.byteLength;
      if (have < layout.size) cached.memory.grow(Math.ceil((layout.size - have) / PAGE));
      // A fresh memory is zero; a reused one still holds the last query's tables.
      const bytes = new Uint8Array(cached.memory.buffer);
      for (const [from, to] of layout.zeroed) bytes.fill(0, from, to);
    }
    return new KernelMemory(cached.kernel, cached.memory);
  }

  get bytes(): Uint8Array {
    return new Uint8Array(this.memory.buffer);
  }

  // WebAssembly memory is little-endian; on a big-endian host the values are decoded rather than viewed.
  u32(at: number, count: number): Uint32Array {
    if (LITTLE_ENDIAN) return new Uint32Array(this.memory.buffer, at, count);
    const view = new DataView(this.memory.buffer);
    return Uint32Array.from({ length: count }, (_, i) => view.getUint32(at + 4 * i, true));
  }

  i32(at: number, count: number): Int32Array {
    if (LITTLE_ENDIAN) return new Int32Array(this.memory.buffer, at, count);
    const view = new DataView(this.memory.buffer);
    return Int32Array.from({ length: count }, (_, i) => view.getInt32(at + 4 * i, true));
  }

  f64(at: number, count: number): Float64Array {
    if (LITTLE_ENDIAN) return new Float64Array(this.memory.buffer, at, count);
    const view = new DataView(this.memory.buffer);
    return Float64Array.from({ length: count }, (_, i) => view.getFloat64(at + 8 * i, true));
  }
}
