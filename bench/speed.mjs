// Speed of the core commands on synthetic corpora: whole-process `context` and `search` against `node -e 0`,
// full rebuild, refresh after one changed note, peak memory. Prints a table; asserts nothing.
import fs from 'node:fs';
import path from 'node:path';
import { CLI, compare, fmt, peakKiB, ratio, tempRepo, timeProcess } from './lib.mjs';
import { generateCorpus } from './generate-corpus.mjs';

const sizes = (process.env.BENCH_SIZES ?? '1000,10000,100000').split(',').map(Number);
const rows = [];
for (const size of sizes) {
  const repo = tempRepo(`claude-memory-bench-${size}-`);
  await generateCorpus({ notes: size, out: repo, seed: 42 });
  fs.writeFileSync(path.join(repo, '.claude-memory', 'config.json'), '{}\n');
  const opts = { cwd: repo };
  const rebuild = timeProcess([CLI, 'index'], opts);
  // One note rewritten the way git and most editors write (new file, rename), then the next reader refreshes.
  const notesDir = path.join(repo, '.claude-memory', 'notes');
  const topic = fs.readdirSync(notesDir).find((name) => !name.startsWith('.'));
  const file = path.join(notesDir, topic, fs.readdirSync(path.join(notesDir, topic))[0]);
  const text = fs.readFileSync(file, 'utf8');
  fs.writeFileSync(`${file}.tmp`, text.replace(/\n---\n/, '\n---\nEdited after a pull: the retry budget is now 5.\n'));
  fs.renameSync(`${file}.tmp`, file);
  const refreshOne = timeProcess([CLI, 'context'], opts);
  const times = compare({
    node: { args: ['-e', '0'] },
    context: { args: [CLI, 'context'], options: opts },
    search: { args: [CLI, 'search', 'retry budget webhook', '--limit', '5'], options: opts },
  }, size >= 100000 ? 11 : 21);
  rows.push({
    notes: size,
    node: fmt(times.node),
    context: `${fmt(times.context)} (${ratio(times.context, times.node)})`,
    search: `${fmt(times.search)} (${ratio(times.search, times.node)})`,
    rebuild: fmt(rebuild),
    refreshOne: fmt(refreshOne),
    peakRebuildMiB: ((peakKiB([CLI, 'index'], opts) ?? 0) / 1024).toFixed(0),
    peakSearchMiB: ((peakKiB([CLI, 'search', 'retry budget'], opts) ?? 0) / 1024).toFixed(0),
  });
  fs.rmSync(repo, { recursive: true, force: true });
}
console.log('\n## Speed (whole process, median; ratio to `node -e 0` in the same run)\n');
console.log('| notes | node -e 0 | context | search | full rebuild | refresh after 1 change | peak MiB rebuild | peak MiB search |');
console.log('|---|---|---|---|---|---|---|---|');
for (const r of rows) console.log(`| ${r.notes} | ${r.node} | ${r.context} | ${r.search} | ${r.rebuild} | ${r.refreshOne} | ${r.peakRebuildMiB} | ${r.peakSearchMiB} |`);
console.log('\nTargets at 10,000 notes: context ≤ 1.5x, search ≤ 2x, full rebuild ≤ 3 s, refresh after one change ≤ 0.5 s.');
