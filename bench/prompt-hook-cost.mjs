#!/usr/bin/env node
// What the user-prompt-submit hook costs now that note dates are indexed as words (a sixth search field; the hook
// loads no sentence model), against a bare `node -e 0`: instructions counted by callgrind (steady on a loaded
// machine), and the median wall clock of interleaved runs (noisy). Budget: 2 × `node -e 0` (DESIGN.md).
//
//   node bench/prompt-hook-cost.mjs [--notes 10000] [--runs 11] [--baseline path/to/other/dist/bin/claude-memory.js]
//
// --baseline measures another build's CLI on its own copy of the same corpus (e.g. the release before the date
// words), so the two can be compared in one run. Callgrind rows are skipped when valgrind is not installed.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { generateCorpus } from './generate-corpus.mjs';
import { CLI, compare, fmt, ratio } from './lib.mjs';

const { values } = parseArgs({
  options: { notes: { type: 'string', default: '10000' }, runs: { type: 'string', default: '11' }, baseline: { type: 'string' } },
});
const notes = Number(values.notes);

async function corpus(cli) {
  const repo = fs.mkdtempSync(path.join(os.tmpdir(), 'claude-memory-bench-prompt-'));
  await generateCorpus({ notes, out: repo });
  execFileSync('git', ['init', '-q'], { cwd: repo });
  execFileSync(process.execPath, [cli, 'init', '--no-hooks', '--no-git-hooks', '--no-mcp'], { cwd: repo, stdio: 'ignore' });
  execFileSync(process.execPath, [cli, 'index'], { cwd: repo, stdio: 'ignore' });
  return repo;
}

const prompts = {
  'prompt naming a month': 'what did we change about invoice numbering and the billing export back in March?',
  'prompt without a date': 'why does the webhook retry logic back off before the queue worker gives up?',
};
const payload = (repo, prompt) => JSON.stringify({ cwd: repo, hook_event_name: 'UserPromptSubmit', session_id: 'bench', prompt });

const builds = { shipped: CLI, ...(values.baseline ? { baseline: path.resolve(values.baseline) } : {}) };
const repos = {};
for (const [name, cli] of Object.entries(builds)) {
  repos[name] = await corpus(cli);
  // One run first: the lookup caches the hook keeps beside the index exist after the first prompt of a session.
  for (const prompt of Object.values(prompts))
    execFileSync(process.execPath, [cli, 'hook', 'user-prompt-submit'], { cwd: repos[name], input: payload(repos[name], prompt) });
}

const commands = { 'node -e 0': { args: ['-e', '0'] } };
for (const [name, cli] of Object.entries(builds)) {
  for (const [what, prompt] of Object.entries(prompts))
    commands[`${name}: ${what}`] = { args: [cli, 'hook', 'user-prompt-submit'], options: { cwd: repos[name], input: payload(repos[name], prompt) } };
}

function instructions(spec) {
  const out = path.join(os.tmpdir(), `claude-memory-callgrind-${process.pid}.out`);
  const result = spawnSync('valgrind', ['--tool=callgrind', `--callgrind-out-file=${out}`, '--smc-check=all-non-file', process.execPath, ...spec.args], {
    encoding: 'utf8',
    ...spec.options,
  });
  fs.rmSync(out, { force: true });
  const match = /Collected : (\d+)/.exec(result.stderr ?? '');
  return match ? Number(match[1]) : undefined;
}

console.log(`\n## Prompt hook cost at ${notes} notes (date words indexed; no sentence model in the hook)\n`);
const hasValgrind = spawnSync('valgrind', ['--version']).status === 0;
if (hasValgrind) {
  const counts = Object.fromEntries(Object.entries(commands).map(([name, spec]) => [name, instructions(spec)]));
  const base = counts['node -e 0'];
  console.log('| process | instructions (callgrind) | × node -e 0 |\n|---|---|---|');
  for (const [name, count] of Object.entries(counts))
    console.log(`| ${name} | ${count?.toLocaleString('en') ?? '?'} | ${count && base ? (count / base).toFixed(2) : '?'} |`);
} else console.log('(valgrind not installed: instruction counts skipped)');

const times = compare(commands, Number(values.runs));
const base = times['node -e 0'];
console.log(`\n| process | wall clock (median of ${values.runs}, interleaved) | × node -e 0 |\n|---|---|---|`);
for (const [name, ms] of Object.entries(times)) console.log(`| ${name} | ${fmt(ms)} | ${ratio(ms, base)} |`);
for (const repo of Object.values(repos)) fs.rmSync(repo, { recursive: true, force: true });
