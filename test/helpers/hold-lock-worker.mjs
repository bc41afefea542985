// Takes a lock with the built store's code, says so on stdout, then holds it until killed.
import { tryTakeLock } from '../../dist/store/lock.js';

const [lock] = process.argv.slice(2);
if (!tryTakeLock(lock)) process.exit(3);
process.stdout.write('held\n');
globalThis.setInterval(() => {}, 1000);
