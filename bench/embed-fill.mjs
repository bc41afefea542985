#!/usr/bin/env node
// The background embedding run at scale: a Stop hook in a store of N notes (default 10,000) that have no vectors yet.
// Prints how long the hook takes against a bare `node -e 0` (it only starts the run), how long the detached run takes
// to give every note its vector (re-triggered, as the next Stop would, when a run stops at its deadline), the run's
// peak memory, and what a search costs as a whole CLI process at that size, with and without the model. Wall clock on
// a shared machine: noisy. Runs only when asked for (`npm run bench -- embed-fill`): it takes many minutes.
//
//   node bench/embed-fill.mjs [--notes 10000]
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { generateCorpus } from './generate-corpus.mjs';
import { CLI, compare, fmt, ratio } from './lib.mjs';

const { values } = parseArgs({ options: { notes: { type: 'string', default: '10000' } } });
const notes = Number(values.notes);
const env = { ...process.env, CLAUDE_MEMORY_EMBEDDINGS: 'on' };
const cli = (cwd, args, input) => execFileSync(process.execPath, [CLI, ...args], { cwd, env, input, encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'] });

const repo = fs.mkdtempSync(path.join(os.tmpdir(), 'claude-memory-bench-fill-'));
await generateCorpus({ notes, out: repo });
execFileSync('git', ['init', '-q'], { cwd: repo });
cli(repo, ['init', '--no-hooks', '--no-git-hooks', '--no-mcp']);
cli(repo, ['index']);
const cache = path.join(repo, '.claude-memory', '.cache');
const stateFile = path.join(cache, 'embeddings', 'state.json');
const lockFile = path.join(cache, 'embed.lock');
const transcript = path.join(repo, 'transcript.jsonl');
fs.writeFileSync(transcript, `${JSON.stringify({ type: 'user', message: { role: 'user', content: 'hello' } })}\n`);
const payload = JSON.stringify({ session_id: 'bench-fill', transcript_path: transcript, cwd: repo, hook_event_name: 'Stop' });
const readState = () => {
  try {
    return JSON.parse(fs.readFileSync(stateFile, 'utf8'));
  } catch {
    return undefined;
  }
};
const running = () => fs.existsSync(lockFile);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

console.log(`\n## Background embedding at ${notes} notes\n`);
// The hook that starts the run: timed as a whole process, then the run it left going is followed.
const started = Date.now();
const hookStart = process.hrtime.bigint();
cli(repo, ['hook', 'stop'], payload);
const hookMs = Number(process.hrtime.bigint() - hookStart) / 1e6;
console.log(`Stop hook that started the run returned after ${fmt(hookMs)}; the run was ${running() || !readState() ? 'still going' : 'already done'}`);

let peakKiB = 0;
let runs = 1;
for (;;) {
  const pid = Number((fs.existsSync(lockFile) && fs.readFileSync(lockFile, 'utf8').split('\n')[0]) || 0);
  if (pid) {
    try {
      const hwm = /VmHWM:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
      if (hwm) peakKiB = Math.max(peakKiB, Number(hwm[1]));
    } catch {
      // the run ended between the two reads
    }
  }
  const state = readState();
  if (state && !running()) {
    if (state.error) {
      console.log(`the run could not load the model: ${state.error}`);
      break;
    }
    if (state.embedded >= state.notes) break;
    // Stopped at its deadline: the next Stop hook starts another run, which carries on.
    cli(repo, ['hook', 'stop'], payload);
    runs += 1;
  }
  await sleep(1000);
}
const fillS = (Date.now() - started) / 1000;
const state = readState();
console.log(
  `every note embedded: ${state?.embedded} of ${state?.notes} in ${(fillS / 60).toFixed(1)} min (${runs} run${runs === 1 ? '' : 's'}, ${((fillS * 1000) / (state?.embedded || 1)).toFixed(0)} ms a note at low priority), peak memory of the run ${(peakKiB / 1024).toFixed(0)} MB`,
);
console.log(`vector cache: ${(fs.statSync(path.join(cache, 'embeddings', 'use-lite-512_energetic-ai-0.2.0.json')).size / 1e6).toFixed(1)} MB`);

const query = 'how do we keep a user signed in between visits';
const times = compare(
  {
    'node -e 0': { args: ['-e', '0'] },
    'stop hook, vectors up to date': { args: [CLI, 'hook', 'stop'], options: { cwd: repo, env, input: payload } },
    'search --lexical': { args: [CLI, 'search', query, '--lexical'], options: { cwd: repo, env } },
    'search (hybrid: model load, query vector, 10,000 vectors)': { args: [CLI, 'search', query], options: { cwd: repo, env } },
  },
  5,
);
console.log('\n| process | wall clock (median of 5) | × node -e 0 |\n|---|---|---|');
for (const [name, ms] of Object.entries(times)) console.log(`| ${name} | ${fmt(ms)} | ${ratio(ms, times['node -e 0'])} |`);
fs.rmSync(repo, { recursive: true, force: true });
