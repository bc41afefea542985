#!/usr/bin/env node
// `npm run bench [-- options]`: every budget on every corpus shape, then the other suites (retrieval quality,
// compression, MCP tokens). Prints markdown tables, writes bench/out/results.json (and a dated copy under
// bench/out/runs/). Asserts nothing; the exit code is 0 unless a benchmark could not run.
//
//   --shapes current,small-vocab     corpus shapes (default: all; see bench/corpus/shapes.mjs)
//   --sizes 1000,10000               corpus sizes (default 1000,10000; 100000 only when named, it is slow)
//   --only hooks,search,refresh,rebuild,quality,embed-quality,related,duplicates,context-budget,prompt-cost,
//                                    compression,facts,mcp
//                                    groups (default: all; embed-variants and embed-fill only when named)
//   --runs 15                        rounds per timed figure (each a command and a `node -e 0`; at least 15)
//   --batch-runs N                   rounds of the pulled-batch figures (default: --runs; 5 at 100,000 notes)
//   --rebuild-runs N                 full rebuilds per shape (default 5; 3 at 100,000 notes)
//   --seed 42   --out FILE   --keep (keep the temporary workspaces)
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { GROUPS, measureWorkspace } from './budgets.mjs';
import { ensureCorpus } from './corpus/repo.mjs';
import { SHAPE_NAMES } from './corpus/shapes.mjs';
import { OUT, ROOT } from './lib.mjs';
import { renderBudgetTables, summarise } from './report.mjs';
import { prepareWorkspace } from './workspace.mjs';

const SUITES = {
  quality: 'quality.mjs',
  'embed-quality': 'embed-quality.mjs',
  related: 'related-quality.mjs',
  duplicates: 'duplicate-vectors.mjs',
  'context-budget': 'context-budget.mjs',
  'prompt-cost': 'prompt-hook-cost.mjs',
  compression: 'compression.mjs',
  facts: 'compression-facts.mjs',
  mcp: 'mcp-tokens.mjs',
  'embed-variants': 'embed-variants.mjs',
  'embed-fill': 'embed-fill.mjs',
};
/** Run only when named in --only: every variant tried for issue 12, and the background embedding of 10,000 notes, take many minutes. */
const ON_REQUEST = new Set(['embed-variants', 'embed-fill']);

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    shapes: { type: 'string' },
    sizes: { type: 'string', default: '1000,10000' },
    only: { type: 'string' },
    runs: { type: 'string', default: '15' },
    'batch-runs': { type: 'string' },
    'rebuild-runs': { type: 'string' },
    seed: { type: 'string', default: '42' },
    out: { type: 'string', default: path.join(OUT, 'results.json') },
    keep: { type: 'boolean', default: false },
  },
});

const list = (text) =>
  text
    ? text
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)
    : [];
const shapes = values.shapes ? list(values.shapes) : SHAPE_NAMES;
const sizes = list(values.sizes).map(Number);
// Old spelling: `node bench/run.mjs quality` ran the suites whose file starts with the word.
const only = [...list(values.only), ...positionals];
const groups = only.length ? only : [...GROUPS, ...Object.keys(SUITES).filter((suite) => !ON_REQUEST.has(suite))];
const runs = Number(values.runs);
const seed = Number(values.seed);
for (const shape of shapes) if (!SHAPE_NAMES.includes(shape)) throw new Error(`unknown shape "${shape}" (known: ${SHAPE_NAMES.join(', ')})`);
for (const group of groups)
  if (![...GROUPS, ...Object.keys(SUITES)].includes(group))
    throw new Error(`unknown group "${group}" (known: ${[...GROUPS, ...Object.keys(SUITES)].join(', ')})`);
if (sizes.some((n) => !Number.isInteger(n) || n < 10)) throw new Error(`--sizes must be integers of at least 10: ${values.sizes}`);
if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs must be a positive integer: ${values.runs}`);
if (runs < 15) console.log(`note: --runs ${runs} is below the 15 rounds the figures are meant to be medians of`);

const log = (line) => console.log(`  ${new Date().toISOString().slice(11, 19)} ${line}`);
const results = {
  startedAt: new Date().toISOString(),
  machine: { node: process.version, cpus: os.cpus().length, cpu: os.cpus()[0]?.model, loadavg: os.loadavg().map((x) => Number(x.toFixed(2))) },
  options: { shapes, sizes, groups, runs, seed },
  rows: [],
};
const save = () => {
  results.finishedAt = new Date().toISOString();
  results.machine.loadavgAtEnd = os.loadavg().map((x) => Number(x.toFixed(2)));
  fs.mkdirSync(path.dirname(values.out), { recursive: true });
  fs.writeFileSync(values.out, `${JSON.stringify(results, null, 2)}\n`);
};

const budgetGroups = groups.filter((g) => GROUPS.includes(g));
if (budgetGroups.length) {
  for (const size of sizes) {
    for (const shape of shapes) {
      const big = size >= 100_000;
      console.log(`\n## ${shape}, ${size} notes`);
      const cached = await ensureCorpus({ shape, size, seed }, log);
      const ws = prepareWorkspace(cached, log);
      try {
        const rows = measureWorkspace(ws, {
          runs,
          batchRuns: Number(values['batch-runs'] ?? (big ? Math.min(runs, 5) : runs)),
          rebuildRuns: Number(values['rebuild-runs'] ?? (big ? 3 : 5)),
          only: budgetGroups,
          log,
        });
        for (const row of rows) {
          results.rows.push({ suite: 'budgets', shape, size, ...row });
          log(`${row.label}: ${row.display}${row.verdict === 'info' ? '' : ` ${row.verdict}${row.budget ? ` (${row.budget.display})` : ''}`}`);
        }
        save();
      } finally {
        if (values.keep) log(`workspace kept at ${ws.repo}`);
        else ws.cleanup();
      }
    }
  }
  console.log('\n## Budgets (whole processes; ratios are medians against `node -e 0` run alternately in the same loop)');
  console.log(renderBudgetTables(results.rows));
}

for (const [group, file] of Object.entries(SUITES)) {
  if (!groups.includes(group)) continue;
  const rowsFile = path.join(os.tmpdir(), `claude-memory-bench-rows-${process.pid}-${group}.jsonl`);
  fs.rmSync(rowsFile, { force: true });
  const child = spawnSync(process.execPath, [path.join(ROOT, 'bench', file)], {
    stdio: 'inherit',
    cwd: ROOT,
    env: { ...process.env, BENCH_ROWS_FILE: rowsFile },
  });
  if (child.status !== 0) process.exitCode = 1;
  if (fs.existsSync(rowsFile)) {
    for (const line of fs.readFileSync(rowsFile, 'utf8').split('\n').filter(Boolean)) {
      const row = JSON.parse(line);
      results.rows.push({ suite: group, label: row.name, display: String(row.value), verdict: 'info', budget: null, ...row });
    }
    fs.rmSync(rowsFile, { force: true });
  }
  save();
}

save();
const archive = path.join(OUT, 'runs', `${results.startedAt.replace(/[:.]/g, '-')}.json`);
fs.mkdirSync(path.dirname(archive), { recursive: true });
fs.copyFileSync(values.out, archive);
const summary = summarise(results.rows);
console.log(`\n${summary.judged - summary.failed} of ${summary.judged} budgets hold${summary.failed ? '; over budget:' : '.'}`);
for (const line of summary.lines) console.log(`  - ${line}`);
console.log(`results: ${path.relative(process.cwd(), values.out)} (copy in ${path.relative(process.cwd(), archive)})`);
