#!/usr/bin/env node
// CPU profiles of the hot hooks on a benchmark corpus, summed and summarised: where the time goes before optimising.
//
//   node bench/profile.mjs [--shape small-vocab] [--size 10000] [--hooks session-start,user-prompt-submit]
//                          [--runs 10] [--prompt N] [--seed 42]
//
// Each run is the real hook process (`node --cpu-prof dist/…/main.js hook <event>`, real payload on stdin) in a
// workspace like the budget benchmarks'. The .cpuprofile files stay under bench/out/profiles/<shape>-<size>-<hook>/
// (open them in Chrome DevTools); summary.json and the printed tables are per-run averages.
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ensureCorpus } from './corpus/repo.mjs';
import { CLI, OUT, fmtMs, median, run } from './lib.mjs';
import { summariseProfiles } from './profile-summary.mjs';
import { promptsFor } from './scenarios.mjs';
import { prepareWorkspace } from './workspace.mjs';

const { values } = parseArgs({
  options: {
    shape: { type: 'string', default: 'small-vocab' },
    size: { type: 'string', default: '10000' },
    hooks: { type: 'string', default: 'session-start,user-prompt-submit' },
    runs: { type: 'string', default: '10' },
    prompt: { type: 'string' },
    seed: { type: 'string', default: '42' },
  },
});
const size = Number(values.size);
const runs = Number(values.runs);
const log = (line) => console.log(`  ${line}`);

const cached = await ensureCorpus({ shape: values.shape, size, seed: Number(values.seed) }, log);
const ws = prepareWorkspace(cached, log);
try {
  const prompts = promptsFor(ws.corpus);
  const chosen = values.prompt === undefined ? prompts : [prompts[Number(values.prompt)]];
  const input = (event, round) => {
    const base = { session_id: `profile-${round}`, transcript_path: ws.transcript, cwd: ws.repo, permission_mode: 'default' };
    if (event === 'session-start') return JSON.stringify({ ...base, hook_event_name: 'SessionStart', source: 'startup' });
    return JSON.stringify({ ...base, hook_event_name: 'UserPromptSubmit', prompt: chosen[round % chosen.length].text });
  };
  for (const hook of values.hooks.split(',')) {
    const dir = path.join(OUT, 'profiles', `${values.shape}-${size}-${hook}`);
    fs.rmSync(dir, { recursive: true, force: true });
    fs.mkdirSync(dir, { recursive: true });
    run({ args: [CLI, 'hook', hook], cwd: ws.repo, input: input(hook, 0) }); // the first session's lookup caches
    const wall = [];
    const plain = [];
    for (let round = 0; round < runs; round++) {
      wall.push(run({ args: ['--cpu-prof', `--cpu-prof-dir=${dir}`, CLI, 'hook', hook], cwd: ws.repo, input: input(hook, round) }).ms);
      plain.push(run({ args: [CLI, 'hook', hook], cwd: ws.repo, input: input(hook, round) }).ms);
    }
    const files = fs.readdirSync(dir).filter((f) => f.endsWith('.cpuprofile'));
    const summary = summariseProfiles(files.map((f) => JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8'))));
    const node = median(Array.from({ length: 7 }, () => run({ args: ['-e', '0'] }).ms));
    fs.writeFileSync(
      path.join(dir, 'summary.json'),
      `${JSON.stringify({ shape: values.shape, size, hook, runs, wallMs: median(wall), plainMs: median(plain), nodeMs: node, ...summary }, null, 2)}\n`,
    );

    const table = (title, entries, limit) => {
      console.log(`\n| ${title} | ms per run |\n|---|---|`);
      for (const [key, ms] of entries.slice(0, limit)) console.log(`| ${key.replaceAll('|', '\\|')} | ${ms.toFixed(1)} |`);
    };
    console.log(`\n## ${hook} on ${values.shape} ${size}: ${runs} profiled runs`);
    console.log(
      `median wall time ${fmtMs(median(plain))} unprofiled (${fmtMs(median(wall))} profiled), node -e 0 ${fmtMs(node)}; ` +
        `the profile covers ${summary.totalMs.toFixed(0)} ms per run (start-up before the profiler starts is not in it)`,
    );
    table('where (self time)', summary.categories, 10);
    table('code (self time)', summary.homes, 12);
    table('function (self time)', summary.selfFunctions, 20);
    table('our function (inclusive time)', summary.inclusiveOurs, 15);
    console.log(`\nprofiles and summary.json: ${path.relative(process.cwd(), dir)}`);
  }
} finally {
  ws.cleanup();
}
