import { SingleBar, Presets } from 'cli-progress';

/** A progress bar on a terminal; nothing at all when stderr is a pipe or a file. */
export async function withProgress<T>(label: string, work: (onProgress: (done: number, total: number) => void) => T | Promise<T>): Promise<T> {
  if (!process.stderr.isTTY) return work(() => {});
  const bar = new SingleBar(
    { format: `${label} [{bar}] {value}/{total}`, stream: process.stderr, clearOnComplete: true, hideCursor: true },
    Presets.shades_classic,
  );
  let started = false;
  try {
    return await work((done, total) => {
      if (total < 500) return;
      if (!started) {
        bar.start(total, 0);
        started = true;
      }
      bar.update(done);
    });
  } finally {
    if (started) bar.stop();
  }
}
