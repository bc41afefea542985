import { workerData, type MessagePort } from 'node:worker_threads';
import type { NoteFile } from '../store/read.js';
import type { FullIndexOptions } from './search-write.js';
import { indexPass } from './rebuild-pass.js';

/**
 * The second thread of a full build (index/rebuild-all.ts): one indexPass over the later notes. The answer goes on
 * `port`, then `signal` is raised, so the main thread can wait without an event loop (refresh is synchronous).
 */
export interface PassJob {
  /** This module's URL, for the bootstrap that loads it. */
  file: string;
  dir: string;
  files: NoteFile[];
  options: FullIndexOptions;
  port: MessagePort;
  signal: SharedArrayBuffer;
}

const job = workerData as PassJob;
const raised = new Int32Array(job.signal);
try {
  const result = indexPass(job.dir, job.files, job.options);
  job.port.postMessage(
    { result },
    result.written.map((w) => w.lengths.buffer as ArrayBuffer),
  );
} catch (err) {
  job.port.postMessage({ error: err instanceof Error ? err.message : String(err) });
} finally {
  Atomics.store(raised, 0, 1);
  Atomics.notify(raised, 0);
}
