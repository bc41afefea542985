#!/usr/bin/env node
// What a session start gives, against what it could give: budget use and notes shown, over corpora of several sizes
// of mixed note types, on a feature branch that changes files notes are about, after a teammate's notes arrived.
// Then the session-start hook's latency at the largest size, as a ratio to a bare `node -e 0` measured alternately.
//
//   node bench/context-budget.mjs [--sizes 10,50,500,10000] [--runs 21] [--cli dist/bin/claude-memory.js] [--keep]
//
// `--cli` runs another build (an older checkout's) on the same corpora, for before/after figures. Prints tables;
// asserts nothing.
//
//   budget use       tokens of the whole context (frame included) / the configured budget
//   shown            distinct notes the context links (a note linked twice counts once; "dup" counts the repeats)
//   fit (full)       notes whose full lines fit in the budget left after the frame, newest first: what a
//                    selection that never shortens a line could show
//   fit (any)        the most notes whose shortest lines could fit (shortest first): an upper bound
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { generateCorpus } from './generate-corpus.mjs';
import { CLI, compare, fmt, ratio } from './lib.mjs';

const { values } = parseArgs({
  options: {
    sizes: { type: 'string', default: '10,50,500,10000' },
    runs: { type: 'string', default: '21' },
    cli: { type: 'string', default: CLI },
    keep: { type: 'boolean', default: false },
  },
});
const sizes = values.sizes.split(',').map(Number);
const cli = path.resolve(values.cli);
const runs = Number(values.runs);
const BUDGET = 1000;
const estimate = (text) => Math.ceil(text.length / 4);

const git = (cwd, ...args) => execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
const run = (cwd, args, input) =>
  execFileSync(process.execPath, [cli, ...args], { cwd, encoding: 'utf8', input: input ?? '', stdio: ['pipe', 'pipe', 'pipe'] });
const payload = (repo, session) =>
  JSON.stringify({ session_id: session, transcript_path: path.join(repo, 'none.jsonl'), cwd: repo, hook_event_name: 'SessionStart', source: 'startup' });

function frontMatter(text) {
  const fields = {};
  const block = /^---\n([\s\S]*?)\n---\n?([\s\S]*)$/.exec(text);
  for (const line of (block?.[1] ?? '').split('\n')) {
    const match = /^(\w+): (.*)$/.exec(line);
    if (match) fields[match[1]] = match[2].replace(/^"(.*)"$/, '$1');
  }
  return { fields, body: block?.[2] ?? '' };
}

