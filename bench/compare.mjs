#!/usr/bin/env node
// Two result files side by side: `node bench/compare.mjs before.json [after.json]` (after defaults to
// bench/out/results.json). Prints a markdown table of the rows both measured, with the relative change.
import fs from 'node:fs';
import path from 'node:path';
import { OUT } from './lib.mjs';
import { compareRows } from './report.mjs';

const [beforeFile, afterFile = path.join(OUT, 'results.json')] = process.argv.slice(2);
if (!beforeFile) {
  console.error('usage: node bench/compare.mjs BEFORE.json [AFTER.json]');
  process.exit(2);
}
const read = (file) => JSON.parse(fs.readFileSync(file, 'utf8'));
const before = read(beforeFile);
const after = read(afterFile);
console.log(`before: ${beforeFile} (${before.startedAt}, load ${before.machine?.loadavg?.join(' ')})`);
console.log(`after:  ${afterFile} (${after.startedAt}, load ${after.machine?.loadavg?.join(' ')})\n`);
console.log(compareRows(before.rows, after.rows));
