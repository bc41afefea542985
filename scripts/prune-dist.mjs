// Removes built files whose source is gone, after tsc has written the rest: tsc only adds and overwrites, so a
// renamed or deleted module would otherwise stay in dist/ and be published by `npm pack`. dist/ is not emptied
// first: files tsc overwrites keep their mode, so a global `npm install -g .` (npm marks the CLI executable) keeps
// working across rebuilds. Runs in `npm run build`, after tsc.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.join(root, 'dist');
/** Built by scripts/bundle-viewer.mjs, not from a source file of the same name. */
const BUNDLED = new Set([path.join(dist, 'surfaces', 'viewer', 'search-client.js')]);

function prune(dir) {
  // dist/hot/ is bundled from several sources (scripts/bundle-hot.mjs), which empties it first.
  if (dir === path.join(dist, 'hot')) return;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      prune(file);
      if (!fs.readdirSync(file).length) fs.rmdirSync(file);
      continue;
    }
    if (BUNDLED.has(file)) continue;
    const source = path.join(root, 'src', path.relative(dist, file)).replace(/(\.d\.ts|\.js)$/, '.ts');
    if (!fs.existsSync(source)) fs.rmSync(file);
  }
}

if (fs.existsSync(dist)) prune(dist);
