// Shared helpers for the benchmarks: whole-process timing against a bare `node -e 0` measured in the same loop,
// peak memory of a child, git, and the rows every suite reports.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CLI, ROOT } from './dist.mjs';

export { CLI, ROOT };
export const OUT = path.join(ROOT, 'bench', 'out');
export const NODE_BASELINE = { args: ['-e', '0'] };

// Each bench measures one thing: the optional sentence model stays off (no background embedding run started by a
// hook or a search in a bench's temp store, burning a core through the benches after it) unless a bench about it
// turns it on: embed-quality.mjs in its own process, embed-fill.mjs for the processes it starts.
process.env.CLAUDE_MEMORY_EMBEDDINGS ??= 'off';

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * One whole process, spawned synchronously; returns milliseconds and what it printed. A command is
 * `{ args, cwd?, input?, env?, file? }`: `file` defaults to this node binary.
 */
export function run(cmd) {
  const start = process.hrtime.bigint();
  const result = spawnSync(cmd.file ?? process.execPath, cmd.args, {
    cwd: cmd.cwd,
    input: cmd.input,
    env: cmd.env ?? process.env,
    stdio: ['pipe', 'pipe', 'pipe'],
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (result.status !== 0) {
    throw new Error(`${cmd.file ?? 'node'} ${cmd.args.join(' ')} exited ${result.status ?? result.signal}: ${String(result.stderr).slice(0, 2000)}`);
  }
  return { ms, stdout: result.stdout, stderr: result.stderr };
}

/**
 * `runs` rounds; in each, every command in turn, each paired with its own `node -e 0` run, the two in alternating
 * order so that drift in machine load hits both alike. A command is `{ name, make(round), after?(result, round) }`:
 * `make` may do untimed set-up and returns what to run; `after` runs right after the command, before its paired
 * baseline (a place to wait for background work or check the output). Returns, per name, every sample and the
 * ratio of the medians.
 */
export function alternateMany(commands, runs) {
  const samples = new Map(commands.map((c) => [c.name, { cmd: [], node: [] }]));
  let turn = 0;
  for (let round = 0; round < runs; round++) {
    for (const c of commands) {
      const s = samples.get(c.name);
      const cmd = c.make(round);
      const nodeFirst = turn++ % 2 === 1;
      if (nodeFirst) s.node.push(run(NODE_BASELINE).ms);
      const result = run(cmd);
      s.cmd.push(result.ms);
      c.after?.(result, round);
      if (!nodeFirst) s.node.push(run(NODE_BASELINE).ms);
    }
  }
  return Object.fromEntries(
    [...samples].map(([name, s]) => [name, { ...s, cmdMs: median(s.cmd), nodeMs: median(s.node), ratio: median(s.cmd) / median(s.node) }]),
  );
}

/** alternateMany for one command. */
export function alternate({ make, after, runs }) {
  return alternateMany([{ name: 'one', make, after }], runs).one;
}

/** Peak resident set (KiB) of one run of `cmd`, from GNU time; undefined where /usr/bin/time is missing. */
export function peakKiB(cmd) {
  if (!fs.existsSync('/usr/bin/time')) return undefined;
  const result = spawnSync('/usr/bin/time', ['-f', '%M', cmd.file ?? process.execPath, ...cmd.args], {
    cwd: cmd.cwd,
    input: cmd.input,
    env: cmd.env ?? process.env,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  const value = Number(String(result.stderr).trim().split('\n').pop());
  return Number.isFinite(value) && value > 0 ? value : undefined;
}

/** Git with a fixed identity and no hooks unless asked, so the benchmark's own git work never refreshes an index. */
export function git(cwd, args, { hooks = false, env = {}, input } = {}) {
  return execFileSync('git', args, {
    cwd,
    input,
    encoding: 'utf8',
    stdio: ['pipe', 'pipe', 'pipe'],
    maxBuffer: 256 * 1024 * 1024,
    env: {
      ...process.env,
      GIT_AUTHOR_NAME: 'Bench',
      GIT_AUTHOR_EMAIL: 'bench@example.com',
      GIT_COMMITTER_NAME: 'Bench',
      GIT_COMMITTER_EMAIL: 'bench@example.com',
      // No automatic gc: after a commit of 100,000 notes git repacks in the background for a minute, beside the
      // commands being timed.
      GIT_CONFIG_COUNT: '1',
      GIT_CONFIG_KEY_0: 'gc.auto',
      GIT_CONFIG_VALUE_0: '0',
      ...(hooks ? {} : { CLAUDE_MEMORY_SKIP_GIT_HOOKS: '1' }),
      ...env,
    },
  }).trim();
}

export function tempDir(prefix) {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/**
 * Suites run by bench/run.mjs as child processes hand their headline figures back through this: one JSON object
 * per line in the file run.mjs names in BENCH_ROWS_FILE. Run on their own, they only print.
 * A row: { suite, name, value, unit, display?, budget?, verdict?, shape?, size?, details? }.
 */
export function reportRows(rows) {
  const file = process.env.BENCH_ROWS_FILE;
  if (!file) return;
  fs.appendFileSync(file, rows.map((row) => `${JSON.stringify(row)}\n`).join(''));
}

export const fmtMs = (ms) => (ms >= 10_000 ? `${(ms / 1000).toFixed(1)} s` : ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(0)} ms`);
export const fmtMiB = (kib) => (kib === undefined ? '?' : kib >= 1024 * 1024 ? `${(kib / 1024 / 1024).toFixed(2)} GiB` : `${(kib / 1024).toFixed(0)} MiB`);

/** Milliseconds of one whole process, spawned synchronously (the embedding benches time with this). */
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

export const fmt = (ms) => `${ms.toFixed(1)} ms`;
export const ratio = (ms, base) => `${(ms / base).toFixed(2)}x`;
