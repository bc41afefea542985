import { Worker } from 'node:worker_threads';

/**
 * How long a job may run before it counts as hung. Not a speed budget: linear work here finishes in well under a
 * second, a pattern that backtracks without end on these inputs would need hours. Speed is `npm run bench`'s job.
 */
export const HANG_AFTER_MS = 90_000;
/** The test timeout for a test that waits on a guarded job: the guard answers first. */
export const HANG_TEST_TIMEOUT_MS = HANG_AFTER_MS + 30_000;

/**
 * Runs redaction in a worker thread and resolves with what it produced; rejects, stopping the worker, only if the job
 * never ends. `redact` returns each input's redacted text; `rules` runs every rule of the catalogue on every input.
 */
export function redactInWorker(mode: 'redact', inputs: string[]): Promise<{ texts: string[] }>;
export function redactInWorker(mode: 'rules', inputs: string[]): Promise<{ finished: number; rules: number; matches: number }>;
export function redactInWorker(mode: 'redact' | 'rules', inputs: string[]): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./redact-worker.mjs', import.meta.url), { workerData: { mode, inputs } });
    const guard = setTimeout(() => {
      void worker.terminate();
      reject(new Error(`redaction (${mode}) did not finish on ${inputs.length} input(s): a pattern backtracks without end`));
    }, HANG_AFTER_MS);
    worker.once('message', (result) => {
      clearTimeout(guard);
      void worker.terminate();
      resolve(result);
    });
    worker.once('error', (err) => {
      clearTimeout(guard);
      reject(err);
    });
  });
}
