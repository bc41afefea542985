import fs from 'node:fs';
import os from 'node:os';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { MessageChannel, Worker, receiveMessageOnPort } from 'node:worker_threads';
import type { NoteFile } from '../store/read.js';
import { indexPass, type PassResult } from './rebuild-pass.js';
import type { PassJob } from './rebuild-worker.js';

/**
 * A full build over every note, on two threads when there are enough notes and a second core: the main thread
 * takes the first part of the list, a worker the rest, each writing its own segments (segments are independent, so
 * nothing is merged afterwards). Reading, parsing and tokenizing notes is most of a rebuild and splits evenly.
 * Whatever goes wrong with the worker, the main thread does its part itself: a build never depends on it.
 */

/** Below this many notes a worker's start-up (about 60 ms) costs more than it saves. */
export const PARALLEL_MIN_NOTES = 1_000;
/** The main thread's share: it also writes the catalog, the layers and the overview after both parts are done. */
const MAIN_SHARE = 0.5;
/** Segment numbers of the worker's part, far past any the main thread's part reaches. */
const WORKER_FIRST_SEGMENT = 1 << 20;
/**
 * How long the main thread waits for the worker after its own part, as a multiple of the time its part took (the
 * parts are alike), and at least: a worker that died cannot say so while this thread is blocked, so a build never
 * waits on one for long before doing the part itself.
 */
const WAIT_FACTOR = 3;
const MIN_WAIT_MS = 5_000;

/**
 * The worker's first code: loads the pass module, and raises the signal with an error when that fails, so the main
 * thread is not left waiting.
 */
const BOOTSTRAP = `
const { workerData } = require('node:worker_threads');
import(workerData.file).catch((err) => {
  workerData.port.postMessage({ error: String(err && err.message || err) });
  const raised = new Int32Array(workerData.signal);
  Atomics.store(raised, 0, 1);
  Atomics.notify(raised, 0);
});
`;

/** Where tsc puts the worker: beside this file, and beside dist/hot/ when this code is inside a bundle there. */
const WORKER_FILE = fileURLToPath(new URL('../index/rebuild-worker.js', import.meta.url));

export interface BuildAllOptions {
  generation: number;
  /** 1 keeps the build on this thread; default: 2 when the machine has a second core. */
  threads?: number;
  onProgress?: (done: number, total: number) => void;
  /** Told why, when a worker was started but its part had to be done on this thread after all. */
  onWorkerFailure?: (reason: string) => void;
  /** The worker module (tests point this at one that fails). */
  workerFile?: string;
}

/** Pure: how many notes the main thread takes of `total`, or all of them when the build stays on one thread. */
export function mainPart(total: number, threads: number): number {
  return threads > 1 && total >= PARALLEL_MIN_NOTES ? Math.ceil(total * MAIN_SHARE) : total;
}

/** Index every file; the passes, in file order. */
export function indexAllNotes(dir: string, files: readonly NoteFile[], options: BuildAllOptions): PassResult[] {
  const threads = options.threads ?? (os.availableParallelism() > 1 ? 2 : 1);
  const split = mainPart(files.length, threads);
  const progress = (done: number) => {
    if (options.onProgress && (done % 200 === 0 || done === files.length)) options.onProgress(done, files.length);
  };
  const rest = files.slice(split);
  const workerFile = options.workerFile ?? WORKER_FILE;
  const worker = rest.length && fs.existsSync(workerFile) ? startWorker(dir, rest, options.generation, workerFile) : undefined;
  const started = Date.now();
  const first = indexPass(dir, files.slice(0, split), { generation: options.generation, onNote: progress });
  if (!rest.length) return [first];
  const answer = worker?.result(Math.max(MIN_WAIT_MS, WAIT_FACTOR * (Date.now() - started)));
  if (answer && 'failure' in answer) options.onWorkerFailure?.(answer.failure);
  const second =
    answer && 'pass' in answer
      ? answer.pass
      : indexPass(dir, rest, { generation: options.generation, firstSegment: 2 * WORKER_FIRST_SEGMENT, onNote: (n) => progress(split + n) });
  progress(files.length);
  return [first, second];
}

interface Started {
  /** The worker's pass, or why there is none: it failed, or did not answer within `waitMs`. */
  result(waitMs: number): { pass: PassResult } | { failure: string };
}

function startWorker(dir: string, files: NoteFile[], generation: number, workerFile: string): Started {
  const { port1, port2 } = new MessageChannel();
  const signal = new SharedArrayBuffer(4);
  const job: PassJob = { file: pathToFileURL(workerFile).href, dir, files, options: { generation, firstSegment: WORKER_FIRST_SEGMENT }, port: port2, signal };
  let worker: Worker;
  try {
    worker = new Worker(BOOTSTRAP, { eval: true, workerData: job, transferList: [port2] });
  } catch (err) {
    return { result: () => ({ failure: `the worker thread did not start: ${(err as Error).message}` }) };
  }
  // An error event with no listener would end the process; the main thread notices the missing answer instead.
  worker.on('error', () => {});
  worker.unref();
  return {
    result(waitMs) {
      const raised = new Int32Array(signal);
      Atomics.wait(raised, 0, 0, waitMs);
      const answer = receiveMessageOnPort(port1)?.message as { result?: PassResult; error?: string } | undefined;
      port1.close();
      void worker.terminate();
      if (answer?.result) return { pass: answer.result };
      return { failure: answer?.error ?? `the worker thread did not answer within ${waitMs} ms` };
    },
  };
}