/** A corpus in a git repository: notes on main, a teammate's notes pulled after the first session, a feature branch. */
async function buildRepo(notes) {
  const repo = fs.mkdtempSync(path.join(os.tmpdir(), `claude-memory-bench-context-${notes}-`));
  await generateCorpus({ notes, out: repo });
  git(repo, 'init', '-q', '-b', 'main');
  git(repo, 'config', 'user.email', 'bench@example.com');
  git(repo, 'config', 'user.name', 'Bench');
  run(repo, ['init', '--no-hooks', '--no-git-hooks', '--no-mcp']);
  // Hold three notes back: they arrive later, as a teammate's would.
  const all = fs
    .readdirSync(path.join(repo, '.claude-memory', 'notes'), { recursive: true })
    .filter((f) => f.endsWith('.md'))
    .sort();
  const held = all.slice(-Math.min(3, Math.floor(all.length / 5)));
  const stash = path.join(repo, '..', `${path.basename(repo)}-held`);
  fs.mkdirSync(stash, { recursive: true });
  for (const file of held) {
    fs.mkdirSync(path.dirname(path.join(stash, file)), { recursive: true });
    fs.renameSync(path.join(repo, '.claude-memory', 'notes', file), path.join(stash, file));
  }
  git(repo, 'add', '-A');
  git(repo, 'commit', '-qm', 'corpus');
  // Files notes are about, changed on a branch.
  const named = [];
  for (const file of all) {
    if (named.length >= 5 || held.includes(file)) continue;
    const files = /^files: \[(.+)\]$/m.exec(fs.readFileSync(path.join(repo, '.claude-memory', 'notes', file), 'utf8'))?.[1];
    const first = files
      ?.split(',')[0]
      ?.trim()
      .replace(/^['"]|['"]$/g, '');
    if (first && !first.includes('..') && !named.includes(first)) named.push(first);
  }
  git(repo, 'checkout', '-q', '-b', 'feature');
  for (const file of named) {
    fs.mkdirSync(path.dirname(path.join(repo, file)), { recursive: true });
    fs.writeFileSync(path.join(repo, file), '// changed on the branch\n');
  }
  git(repo, 'add', '-A');
  git(repo, 'commit', '-qm', 'feature work');
  run(repo, ['index']);
  run(repo, ['hook', 'session-start'], payload(repo, 'earlier-session'));
  for (const file of held) {
    fs.mkdirSync(path.dirname(path.join(repo, '.claude-memory', 'notes', file)), { recursive: true });
    fs.renameSync(path.join(stash, file), path.join(repo, '.claude-memory', 'notes', file));
  }
  fs.rmSync(stash, { recursive: true, force: true });
  git(repo, 'add', '-A');
  git(repo, 'commit', '-qm', "a teammate's notes");
  run(repo, ['index']);
  return { repo, changedFiles: named.length, arrived: held.length };
}

/** How many notes could fit, by full lines newest first and by shortest lines. */
function couldFit(repo, frameChars) {
  const room = BUDGET * 4 - frameChars;
  const notes = [];
  for (const file of fs.readdirSync(path.join(repo, '.claude-memory', 'notes'), { recursive: true })) {
    if (!file.endsWith('.md')) continue;
    const rel = `.claude-memory/notes/${file}`;
    const { fields, body } = frontMatter(fs.readFileSync(path.join(repo, rel), 'utf8'));
    if ((fields.status ?? 'active') !== 'active') continue;
    const summary =
      body
        .trim()
        .split(/(?<=[.!?])\s/)[0]
        ?.slice(0, 140) ?? '';
    const link = `- [${fields.title}](${rel})`;
    notes.push({
      updated: fields.updated ?? '',
      full: `${link} (${fields.type}, ${(fields.updated ?? '').slice(0, 10)}) — ${summary}`.length + 1,
      short: `${link} (${fields.type})`.length + 1,
    });
  }
  const pack = (costs) => {
    let used = 0;
    let count = 0;
    for (const cost of costs) {
      if (used + cost > room) break;
      used += cost;
      count++;
    }
    return count;
  };
  return {
    active: notes.length,
    full: pack(notes.sort((a, b) => (a.updated < b.updated ? 1 : -1)).map((n) => n.full)),
    any: pack(notes.map((n) => n.short).sort((a, b) => a - b)),
  };
}

const rows = [];
let largest;
for (const size of sizes) {
  const { repo, changedFiles, arrived } = await buildRepo(size);
  const context = JSON.parse(run(repo, ['context', '--json'])).context;
  const links = [...context.matchAll(/\]\((\.claude-memory\/notes\/[^)\s]+\.md)\)/g)].map((m) => m[1]);
  const shown = new Set(links).size;
  // The frame: everything but the note lines.
  const frameChars = context
    .split('\n')
    .filter((line) => !/^- \[.*\]\(\.claude-memory\/notes\//.test(line))
    .join('\n').length;
  const fit = couldFit(repo, frameChars);
  rows.push({
    size,
    tokens: estimate(context),
    shown,
    dup: links.length - shown,
    ...fit,
    changedFiles,
    arrived,
    topics: /\n## Topics\n/.test(context),
    fresh: /## New since/.test(context),
  });
  if (size === Math.max(...sizes)) largest = repo;
  else if (!values.keep) fs.rmSync(repo, { recursive: true, force: true });
}

console.log(`\nsession-start context, budget ${BUDGET} tokens, ${path.relative(process.cwd(), cli) || cli}`);
console.log('notes   tokens  budget use  shown  dup  fit (full)  fit (any)  active  topics listed  new-since section');
for (const r of rows) {
  console.log(
    `${String(r.size).padStart(5)}  ${String(r.tokens).padStart(7)}  ${`${((r.tokens / BUDGET) * 100).toFixed(0)} %`.padStart(10)}  ${String(r.shown).padStart(5)}  ${String(r.dup).padStart(3)}  ${String(r.full).padStart(10)}  ${String(r.any).padStart(9)}  ${String(r.active).padStart(6)}  ${(r.topics ? 'yes' : 'no').padStart(13)}  ${r.fresh ? `yes (${r.arrived} arrived)` : `no (${r.arrived} arrived)`}`,
  );
}

if (largest && runs > 0) {
  run(largest, ['hook', 'session-start'], payload(largest, 'warm-up'));
  const results = compare(
    {
      'node -e 0': { args: ['-e', '0'] },
      'session-start': { args: [cli, 'hook', 'session-start'], options: { cwd: largest, input: payload(largest, 'bench-session') } },
    },
    runs,
  );
  const base = results['node -e 0'];
  console.log(`\nsession-start hook at ${Math.max(...sizes)} notes, median of ${runs} alternated runs`);
  for (const [name, ms] of Object.entries(results)) console.log(`${name.padEnd(16)} ${fmt(ms).padStart(10)} ${ratio(ms, base).padStart(7)}`);
  const candidates = path.join(largest, '.claude-memory', '.cache', 'context.json');
  if (fs.existsSync(candidates)) console.log(`candidates file read on the hot path: ${(fs.statSync(candidates).size / 1024).toFixed(1)} KiB`);
}
if (largest && values.keep) console.log(`corpus kept at ${largest}`);
else if (largest) fs.rmSync(largest, { recursive: true, force: true });
