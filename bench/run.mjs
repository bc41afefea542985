// `npm run bench`: every benchmark in turn. Each prints its own table; none asserts anything.
// `npm run bench -- embed related` runs the suites whose names start with those words.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { ROOT } from './lib.mjs';

const only = process.argv.slice(2);
const suites = ['quality.mjs', 'embed-quality.mjs', 'embed-variants.mjs', 'embed-fill.mjs', 'related-quality.mjs', 'duplicate-vectors.mjs', 'speed.mjs', 'hooks.mjs', 'context-budget.mjs', 'prompt-hook-cost.mjs', 'compression.mjs', 'compression-facts.mjs', 'mcp-tokens.mjs'];
/**
 * Run only when asked for by name: every variant tried to close the gap to issue 12's bar, and the background
 * embedding of 10,000 notes, take many minutes.
 */
const ON_REQUEST = new Set(['embed-variants.mjs', 'embed-fill.mjs']);
for (const suite of suites) {
  if (only.length && !only.some((name) => suite.startsWith(name))) continue;
  if (ON_REQUEST.has(suite) && !only.some((name) => suite.startsWith(name) && name.length > suite.indexOf('-') + 1)) continue;
  const file = path.join(ROOT, 'bench', suite);
  if (!fs.existsSync(file)) continue;
  const result = spawnSync(process.execPath, [file], { stdio: 'inherit', cwd: ROOT });
  if (result.status !== 0) process.exitCode = 1;
}
