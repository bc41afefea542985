import type { Problem } from '../core/types.js';
import { readNoteFile, type NoteFile } from '../store/read.js';
import { catalogEntry, searchDoc, type CatalogEntry } from './catalog.js';
import { FullIndexWriter, type FullIndexOptions, type Written } from './search-write.js';

/** What a full build learnt of one note file. Each record with an `entry` owns the pass's next search row. */
export interface NoteRecord {
  path: string;
  mtimeMs: number;
  size: number;
  problems: Problem[];
  entry?: CatalogEntry;
}

/** One pass over a run of note files: a record per file, in order, and the segments holding their rows. */
export interface PassResult {
  records: NoteRecord[];
  written: Written[];
}

/**
 * Read these notes in order and write their search rows into segments that are not in use yet. Every note that
 * parses gets a row, one whose id another note already has too: which of them keeps the id is settled over all
 * passes together (index/rebuild-all.ts), and the other rows are marked deleted.
 */
export function indexPass(dir: string, files: readonly NoteFile[], options: FullIndexOptions & { onNote?: (done: number) => void }): PassResult {
  // Notes stream into the index one at a time: only the catalog entries stay in memory, never the note bodies.
  const writer = new FullIndexWriter(dir, options);
  const records = files.map((file, i): NoteRecord => {
    const read = readNoteFile(file);
    const record: NoteRecord = { path: file.path, mtimeMs: read.mtimeMs, size: read.size, problems: read.problems };
    if (read.note) {
      writer.add(searchDoc(read.note));
      record.entry = catalogEntry(read.note);
    }
    options.onNote?.(i + 1);
    return record;
  });
  return { records, written: writer.close() };
}
