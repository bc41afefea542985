#!/usr/bin/env node
// Redaction throughput on a transcript-like text (the hot path redacts digests and logs).
//
//   node bench/redact-speed.mjs [--mb 10] [--runs 5] [MODULE.js ...]
//
// MODULE defaults to the built dist/core/redact/index.js. Give several modules (e.g. a build of an older version) to
// compare them: runs alternate between modules in the same loop, so machine load affects each alike. The text is
// Wall time on a busy machine mostly measures the other processes: CPU time (user + system) is printed too.
// JSON lines shaped like a Claude Code transcript (prompts, assistant prose, tool calls and tool results), filled
// with real source, type declarations and READMEs from node_modules, in a fixed order: the same bytes on every run.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..');
const args = process.argv.slice(2);
const option = (name, fallback) => {
  const at = args.indexOf(name);
  if (at < 0) return fallback;
  const value = Number(args[at + 1]);
  args.splice(at, 2);
  return value;
};
const megabytes = option('--mb', 10);
const runs = option('--runs', 5);
const modules = args.length ? args.map((m) => path.resolve(m)) : [path.join(root, 'dist/core/redact/index.js')];

/** Text files from node_modules in a fixed order: sources, declarations and docs. */
function ordinaryFiles() {
  const picks = [
    'typescript/lib/lib.dom.d.ts',
    'typescript/lib/lib.es5.d.ts',
    'zod/README.md',
    'minisearch/README.md',
    'simple-git/readme.md',
    'yargs/README.md',
    'js-yaml/dist/js-yaml.mjs',
    'minisearch/dist/es/index.js',
    'gray-matter/index.js',
    'vitest/README.md',
  ];
  return picks.map((p) => path.join(root, 'node_modules', p)).filter((p) => fs.existsSync(p));
}

function transcriptLikeText(bytes) {
  const sources = ordinaryFiles().map((file) => fs.readFileSync(file, 'utf8'));
  const lines = [];
  let size = 0;
  let n = 0;
  while (size < bytes) {
    const source = sources[n % sources.length];
    const from = (n * 7919) % Math.max(1, source.length - 4000);
    const chunk = source.slice(from, from + 1500 + ((n * 131) % 2500));
    const shape = n % 4;
    const record =
      shape === 0
        ? { type: 'user', message: { role: 'user', content: `Why does this fail?\n${chunk}` } }
        : shape === 1
          ? { type: 'assistant', message: { role: 'assistant', content: [{ type: 'text', text: `Looking at the code:\n${chunk}` }] } }
          : shape === 2
            ? {
                type: 'assistant',
                message: {
                  role: 'assistant',
                  content: [{ type: 'tool_use', id: `toolu_${n}`, name: 'Bash', input: { command: `grep -n "export" src/file${n}.ts` } }],
                },
              }
            : { type: 'user', message: { role: 'user', content: [{ type: 'tool_result', tool_use_id: `toolu_${n - 1}`, content: chunk }] } };
    const line = `${JSON.stringify({ ...record, sessionId: '550e8400-e29b-41d4-a716-446655440000', uuid: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}` })}\n`;
    lines.push(line);
    size += line.length;
    n++;
  }
  return lines.join('');
}

const text = transcriptLikeText(megabytes * 1_000_000);
const loaded = [];
for (const file of modules) loaded.push({ file, api: await import(pathToFileURL(file).href), times: [] });
for (let run = 0; run < runs; run++) {
  for (const m of loaded) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const out = m.api.redactText(text);
    m.times.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    (m.cpu ??= []).push((c.user + c.system) / 1000);
    if (run === 0) m.changed = out === text ? 0 : out.length - text.length;
  }
}
console.log(`text: ${(text.length / 1e6).toFixed(1)} MB (${text.split('\n').length - 1} lines), ${runs} runs each`);
for (const m of loaded) {
  const sorted = [...m.times].sort((a, b) => a - b);
  const median = sorted[sorted.length >> 1];
  const cpu = [...m.cpu].sort((a, b) => a - b);
  const cpuMedian = cpu[cpu.length >> 1];
  console.log(
    `${path.relative(process.cwd(), m.file)}: wall median ${median.toFixed(0)} ms = ${(text.length / 1e6 / (median / 1000)).toFixed(1)} MB/s (min ${sorted[0].toFixed(0)} ms); ` +
      `CPU median ${cpuMedian.toFixed(0)} ms = ${(text.length / 1e6 / (cpuMedian / 1000)).toFixed(1)} MB/s; length change ${m.changed}`,
  );
}
