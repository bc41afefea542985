/**
 * A SQLite database in WAL mode keeps its newest committed pages in `<db>-wal` until a checkpoint; claude-mem runs
 * that way, so a copy of the main file alone can miss recent rows (or whole tables). SQLite compiled to
 * WebAssembly cannot share the WAL with a live writer, so this folds the WAL's committed frames into a copy of
 * the main file in memory: the same thing a checkpoint does, without touching either file.
 *
 * Format (sqlite.org/fileformat.html, "The WAL File Format"): a 32-byte header (magic, version, page size,
 * checkpoint sequence, two salts, a checksum), then frames of a 24-byte header (page number, database size after
 * commit or 0, the salts, a running checksum) and one page. Frames count only up to the last valid commit frame
 * whose salts match the header and whose running checksum holds.
 */

const WAL_HEADER = 32;
const FRAME_HEADER = 24;
const MAGIC_LE = 0x377f0682;
const MAGIC_BE = 0x377f0683;

/** SQLite's WAL checksum: pairs of 32-bit words, in the byte order the magic number names. */
function checksum(bytes: Uint8Array, start: number, end: number, bigEndian: boolean, seed: [number, number]): [number, number] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let [s0, s1] = seed;
  for (let i = start; i + 8 <= end; i += 8) {
    s0 = (s0 + view.getUint32(i, !bigEndian) + s1) >>> 0;
    s1 = (s1 + view.getUint32(i + 4, !bigEndian) + s0) >>> 0;
  }
  return [s0, s1];
}

export interface WalResult {
  /** The database with every committed WAL frame applied, in rollback-journal mode. */
  database: Uint8Array;
  /** Frames applied (0 when the WAL was empty, reset or not valid). */
  frames: number;
}

/** Pure: the main database file with the committed frames of its WAL applied. */
export function applyWal(main: Uint8Array, wal: Uint8Array | undefined): WalResult {
  const frames = wal ? committedFrames(wal) : undefined;
  let database: Uint8Array = main;
  if (frames && frames.pages.size) {
    const size = frames.dbPages * frames.pageSize;
    database = new Uint8Array(size);
    database.set(main.subarray(0, Math.min(main.length, size)));
    for (const [pageNumber, page] of frames.pages) {
      if (pageNumber <= frames.dbPages) database.set(page, (pageNumber - 1) * frames.pageSize);
    }
  } else database = main.slice();
  if (database.length >= 100) {
    // Bytes 18 and 19 say WAL (2) or rollback journal (1); with the WAL folded in, the copy is a plain database.
    database[18] = 1;
    database[19] = 1;
    if (frames && frames.pages.size) {
      // The in-header page count is trusted only when "version valid for" equals the change counter.
      const view = new DataView(database.buffer, database.byteOffset, database.byteLength);
      view.setUint32(28, frames.dbPages);
      view.setUint32(92, view.getUint32(24));
    }
  }
  return { database, frames: frames?.count ?? 0 };
}

interface Frames {
  pageSize: number;
  dbPages: number;
  pages: Map<number, Uint8Array>;
  count: number;
}

function committedFrames(wal: Uint8Array): Frames | undefined {
  if (wal.length < WAL_HEADER) return undefined;
  const view = new DataView(wal.buffer, wal.byteOffset, wal.byteLength);
  const magic = view.getUint32(0);
  if (magic !== MAGIC_LE && magic !== MAGIC_BE) return undefined;
  const bigEndian = magic === MAGIC_BE;
  const rawPageSize = view.getUint32(8);
  const pageSize = rawPageSize === 1 ? 65536 : rawPageSize;
  if (pageSize < 512 || pageSize > 65536 || (pageSize & (pageSize - 1)) !== 0) return undefined;
  const salt1 = view.getUint32(16);
  const salt2 = view.getUint32(20);
  let sum = checksum(wal, 0, 24, bigEndian, [0, 0]);
  if (sum[0] !== view.getUint32(24) || sum[1] !== view.getUint32(28)) return undefined;

  const committed = new Map<number, Uint8Array>();
  const pending = new Map<number, Uint8Array>();
  let dbPages = 0;
  let count = 0;
  let pendingCount = 0;
  for (let offset = WAL_HEADER; offset + FRAME_HEADER + pageSize <= wal.length; offset += FRAME_HEADER + pageSize) {
    const pageNumber = view.getUint32(offset);
    const commitSize = view.getUint32(offset + 4);
    if (pageNumber === 0 || view.getUint32(offset + 8) !== salt1 || view.getUint32(offset + 12) !== salt2) break;
    sum = checksum(wal, offset, offset + 8, bigEndian, sum);
    sum = checksum(wal, offset + FRAME_HEADER, offset + FRAME_HEADER + pageSize, bigEndian, sum);
    if (sum[0] !== view.getUint32(offset + 16) || sum[1] !== view.getUint32(offset + 20)) break;
    pending.set(pageNumber, wal.subarray(offset + FRAME_HEADER, offset + FRAME_HEADER + pageSize));
    pendingCount++;
    if (commitSize > 0) {
      for (const [number, page] of pending) committed.set(number, page);
      pending.clear();
      dbPages = commitSize;
      count += pendingCount;
      pendingCount = 0;
    }
  }
  return { pageSize, dbPages, pages: committed, count };
}
