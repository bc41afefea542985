// Increments a counter file N times, each under the lock: one of several concurrent processes.
import fs from 'node:fs';
import { withLock } from '../../dist/store/lock.js';

const [lock, counter, times] = process.argv.slice(2);
for (let i = 0; i < Number(times); i++) {
  withLock(lock, () => fs.writeFileSync(counter, String(Number(fs.readFileSync(counter, 'utf8')) + 1)), { timeoutMs: 60_000 });
}
