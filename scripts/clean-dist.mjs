// Empties dist/ before tsc writes it, so a renamed or deleted source never leaves a stale built file behind for
// `npm pack` to ship (tsc only ever adds and overwrites). Runs first in `npm run build`.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

fs.rmSync(path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'dist'), { recursive: true, force: true });
