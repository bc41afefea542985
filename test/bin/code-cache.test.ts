import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT, initRepo, runCliSync, tempDir, tempRepo, writeFile } from '../helpers/temp-repo.js';

/**
 * The hot bundles load through bin/code-cache.ts: run in real node processes (the cache is written when one exits),
 * from the built file. Needs a build (`npm test` builds first).
 */

const loader = path.join(PROJECT_ROOT, 'dist', 'bin', 'code-cache.js');

/** A CommonJS "bundle" that loads an ES module on demand the way scripts/bundle-hot.mjs writes the hot bundles. */
function bundleIn(dir: string): string {
  fs.writeFileSync(path.join(dir, 'later.mjs'), 'export const word = "later";\n');
  const file = path.join(dir, 'bundle.cjs');
  fs.writeFileSync(
    file,
    [
      '"use strict";',
      'var __cmImport = __cmImport || ((specifier) => import(specifier));',
      'exports.run = async (n) => { const { word } = await __cmImport("./later.mjs"); return `${n * 2} ${word} ${__filename.endsWith("bundle.cjs")}`; };',
      '',
    ].join('\n'),
  );
  return file;
}

/** Load the bundle in a fresh node process and print what it answers. */
const runIn = (file: string) =>
  execFileSync(
    process.execPath,
    [
      '--input-type=module',
      '-e',
      `const { requireWithCodeCache } = await import(${JSON.stringify(loader)}); console.log(await requireWithCodeCache(${JSON.stringify(file)}).run(21));`,
    ],
    {
      encoding: 'utf8',
    },
  ).trim();

const caches = (dir: string) => fs.readdirSync(dir).filter((name) => name.endsWith('.v8cache'));

describe('requireWithCodeCache', () => {
  it('loads a bundle as require does, dynamic imports included, and writes its code cache beside it once', () => {
    const dir = tempDir();
    const file = bundleIn(dir);
    expect(runIn(file)).toBe('42 later true');
    const written = caches(dir);
    expect(written).toHaveLength(1);
    const stat = fs.statSync(file);
    expect(written[0]).toBe(`bundle.cjs.${Math.trunc(stat.mtimeMs)}-${stat.size}.v8cache`);
    const bytes = fs.readFileSync(path.join(dir, written[0]!));
    expect(runIn(file)).toBe('42 later true');
    // The second run used the cache: nothing rewritten, no temporary files left.
    expect(fs.readFileSync(path.join(dir, written[0]!))).toEqual(bytes);
    expect(fs.readdirSync(dir).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });

  it('a damaged cache is rejected and rewritten; the bundle still loads', () => {
    const dir = tempDir();
    const file = bundleIn(dir);
    runIn(file);
    const cache = path.join(dir, caches(dir)[0]!);
    fs.writeFileSync(cache, Buffer.alloc(4096, 7));
    expect(runIn(file)).toBe('42 later true');
    expect(fs.readFileSync(cache).equals(Buffer.alloc(4096, 7))).toBe(false);
  });

  it('a changed bundle gets a cache of its own name, so a stale one is never used for it', () => {
    const dir = tempDir();
    const file = bundleIn(dir);
    runIn(file);
    fs.writeFileSync(file, '"use strict";\nexports.run = async (n) => `${n + 1} changed`;\n');
    fs.utimesSync(file, new Date(), new Date(Date.now() + 5000));
    expect(runIn(file)).toBe('22 changed');
    expect(caches(dir)).toHaveLength(2);
  });

  it('the same bundle loads by a plain require too (its own import() serves it then)', async () => {
    const dir = tempDir();
    const file = bundleIn(dir);
    const { run } = createRequire(import.meta.url)(file) as { run: (n: number) => Promise<string> };
    expect(await run(21)).toBe('42 later true');
  });

  it('the real hooks and search load the modules they leave out when their code cache is in use', async () => {
    const root = tempRepo();
    await initRepo(root);
    const hot = path.join(PROJECT_ROOT, 'dist', 'hot');
    const search = (word: string) => runCliSync(root, ['search', word, '--json']);
    search('anything');
    expect(fs.readdirSync(hot).some((name) => name.startsWith('fast.cjs.') && name.endsWith('.v8cache'))).toBe(true);
    // A note written by hand makes the index stale: the next search imports the refresh, a module left out of its bundle.
    writeFile(root, '.claude-memory/notes/billing/rounding.md', '---\nid: rounding\ntitle: Invoice rounding\ntype: decision\n---\nRound invoices half-even.\n');
    const found = search('rounding');
    expect(found.code, found.stderr).toBe(0);
    expect(found.stdout).toContain('rounding');
    expect(found.stderr).toBe('');
  });

  it.skipIf(process.getuid?.() === 0)('works without a cache where the bundle folder is read-only', () => {
    const dir = tempDir();
    const file = bundleIn(dir);
    fs.chmodSync(dir, 0o555);
    try {
      expect(runIn(file)).toBe('42 later true');
      expect(caches(dir)).toEqual([]);
    } finally {
      fs.chmodSync(dir, 0o755);
    }
  });
});
