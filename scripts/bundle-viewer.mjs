// Bundles the viewer's page script (src/surfaces/viewer/client.ts with MiniSearch, the stemmer and the CLI's text
// processing) into one classic script next to the compiled viewer, where `claude-memory view` copies it from.
// Runs after tsc in `npm run build`.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
await build({
  entryPoints: [path.join(root, 'src/surfaces/viewer/client.ts')],
  outfile: path.join(root, 'dist/surfaces/viewer/search-client.js'),
  bundle: true,
  format: 'iife',
  platform: 'browser',
  target: 'es2020',
  minify: true,
  legalComments: 'eof',
  logLevel: 'warning',
});
