// A working clone of a cached corpus, set up the way a developer's checkout is when Claude Code starts there:
// `claude-memory init` (git hooks installed), a full index, history replayed through the real post-merge hook for
// the pull-batches shape, a feature branch that changes files notes are about, and a teammate's clone to pull from.
// Everything the benchmarks change (edits, pulls) happens here, never in the cache.
import fs from 'node:fs';
import path from 'node:path';
import { makeRandom } from './corpus/random.mjs';
import { CLI, git, run, tempDir } from './lib.mjs';

const NOTES = '.claude-memory/notes';

/**
 * Wait until no detached `refresh.js --stale-only` started by a git hook in `repo` is running (Linux /proc);
 * returns how long that took, in milliseconds.
 */
export function waitForDetachedRefresh(repo, timeoutMs = 600_000) {
  const started = performance.now();
  if (!fs.existsSync('/proc/self/cmdline')) return 0;
  const real = fs.realpathSync(repo);
  const deadline = Date.now() + timeoutMs;
  const running = () =>
    fs.readdirSync('/proc').some((pid) => {
      if (!/^\d+$/.test(pid)) return false;
      try {
        if (!/--stale-only|--verify-notes/.test(fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8'))) return false;
        return fs.realpathSync(fs.readlinkSync(`/proc/${pid}/cwd`)) === real;
      } catch {
        return false;
      }
    });
  while (running() && Date.now() < deadline) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 20);
  return performance.now() - started;
}

/** Repository paths notes name in their `files:` lists (the first of each), from the first notes found. */
function filesNotesNameOf(repo, wanted) {
  const found = [];
  for (const rel of fs.readdirSync(path.join(repo, NOTES), { recursive: true })) {
    if (found.length >= wanted) break;
    if (!String(rel).endsWith('.md')) continue;
    const list = /^files: \[(.+)\]$/m.exec(fs.readFileSync(path.join(repo, NOTES, rel), 'utf8'))?.[1];
    const first = list
      ?.split(',')[0]
      ?.trim()
      .replace(/^['"]|['"]$/g, '');
    if (first && !first.includes('..') && !first.startsWith('.claude-memory') && !found.includes(first)) found.push(first);
  }
  return found;
}

/**
 * @param cached what ensureCorpus returned
 * @returns a workspace: { root, repo, mate, hookScript(name), noteFiles, changedFiles, corpus, replayMs, indexMs, cleanup() }
 */
export function prepareWorkspace(cached, log = () => {}) {
  const { upstream, corpus } = cached;
  const root = tempDir(`cm-bench-${corpus.shape}-${corpus.size}-`);
  const repo = path.join(root, 'work');
  git(root, ['clone', '-q', upstream, repo]);
  git(repo, ['reset', '-q', '--hard', 'base']);
  // The workspace has no node_modules: the hook scripts run this checkout's CLI, as they do in the project's tests.
  run({ args: [CLI, 'init', '--no-hooks', '--no-mcp'], cwd: repo, env: { ...process.env, CLAUDE_MEMORY_BIN: CLI } });
  const hooksDir = path.resolve(repo, git(repo, ['rev-parse', '--git-path', 'hooks']));
  const hookScript = (name) => path.join(hooksDir, name);
  if (!fs.existsSync(hookScript('post-merge'))) throw new Error(`init did not install ${hookScript('post-merge')}`);

  let started = performance.now();
  run({ args: [CLI, 'index'], cwd: repo });
  const indexMs = performance.now() - started;

  // The pull-batches shape: the rest of the notes arrive one pull at a time, each refreshed by the real git hook.
  started = performance.now();
  const batches = corpus.tags.filter((tag) => tag !== 'base');
  for (const tag of batches) git(repo, ['merge', '-q', '--ff-only', tag], { hooks: true, env: { CLAUDE_MEMORY_GIT_HOOK_SYNC: '1' } });
  const replayMs = performance.now() - started;
  if (batches.length) log(`replayed ${batches.length} pulls through the post-merge hook in ${(replayMs / 1000).toFixed(1)} s`);

  // A feature branch: five files notes are about, committed; two of them edited again and not committed.
  const changedFiles = filesNotesNameOf(repo, 5);
  git(repo, ['checkout', '-q', '-b', 'feature']);
  changedFiles.forEach((file, i) => {
    fs.mkdirSync(path.dirname(path.join(repo, file)), { recursive: true });
    fs.writeFileSync(path.join(repo, file), `// feature work ${i}\n`);
  });
  git(repo, ['add', '-A']);
  git(repo, ['commit', '-qm', 'feature work']);
  for (const file of changedFiles.slice(3)) fs.appendFileSync(path.join(repo, file), '// not committed yet\n');

  // A teammate's clone without a work tree: edits are written file by file and committed from a full index.
  const mate = path.join(root, 'mate');
  git(root, ['clone', '-q', '--no-checkout', upstream, mate]);
  git(mate, ['reset', '-q']);
  git(repo, ['remote', 'add', 'mate', mate]);
  const noteFiles = git(mate, ['ls-tree', '-r', '--name-only', 'HEAD', NOTES])
    .split('\n')
    .filter((f) => f.endsWith('.md'));

  const transcript = path.join(root, 'transcript.jsonl');
  fs.writeFileSync(transcript, `${JSON.stringify({ type: 'user', message: { role: 'user', content: 'hello' } })}\n`);

  return {
    root,
    repo,
    mate,
    corpus,
    hookScript,
    noteFiles,
    changedFiles,
    transcript,
    indexMs,
    replayMs,
    cleanup: () => fs.rmSync(root, { recursive: true, force: true }),
  };
}

/** The teammate edits one note (picked by `round`) and commits; the workspace pulls it without running hooks. */
export function pullOneEditedNote(ws, round) {
  const rnd = makeRandom(0x9e11 + round);
  const file = rnd.pick(ws.noteFiles);
  const text = git(ws.mate, ['show', `HEAD:${file}`]);
  fs.mkdirSync(path.dirname(path.join(ws.mate, file)), { recursive: true });
  fs.writeFileSync(path.join(ws.mate, file), `${text}\nA teammate noted in round ${round}: the retry budget is now ${round + 3}.\n`);
  git(ws.mate, ['add', file]);
  git(ws.mate, ['commit', '-qm', `edit ${path.basename(file)}`]);
  git(ws.repo, ['pull', '-q', '--no-rebase', '--no-edit', 'mate', 'HEAD']);
  return file;
}

/** The teammate's batch of new notes (branch `incoming`) arrives by a merge, without running hooks; returns undo(). */
export function pullBatch(ws) {
  const before = git(ws.repo, ['rev-parse', 'HEAD']);
  git(ws.repo, ['merge', '-q', '--no-edit', 'origin/incoming']);
  return () => git(ws.repo, ['reset', '-q', '--keep', before]);
}

/** Rewrite one note in place (same file, same folder time) with a word no other note has; returns its id and word. */
export function editInPlace(ws, round) {
  const rnd = makeRandom(0x1ace + round);
  const file = rnd.pick(ws.noteFiles);
  const letters = 'abcdefghijklmnopqrstuvwxyz';
  const word = `qzinplace${letters[round % 26]}${letters[Math.floor(round / 26) % 26]}`;
  const full = path.join(ws.repo, file);
  const text = fs.readFileSync(full, 'utf8');
  const fd = fs.openSync(full, 'r+');
  try {
    fs.writeSync(fd, `${text.trimEnd()}\nEdited in place: ${word}.\n`, 0);
  } finally {
    fs.closeSync(fd);
  }
  return { id: path.basename(file, '.md'), word };
}
