#!/usr/bin/env node
// Synthetic corpus generator for the speed benchmarks.
//
//   node bench/generate-corpus.mjs --notes 10000 --out DIR [--seed 42] [--shape current]
//
// Writes DIR/.claude-memory/notes/<topic>/<id>.md (DIR is created; no `git init`). The output is a pure function of
// (notes, seed, shape): a small seeded PRNG drives everything, Math.random and the clock are never used. The code
// lives in bench/corpus/; shapes are listed in bench/corpus/shapes.mjs.
//
// Also importable: `import { generateCorpus } from './generate-corpus.mjs'`.
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { generateCorpus } from './corpus/generate.mjs';
import { SHAPE_NAMES } from './corpus/shapes.mjs';

export { generateCorpus };

// ---------------------------------------------------------------------------------------------------------------
// CLI

function parseArgs(argv) {
  const opts = {};
  for (let i = 0; i < argv.length; i++) {
    const m = /^--([a-z-]+)(?:=(.*))?$/.exec(argv[i]);
    if (!m) throw new Error(`unexpected argument: ${argv[i]}`);
    const [, key, inline] = m;
    if (key === 'help') return { help: true };
    const value = inline ?? argv[++i];
    if (value === undefined) throw new Error(`--${key} needs a value`);
    opts[key] = value;
  }
  return opts;
}

const USAGE = `usage: node bench/generate-corpus.mjs --notes N --out DIR [--seed 42] [--shape ${SHAPE_NAMES.join('|')}]`;

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  try {
    const opts = parseArgs(process.argv.slice(2));
    if (opts.help) {
      console.log(USAGE);
    } else {
      for (const key of Object.keys(opts)) if (!['notes', 'out', 'seed', 'shape'].includes(key)) throw new Error(`unknown option --${key}`);
      if (opts.notes === undefined || opts.out === undefined) throw new Error('--notes and --out are required');
      if (!/^\d+$/.test(opts.notes)) throw new Error('--notes must be a non-negative integer');
      if (opts.seed !== undefined && !/^\d+$/.test(opts.seed)) throw new Error('--seed must be a non-negative integer');
      const r = await generateCorpus({
        notes: Number(opts.notes),
        out: opts.out,
        seed: opts.seed === undefined ? 42 : Number(opts.seed),
        shape: opts.shape ?? 'current',
      });
      console.log(
        `wrote ${r.notes} notes in ${r.topics} topics to ${r.notesDir} ` +
          `(${(r.bytes / 1e6).toFixed(1)} MB, vocabulary ${r.vocabulary} terms) in ${(r.ms / 1000).toFixed(2)} s`,
      );
    }
  } catch (e) {
    console.error(`generate-corpus: ${e.message}\n${USAGE}`);
    process.exit(2);
  }
}
