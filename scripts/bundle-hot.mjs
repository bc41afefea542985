// Bundles the hot entry points (Claude Code's hook runner, and `search`/`context` without yargs) into dist/hot/, so a
// hook process resolves, reads and compiles a handful of files instead of dozens of small modules. Code reached by
// a dynamic import stays in its own chunk, loaded only when a run needs it. bin/claude-memory.ts loads these files when they exist and the tsc output
// otherwise. dist/hot/ sits two levels below the package root, as dist/bin/ does, so paths computed from
// import.meta.url (bin/paths.ts, store/init.ts) point at the same files. Runs after tsc in `npm run build`.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outdir = path.join(root, 'dist', 'hot');
fs.rmSync(outdir, { recursive: true, force: true });
await build({
  entryPoints: {
    hook: path.join(root, 'src/surfaces/hooks/run.ts'),
    fast: path.join(root, 'src/surfaces/cli/fast.ts'),
    'git-hook': path.join(root, 'src/surfaces/hooks/git-hook.ts'),
  },
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // npm packages are bundled too (remark and its dozens of small modules are most of a refresh's loading time),
  // except the optional sentence model, which loads its own files at run time.
  external: ['@energetic-ai/*'],
  // CommonJS packages inside an ES module bundle still call require() for node's built-ins.
  banner: { js: "import { createRequire as __cmCreateRequire } from 'node:module'; const require = __cmCreateRequire(import.meta.url);" },
  chunkNames: 'chunk-[hash]',
  logLevel: 'warning',
});
