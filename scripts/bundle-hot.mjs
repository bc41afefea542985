// Bundles the hot entry points at build time, after tsc (`npm run build`):
//
//   dist/bin/claude-memory.cjs   the `claude-memory` command (src/bin/launch.ts): CommonJS, so node skips setting up
//                                its ES module loader; it routes the hot commands to the bundles below and everything
//                                else to the ES module CLI (dist/bin/claude-memory.js)
//   dist/hot/hook-start.cjs      Claude Code's session-start hook (src/bin/hot-hook.ts, without the prompt's code)
//   dist/hot/hook.cjs            Claude Code's other hooks (the same entry, without session start's code)
//   dist/hot/fast.cjs            `search` and `context` without yargs (src/bin/hot-fast.ts)
//   dist/hot/git-hook.js         git's hooks, an ES module bundle whose chunks load per hook (a refresh needs remark,
//                                the pre-commit guard does not)
//
// A CommonJS bundle is one file: node reads and compiles it once instead of resolving dozens of small modules. What
// the hot commands need only now and then (a refresh of a stale index, the capture at the end of a turn, the log)
// stays out of the file: those dynamic imports load the ES modules tsc built (COLD below), so the bundle stays small
// and every session does not compile code it rarely runs. dist/hot/ sits two levels below the package root, as
// dist/bin/ does, so paths computed from import.meta.url (bin/paths.ts, store/init.ts) point at the same files.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const src = path.join(root, 'src');
const outdir = path.join(root, 'dist', 'hot');

/** Modules the CommonJS bundles reach only by dynamic import and load from dist/ when they do (see above). */
const COLD = [
  'index/refresh.ts',
  'index/overview-files.ts',
  'flows/capture-session.ts',
  'git/provenance.ts',
  'retrieve/hybrid.ts',
  'cache/log.ts',
  'surfaces/hooks/hook-command.ts',
  'surfaces/cli/commands/index-notes.ts',
];

const toSource = (file) => file.replace(/\.js$/, '.ts');

/**
 * Dynamic imports of COLD modules (and `also`) become imports of the tsc-built file; a static import of one is a
 * build error.
 */
const coldModules = (also = []) => ({
  name: 'cold-modules',
  setup(b) {
    b.onResolve({ filter: /^\./ }, (args) => {
      const source = toSource(path.resolve(args.resolveDir, args.path));
      const rel = path.relative(src, source).split(path.sep).join('/');
      if (!COLD.includes(rel) && !also.includes(rel)) return undefined;
      if (args.kind !== 'dynamic-import') return { errors: [{ text: `${rel} is cold (scripts/bundle-hot.mjs) but ${args.importer} imports it statically` }] };
      return { path: `../${rel.replace(/\.ts$/, '.js')}`, external: true };
    });
  },
});

/** The launcher's import of the ES module CLI stays an import of the file beside it. */
const esModuleCli = {
  name: 'es-module-cli',
  setup(b) {
    b.onResolve({ filter: /^\.\/claude-memory\.js$/ }, (args) => (args.kind === 'dynamic-import' ? { path: args.path, external: true } : undefined));
  },
};

