// `npm run bench`: every benchmark in turn. Each prints its own table; none asserts anything.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { ROOT } from './lib.mjs';

const only = process.argv.slice(2);
const suites = ['quality.mjs', 'speed.mjs', 'hooks.mjs', 'context-budget.mjs', 'compression.mjs', 'mcp-tokens.mjs'];
for (const suite of suites) {
  if (only.length && !only.some((name) => suite.startsWith(name))) continue;
  const file = path.join(ROOT, 'bench', suite);
  if (!fs.existsSync(file)) continue;
  const result = spawnSync(process.execPath, [file], { stdio: 'inherit', cwd: ROOT });
  if (result.status !== 0) process.exitCode = 1;
}
