import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import vm from 'node:vm';

/**
 * Loads a hot bundle (dist/hot/*.cjs) as `require` would, with V8's code cache for it kept beside it. A hook is a
 * fresh process every time: without the cache, V8 parses the bundle and compiles each function the hook calls, on
 * every run (about 4 ms of a session start). The first run writes the cache when it exits, with every function it
 * compiled; later runs start from it.
 *
 * The cache lives only beside the bundle, never in a shared or repository folder: code cache is trusted code, so
 * whoever can write it could already change the bundle. Its name carries the bundle's size and modification time,
 * because V8 checks a cache against the source's length only; a rebuild empties dist/hot/ as well. A cache V8
 * rejects (another node version) is rewritten, one that cannot be written (a read-only install) is done without.
 */

type Wrapper = (
  exports: object,
  require: NodeJS.Require,
  module: { exports: object },
  filename: string,
  dirname: string,
  coldImport: (specifier: string) => Promise<unknown>,
) => void;

export function requireWithCodeCache(file: string): unknown {
  const source = fs.readFileSync(file, 'utf8');
  const stat = fs.statSync(file);
  const cacheFile = `${file}.${Math.trunc(stat.mtimeMs)}-${stat.size}.v8cache`;
  let cachedData: Buffer | undefined;
  try {
    cachedData = fs.readFileSync(cacheFile);
  } catch {
    // not written yet
  }
  // In node 20 a script compiled from code cache has no dynamic import callback: the bundle's imports of the
  // modules it leaves out come through `__cmImport` (scripts/bundle-hot.mjs), served here, relative to the bundle.
  const script = new vm.Script(`(function (exports, require, module, __filename, __dirname, __cmImport) {${source}\n})`, { filename: file, cachedData });
  const coldImport = (specifier: string) => import(specifier.startsWith('.') ? pathToFileURL(path.resolve(path.dirname(file), specifier)).href : specifier);
  const module = { exports: {} };
  (script.runInThisContext() as Wrapper)(module.exports, createRequire(file), module, file, path.dirname(file), coldImport);
  if (!cachedData || script.cachedDataRejected) process.once('exit', () => writeCodeCache(cacheFile, script));
  return module.exports;
}

function writeCodeCache(cacheFile: string, script: vm.Script): void {
  const temp = `${cacheFile}.${process.pid}.tmp`;
  try {
    fs.writeFileSync(temp, script.createCachedData());
    fs.renameSync(temp, cacheFile);
  } catch {
    // a read-only install: every run compiles, as without the cache
    fs.rmSync(temp, { force: true });
  }
}