const commonjs = {
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  // The optional sentence model loads its own files at run time.
  external: ['@energetic-ai/*'],
  // import.meta.url in a CommonJS file: the file's own URL, so paths computed from it stay right.
  define: { 'import.meta.url': '__cmImportMetaUrl' },
  banner: { js: "const __cmImportMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
  logLevel: 'warning',
};

/**
 * esbuild gives every module that default-imports a node built-in its own `__toESM(require("node:fs"), 1)`, which
 * copies the module's hundred-odd properties as getters: 33 such copies cost a session start 1.5 ms. A built-in
 * needs none of it: an object whose prototype is the module, with `default` added, reads the same.
 */
const BUILTIN_INTEROP = /__toESM\(require\("(node:[a-z_/]+)"\), 1\)/g;
const BUILTIN_HELPER = 'const __cmBuiltin = (m) => Object.create(m, { default: { value: m, enumerable: true } });';

function lightenBuiltinImports(file, extraHelper = '') {
  const text = fs.readFileSync(file, 'utf8');
  fs.writeFileSync(
    file,
    text.replace(BUILTIN_INTEROP, '__cmBuiltin(require("$1"))').replace('"use strict";\n', `"use strict";\n${BUILTIN_HELPER}\n${extraHelper}`),
  );
}

/**
 * The hot bundles' dynamic imports (of COLD modules) go through `__cmImport`, which the launcher passes in when it
 * loads a bundle with V8's code cache (src/bin/code-cache.ts): in node 20 a script compiled from code cache loses
 * its dynamic import callback, so an `import()` written in the bundle would throw there. Loaded by a plain require,
 * the bundle falls back to its own `import()`.
 */
const COLD_IMPORT = /\bimport\("(\.\.\/[^"]+)"\)/g;
const COLD_IMPORT_HELPER = 'var __cmImport = __cmImport || ((specifier) => import(specifier));\n';

function routeColdImports(file) {
  const text = fs.readFileSync(file, 'utf8');
  const all = text.match(/\bimport\(/g)?.length ?? 0;
  const cold = text.match(COLD_IMPORT)?.length ?? 0;
  if (all !== cold)
    throw new Error(`${path.basename(file)}: ${all - cold} dynamic import(s) of something other than a cold module; route them through __cmImport`);
  fs.writeFileSync(file, text.replace(COLD_IMPORT, '__cmImport("$1")'));
}

/** One CommonJS bundle of dist/hot/: `name`.cjs from `entry`, with the COLD modules and `alsoCold` left out. */
const hotBundle = (name, entry, alsoCold = [], extra = {}) =>
  build({ ...commonjs, entryPoints: { [name]: path.join(src, entry) }, outdir, outExtension: { '.js': '.cjs' }, plugins: [coldModules(alsoCold)], ...extra });

fs.rmSync(outdir, { recursive: true, force: true });
await Promise.all([
  build({
    entryPoints: { 'git-hook': path.join(src, 'surfaces/hooks/git-hook.ts') },
    outdir,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    external: ['@energetic-ai/*'],
    // CommonJS packages inside an ES module bundle still call require() for node's built-ins.
    banner: { js: "import { createRequire as __cmCreateRequire } from 'node:module'; const require = __cmCreateRequire(import.meta.url);" },
    chunkNames: 'chunk-[hash]',
    logLevel: 'warning',
  }),
  // Session start and the prompt each get a bundle without the other's code: a session compiles less.
  hotBundle('hook-start', 'bin/hot-hook.ts', ['flows/prompt-recall.ts']),
  hotBundle('hook', 'bin/hot-hook.ts', ['flows/session-start.ts']),
  // BUNDLE_META=1: what went into the bundle, for https://esbuild.github.io/analyze/ or a quick look.
  hotBundle('fast', 'bin/hot-fast.ts', [], { metafile: process.env.BUNDLE_META === '1' }).then((result) => {
    if (result.metafile) fs.writeFileSync(path.join(root, 'dist', 'hot-meta.json'), JSON.stringify(result.metafile));
  }),
  build({
    ...commonjs,
    entryPoints: { 'claude-memory': path.join(src, 'bin/launch.ts') },
    outdir: path.join(root, 'dist', 'bin'),
    outExtension: { '.js': '.cjs' },
    banner: { js: `#!/usr/bin/env node\n${commonjs.banner.js}` },
    plugins: [esModuleCli],
  }),
]);
for (const name of ['hook.cjs', 'hook-start.cjs', 'fast.cjs']) {
  routeColdImports(path.join(outdir, name));
  lightenBuiltinImports(path.join(outdir, name), COLD_IMPORT_HELPER);
}
lightenBuiltinImports(path.join(root, 'dist', 'bin', 'claude-memory.cjs'));
fs.chmodSync(path.join(root, 'dist', 'bin', 'claude-memory.cjs'), 0o755);
