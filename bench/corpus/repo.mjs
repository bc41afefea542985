// Generated corpora as git repositories, cached under bench/out/corpora/<shape>-<size>-s<seed>-g<version>/:
//   upstream.git   a bare repository a benchmark clones: `main` holds the corpus (tag `base` is where a clone
//                  starts; the pull-batches shape adds tags batch-1..batch-K after it), `incoming` is main plus one
//                  commit of new notes (the batch a teammate's pull brings);
//   corpus.json    what was generated, the corpus's common terms and sample notes (written last: its presence
//                  says the cache entry is complete).
import fs from 'node:fs';
import path from 'node:path';
import { CLI, OUT, git, run } from '../lib.mjs';
import { SPAN_DAYS, generateCorpus } from './generate.mjs';
import { describeCorpus } from './sample.mjs';
import { resolveShape } from './shapes.mjs';

/** Bump when the generated text or the repository layout changes, so stale cache entries are not reused. */
export const GENERATOR_VERSION = 1;

/** Notes in the batch a pull brings: 2 % of the corpus, at least 20. */
export const batchSize = (size) => Math.max(20, Math.round(size * 0.02));

export const corpusKey = ({ shape, size, seed }) => `${shape}-${size}-s${seed}-g${GENERATOR_VERSION}`;

const activeVersion = (text) => text.replace(/^status: superseded$/m, 'status: active');

function copyNew(from, to) {
  fs.mkdirSync(path.dirname(to), { recursive: true });
  if (fs.existsSync(to)) throw new Error(`a generated note collides with an existing one: ${to}`);
  fs.copyFileSync(from, to);
}

/**
 * Commit the notes generated in `staging` in batches, as they would have arrived: the first `base` notes, then
 * `batches` equal slices. A note superseded by a later note is committed first as active and rewritten to
 * superseded in the commit that brings its successor, as the tool itself does.
 */
function commitHistory(repo, staging, written, { baseShare, batches }) {
  const base = Math.round(written.length * baseShare);
  const per = Math.ceil((written.length - base) / batches);
  const ranges = [[0, base]];
  for (let start = base; start < written.length; start += per) ranges.push([start, Math.min(written.length, start + per)]);
  const tags = [];
  ranges.forEach(([start, end], k) => {
    for (let i = start; i < end; i++) {
      const n = written[i];
      const text = fs.readFileSync(path.join(staging, n.path), 'utf8');
      const later = n.supersededBy !== null && n.supersededBy >= end;
      fs.mkdirSync(path.dirname(path.join(repo, n.path)), { recursive: true });
      fs.writeFileSync(path.join(repo, n.path), later ? activeVersion(text) : text);
    }
    for (let i = 0; i < start; i++) {
      const n = written[i];
      if (n.supersededBy !== null && n.supersededBy >= start && n.supersededBy < end) {
        fs.copyFileSync(path.join(staging, n.path), path.join(repo, n.path));
      }
    }
    git(repo, ['add', '-A']);
    git(repo, ['commit', '-qm', k === 0 ? 'notes so far' : `pull batch ${k}: ${end - start} notes`]);
    const tag = k === 0 ? 'base' : `batch-${k}`;
    git(repo, ['tag', tag]);
    tags.push(tag);
  });
  return tags;
}

async function build({ shape, size, seed }, dir, log) {
  const spec = resolveShape(shape);
  const work = `${dir}.tmp-${process.pid}`;
  fs.rmSync(work, { recursive: true, force: true });
  const repo = path.join(work, 'src');
  const staging = path.join(work, 'staging');
  fs.mkdirSync(repo, { recursive: true });
  git(repo, ['init', '-q', '-b', 'main']);
  run({ args: [CLI, 'init', '--no-hooks', '--no-git-hooks', '--no-mcp'], cwd: repo });

  log(`generating ${size} ${shape} notes (seed ${seed})`);
  const generated = await generateCorpus({ notes: size, out: spec.history ? staging : repo, seed, shape });
  let tags = ['base'];
  if (spec.history) {
    tags = commitHistory(repo, staging, generated.written, spec.history);
  } else {
    git(repo, ['add', '-A']);
    git(repo, ['commit', '-qm', `${size} notes`]);
    git(repo, ['tag', 'base']);
  }
  const info = describeCorpus(spec.history ? staging : repo, generated.written, seed);

  // The batch a teammate's pull brings: new notes on the same vocabulary and topics, dated after the corpus.
  const batch = batchSize(size);
  const incoming = path.join(work, 'incoming');
  const extra = await generateCorpus({ notes: batch, out: incoming, seed, noteSeed: seed + 1, shape, days: [SPAN_DAYS, SPAN_DAYS + 7] });
  git(repo, ['checkout', '-q', '-b', 'incoming']);
  for (const n of extra.written) copyNew(path.join(incoming, n.path), path.join(repo, n.path));
  git(repo, ['add', '-A']);
  git(repo, ['commit', '-qm', `pull: ${batch} new notes`]);
  git(repo, ['checkout', '-q', 'main']);

  git(work, ['clone', '-q', '--bare', repo, path.join(work, 'upstream.git')]);
  const corpus = {
    key: path.basename(dir),
    shape,
    size,
    seed,
    generatorVersion: GENERATOR_VERSION,
    summary: spec.summary,
    topics: generated.topics,
    vocabulary: generated.vocabulary,
    megabytes: Number((generated.bytes / 1e6).toFixed(1)),
    tags,
    batch: { branch: 'incoming', notes: batch },
    ...info,
  };
  fs.rmSync(repo, { recursive: true, force: true });
  fs.rmSync(staging, { recursive: true, force: true });
  fs.rmSync(incoming, { recursive: true, force: true });
  fs.writeFileSync(path.join(work, 'corpus.json'), `${JSON.stringify(corpus, null, 2)}\n`);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.renameSync(work, dir);
}

/**
 * The cached corpus of this shape, size and seed, generated on first use.
 * @returns {{ dir: string, upstream: string, corpus: object }}
 */
export async function ensureCorpus({ shape, size, seed = 42 }, log = () => {}) {
  const dir = path.join(OUT, 'corpora', corpusKey({ shape, size, seed }));
  const file = path.join(dir, 'corpus.json');
  if (!fs.existsSync(file)) {
    const started = Date.now();
    await build({ shape, size, seed }, dir, log);
    log(`corpus ${path.basename(dir)} ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }
  return { dir, upstream: path.join(dir, 'upstream.git'), corpus: JSON.parse(fs.readFileSync(file, 'utf8')) };
}
