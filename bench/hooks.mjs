#!/usr/bin/env node
// Claude Code hooks as whole processes fed real payloads, against a bare `node -e 0` measured in the same run.
//
//   node bench/hooks.mjs [--notes 10000] [--runs 21] [--keep]
//
// Budgets (DESIGN.md): session-start ≤ 1.5x node, user-prompt-submit ≤ 2x node, at 10,000 notes. The corpus is a
// git repository on a feature branch with a few changed files that notes are about (committed and uncommitted),
// so session start does its whole job: git, the changed-file notes, layer 0. Prints a table; asserts nothing.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { generateCorpus } from './generate-corpus.mjs';
import { CLI, compare, fmt, ratio } from './lib.mjs';

const { values } = parseArgs({ options: { notes: { type: 'string', default: '10000' }, runs: { type: 'string', default: '21' }, keep: { type: 'boolean', default: false } } });
const notes = Number(values.notes);
const runs = Number(values.runs);

const git = (cwd, ...args) => execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
const cli = (cwd, ...args) => execFileSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

const repo = fs.mkdtempSync(path.join(os.tmpdir(), 'claude-memory-bench-hooks-'));
await generateCorpus({ notes, out: repo });
git(repo, 'init', '-q', '-b', 'main');
git(repo, 'config', 'user.email', 'bench@example.com');
git(repo, 'config', 'user.name', 'Bench');
cli(repo, 'init', '--no-hooks', '--no-git-hooks', '--no-mcp');
git(repo, 'add', '-A');
git(repo, 'commit', '-qm', 'corpus');

// Files that notes are about, changed on a branch: three committed, two uncommitted.
const named = [];
for (const file of fs.readdirSync(path.join(repo, '.claude-memory', 'notes'), { recursive: true })) {
  if (named.length >= 5 || !file.endsWith('.md')) continue;
  const files = /^files: \[(.+)\]$/m.exec(fs.readFileSync(path.join(repo, '.claude-memory', 'notes', file), 'utf8'))?.[1];
  const first = files?.split(',')[0]?.trim().replace(/^['"]|['"]$/g, '');
  if (first && !first.includes('..') && !named.includes(first)) named.push(first);
}
git(repo, 'checkout', '-q', '-b', 'feature');
named.forEach((file, i) => {
  fs.mkdirSync(path.dirname(path.join(repo, file)), { recursive: true });
  fs.writeFileSync(path.join(repo, file), `// changed ${i}\n`);
  if (i === 2) {
    git(repo, 'add', '-A');
    git(repo, 'commit', '-qm', 'feature work');
  }
});

cli(repo, 'index');
const transcript = path.join(repo, 'transcript.jsonl');
fs.writeFileSync(transcript, `${JSON.stringify({ type: 'user', message: { role: 'user', content: 'hello' } })}\n`);
const payload = (event, extra = {}) => JSON.stringify({ session_id: 'bench-session', transcript_path: transcript, cwd: repo, hook_event_name: event, ...extra });
// A prompt made of a real note's words, so the search finds something and the pointers are built.
const someTitle = /^title: (.+)$/m.exec(fs.readFileSync(path.join(repo, '.claude-memory', 'notes', fs.readdirSync(path.join(repo, '.claude-memory', 'notes'), { recursive: true }).find((f) => f.endsWith('.md'))), 'utf8'))[1];
const prompt = `Can you check how ${someTitle.replace(/^['"]|['"]$/g, '')} works before I change it?`;

const hook = (event, input) => ({ args: [CLI, 'hook', event], options: { cwd: repo, input } });
// One run first, so the lookup caches the hooks keep beside the index exist (as they do after the first session).
for (const [event, input] of [['session-start', payload('SessionStart', { source: 'startup' })], ['user-prompt-submit', payload('UserPromptSubmit', { prompt })]]) {
  const out = execFileSync(process.execPath, [CLI, 'hook', event], { cwd: repo, input, encoding: 'utf8' });
  console.log(`${event}: ${out.length} characters of output`);
}

const results = compare(
  {
    'node -e 0': { args: ['-e', '0'] },
    'session-start': hook('session-start', payload('SessionStart', { source: 'startup' })),
    'user-prompt-submit': hook('user-prompt-submit', JSON.stringify({ cwd: repo, hook_event_name: 'UserPromptSubmit', prompt })),
    stop: hook('stop', payload('Stop')),
  },
  runs,
);
const base = results['node -e 0'];
const budgets = { 'session-start': 1.5, 'user-prompt-submit': 2 };
console.log(`\nhooks at ${notes} notes, median of ${runs} runs, ${named.length} changed files on the branch`);
for (const [name, ms] of Object.entries(results)) {
  const budget = budgets[name];
  const verdict = budget ? (ms / base <= budget ? `within ${budget}x` : `OVER ${budget}x`) : '';
  console.log(`${name.padEnd(20)} ${fmt(ms).padStart(10)} ${ratio(ms, base).padStart(7)}  ${verdict}`);
}
if (values.keep) console.log(`corpus kept at ${repo}`);
else fs.rmSync(repo, { recursive: true, force: true });
