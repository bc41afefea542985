import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ENTRY_POINTS } from '../src/bin/paths.js';
import { PROJECT_ROOT } from './helpers/temp-repo.js';

/**
 * What `npm pack` (and so `npm publish`) would put in the package, read from npm itself: everything the program
 * needs at run time, the plugin, the template and the docs the README links to, and nothing of the development
 * tree. Needs a build (`npm test` builds first).
 */

interface PackResult {
  files: Array<{ path: string; size: number }>;
  unpackedSize: number;
}

const packed = (
  JSON.parse(
    execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: PROJECT_ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }),
  ) as PackResult[]
)[0]!;
const files = packed.files.map((file) => file.path).sort();

describe('the npm package', () => {
  it('holds the entry points, the library, the template, the plugin and the docs', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8')) as { bin: Record<string, string>; main: string; types: string };
    const required = [
      'package.json',
      'README.md',
      'CHANGELOG.md',
      'LICENSE',
      ...Object.values(ENTRY_POINTS),
      ...Object.values(pkg.bin),
      pkg.main,
      pkg.types,
      // Read at run time from the package folder: init's template, and the viewer's page script.
      '.memory-template/README.md',
      '.memory-template/config.json',
      '.memory-template/gitignore',
      'dist/surfaces/viewer/search-client.js',
      // The plugin, and the marketplace that makes an installed package usable as a local marketplace.
      'plugin/.claude-plugin/plugin.json',
      'plugin/hooks/hooks.json',
      'plugin/.mcp.json',
      '.claude-plugin/marketplace.json',
    ];
    for (const file of required) expect(files, file).toContain(file);
    // Every doc the README links to.
    const readme = fs.readFileSync(path.join(PROJECT_ROOT, 'README.md'), 'utf8');
    for (const [, link] of readme.matchAll(/\]\((docs\/[^)#]+)/g)) expect(files, link).toContain(link);
  });

  it('holds nothing of the development tree', () => {
    const unwanted = files.filter(
      (file) =>
        /^(src|test|bench|scripts|node_modules|coverage|scratch|\.ci|\.github)\//.test(file) ||
        /(^|\/)(fixtures?|__snapshots__)\//.test(file) ||
        /\.(test|spec)\.[cm]?[jt]s$/.test(file) ||
        /^(tsconfig.*\.json|eslint\.config\.js|knip\.json|vitest\.config\.ts|\.dependency-cruiser\.cjs|action\.yml|package-lock\.json)$/.test(file) ||
        file.endsWith('.tgz') ||
        // V8 code cache a hook wrote beside a bundle on this machine (bin/code-cache.ts)
        file.endsWith('.v8cache'),
    );
    expect(unwanted).toEqual([]);
  });

  it('ships no built file whose source is gone (a stale dist/ would otherwise be published)', () => {
    // The launcher is bundled from src/bin/launch.ts (scripts/bundle-hot.mjs).
    const bundled = new Set(['dist/surfaces/viewer/search-client.js', 'dist/bin/claude-memory.cjs']);
    // dist/hot/ holds the hot entry points bundled from several sources (scripts/bundle-hot.mjs empties it each build).
    const orphans = files
      .filter((file) => file.startsWith('dist/') && !file.startsWith('dist/hot/') && !bundled.has(file))
      .map((file) => file.replace(/^dist\//, 'src/').replace(/\.d\.ts$|\.js$/, '.ts'))
      .filter((source) => !fs.existsSync(path.join(PROJECT_ROOT, source)));
    expect(orphans).toEqual([]);
  });

  it('stays small: the program is a few hundred kilobytes, its dependencies come from the registry', () => {
    expect(packed.unpackedSize).toBeLessThan(3 * 1024 * 1024);
  });
});
