// Shared helpers for the benchmarks: whole-process timing against a bare `node -e 0` measured in the same run.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

// Each bench measures one thing: the optional sentence model stays off (no background embedding run started by a
// hook or a search in a bench's temp store, burning a core through the benches after it) unless a bench about it
// turns it on: embed-quality.mjs in its own process, embed-fill.mjs for the processes it starts.
process.env.CLAUDE_MEMORY_EMBEDDINGS ??= 'off';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const CLI = path.join(ROOT, 'dist', 'bin', 'claude-memory.js');

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Milliseconds of one whole process, spawned synchronously. */
export function timeProcess(args, options = {}) {
  const start = process.hrtime.bigint();
  const result = spawnSync(process.execPath, args, { stdio: ['pipe', 'pipe', 'pipe'], ...options });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (result.status !== 0) throw new Error(`${args.join(' ')} exited ${result.status}: ${result.stderr}`);
  return ms;
}

/** Median of `runs` interleaved measurements of each command, so machine noise hits all of them alike. */
export function compare(commands, runs = 21) {
  const samples = Object.fromEntries(Object.keys(commands).map((name) => [name, []]));
  for (const spec of Object.values(commands)) timeProcess(spec.args, spec.options); // warm the page cache
  for (let i = 0; i < runs; i++) {
    for (const [name, spec] of Object.entries(commands)) samples[name].push(timeProcess(spec.args, spec.options));
  }
  return Object.fromEntries(Object.entries(samples).map(([name, values]) => [name, median(values)]));
}

/** Peak resident memory (KiB) of one run, from GNU time when the machine has it. */
export function peakKiB(args, options = {}) {
  if (!fs.existsSync('/usr/bin/time')) return undefined;
  const result = spawnSync('/usr/bin/time', ['-f', '%M', process.execPath, ...args], { encoding: 'utf8', ...options });
  const line = result.stderr.trim().split('\n').pop();
  return Number(line) || undefined;
}

export function tempRepo(prefix) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  execFileSync('git', ['init', '-q'], { cwd: dir });
  return dir;
}

export const fmt = (ms) => `${ms.toFixed(1)} ms`;
export const ratio = (ms, base) => `${(ms / base).toFixed(2)}x`;
