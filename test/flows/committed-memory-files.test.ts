/**
 * Class 2 of issue 15: anything under `.claude-memory/` that a commit can add — a pending job, a lock, cache files,
 * the folder's own .gitignore — makes the tool neither read nor delete a file outside the repository, nor freeze the
 * index. Each case is a real commit pulled into a real clone, then the surfaces a user runs (hooks, CLI, the
 * background worker), then lint.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { entryPoint } from '../../src/bin/paths.js';
import { readCacheFile } from '../../src/cache/read.js';
import { readJob } from '../../src/compress/pending.js';
import { bootId } from '../../src/store/lock.js';
import { git, runCliSync, tempDir, tempRepo, writeFile } from '../helpers/temp-repo.js';

const cleanup: string[] = [];
afterAll(() => {
  for (const dir of cleanup) fs.rmSync(dir, { recursive: true, force: true });
});

const MARKER = 'EXFILTRATED-MARKER-9c1d';

/** A transcript-shaped file a pending job could point at: compressing it would put MARKER into a note. */
function bait(file: string): string {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const line = (role: string, text: string) => JSON.stringify({ type: role, message: { role, content: text }, timestamp: '2026-01-01T00:00:00Z' });
  fs.writeFileSync(file, `${line('user', `We decided to keep ${MARKER} in the vault`)}\n${line('assistant', `Done: ${MARKER} is in the vault now.`)}\n`);
  return file;
}

interface World {
  /** The attacker's repository; commits there are pulled into `clone`. */
  upstream: string;
  clone: string;
  home: string;
  env: Record<string, string>;
}

function world(): World {
  const upstream = tempRepo({ initMemory: true });
  runCliSync(upstream, ['add', '--title', 'Deploys go through the release branch', '--type', 'convention', '--body', 'Tag, then merge.']);
  git(upstream, 'add', '-A');
  git(upstream, 'commit', '-qm', 'memory');
  const clone = tempDir('cm-clone-');
  const home = tempDir('cm-home-');
  cleanup.push(upstream, clone, home);
  git(clone, 'clone', '-q', upstream, '.');
  git(clone, 'config', 'user.email', 'v@example.com');
  git(clone, 'config', 'user.name', 'Victim');
  return { upstream, clone, home, env: { HOME: home, ANTHROPIC_API_KEY: '', CLAUDE_MEMORY_USER_CONFIG: path.join(home, 'none.json') } };
}

/** Commit files into upstream (forced past .gitignore, as an attacker would) and pull them into the clone. */
function commitAndPull(w: World, files: Record<string, string>, message = 'planted'): void {
  for (const [rel, content] of Object.entries(files)) writeFile(w.upstream, rel, content);
  git(w.upstream, 'add', '-f', ...Object.keys(files));
  git(w.upstream, 'commit', '-qm', message);
  git(w.clone, 'pull', '-q', '--no-rebase');
}

function run(w: World, args: string[], input?: string) {
  return runCliSync(w.clone, args, { env: w.env, ...(input === undefined ? {} : { input }) });
}

function worker(w: World, args: string[]): Promise<number | null> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [entryPoint('compressWorker'), ...args], { cwd: w.clone, env: { ...process.env, ...w.env }, stdio: 'ignore' });
    child.on('exit', (code) => resolve(code));
  });
}

const everythingIn = (dir: string) =>
  (fs.readdirSync(dir, { recursive: true }) as string[])
    .filter((rel) => !rel.split(path.sep).includes('.git'))
    .map((rel) => path.join(dir, rel))
    .filter((file) => fs.statSync(file).isFile())
    .map((file) => fs.readFileSync(file, 'utf8'))
    .join('\n');

const job = (id: string, transcriptPath: string, extra: Record<string, unknown> = {}) =>
  JSON.stringify({ id, sessionId: 'planted', transcriptPath, fromOffset: 0, toOffset: 400, createdAt: '2020-01-01T00:00:00.000Z', attempts: 0, ...extra });

describe('a committed pending job', () => {
  it('pointing at a transcript of another project is never run: a tracked job is ignored, the log and lint say so', async () => {
    const w = world();
    // A real transcript of another project of the victim's, where Claude Code keeps it (the path is a guess, but
    // the folder is the one the tool would otherwise accept).
    const other = bait(path.join(w.home, '.claude', 'projects', '-home-victim-secret-project', 'planted.jsonl'));
    commitAndPull(w, { '.claude-memory/.cache/pending/planted-0-400.json': job('planted-0-400', other) });
    expect(git(w.clone, 'ls-files', '.claude-memory/.cache')).toContain('pending/planted-0-400.json');

    const start = run(w, ['hook', 'session-start'], JSON.stringify({ session_id: 'victim', cwd: w.clone, hook_event_name: 'SessionStart', source: 'startup' }));
    expect(start.code).toBe(0);
    expect(await worker(w, ['--pending'])).toBe(0);
    expect(everythingIn(path.join(w.clone, '.claude-memory'))).not.toContain(MARKER);
    expect(fs.readFileSync(path.join(w.clone, '.claude-memory', '.cache', 'log.jsonl'), 'utf8')).toContain('a pending job tracked by git is ignored');
    // Not deleted either: it is a tracked file, the user decides.
    expect(fs.existsSync(path.join(w.clone, '.claude-memory', '.cache', 'pending', 'planted-0-400.json'))).toBe(true);
    const lint = run(w, ['lint']);
    expect(lint.code).toBe(1);
    expect(lint.stdout).toContain('.claude-memory/.cache/pending/planted-0-400.json: error: tracked by git');
  });

  it('that is not tracked is read only inside the transcript folders; links and `..` do not get out of them', async () => {
    const w = world();
    const pending = path.join(w.clone, '.claude-memory', '.cache', 'pending');
    const outside = bait(path.join(tempDir('cm-elsewhere-'), 'notes.jsonl'));
    cleanup.push(path.dirname(outside));
    const projects = path.join(w.home, '.claude', 'projects', 'p');
    fs.mkdirSync(projects, { recursive: true });
    fs.symlinkSync(outside, path.join(projects, 'linked.jsonl'));
    const cases = {
      'a-0-400': outside,
      'b-0-400': path.join(projects, 'linked.jsonl'),
      'c-0-400': `${projects}/../../../../${path.relative('/', outside)}`,
      'd-0-400': path.join(w.clone, 'stray.jsonl'),
      'e-0-400': path.join(w.clone, '.claude-memory', '.cache', 'log.jsonl'),
    };
    bait(path.join(w.clone, 'stray.jsonl'));
    for (const [id, transcript] of Object.entries(cases)) writeFile(pending, `${id}.json`, job(id, transcript));
    expect(await worker(w, ['--pending'])).toBe(0);
    expect(everythingIn(path.join(w.clone, '.claude-memory'))).not.toContain(MARKER);
    expect(fs.readdirSync(path.join(w.clone, '.claude-memory', 'notes'), { recursive: true }).filter((f) => String(f).endsWith('.md'))).toHaveLength(1);
  });

  it('cannot make the tool delete a file by naming it as its id, nor by a path in any field', async () => {
    const w = world();
    const victim = writeFile(w.clone, 'victim.json', '{"keep": true}');
    const pending = path.join(w.clone, '.claude-memory', '.cache', 'pending');
    writeFile(pending, 'x.json', job('../../../victim', '/tmp/none.jsonl'));
    writeFile(pending, 'y.json', job('y', '/tmp/none.jsonl', { sessionId: '../../../victim' }));
    writeFile(pending, '..json', job('.', '/tmp/none.jsonl'));
    expect(readJob(w.clone, 'x')).toBeUndefined();
    expect(readJob(w.clone, 'y')).toBeUndefined();
    expect(await worker(w, ['--pending'])).toBe(0);
    expect(fs.readFileSync(victim, 'utf8')).toBe('{"keep": true}');
  });
});

describe('a committed lock', () => {
  const plants: Record<string, (file: string) => void> = {
    'naming pid 1 with a guessed start time': (file) => fs.writeFileSync(file, '1\n29\n11111111-2222-4333-8444-555555555555\n'),
    'naming pid 1 in the old format': (file) => fs.writeFileSync(file, '1\n2026-01-01T00:00:00.000Z\n'),
    'that is garbage': (file) => fs.writeFileSync(file, 'locked forever\n'),
    'that is a folder': (file) => {
      fs.mkdirSync(file, { recursive: true });
      fs.writeFileSync(path.join(file, 'keep'), 'x');
    },
  };
  for (const [name, plant] of Object.entries(plants)) {
    it(`${name} does not freeze the index: list and search see a note pulled with it`, () => {
      const w = world();
      const lock = path.join(w.upstream, '.claude-memory', '.cache', 'refresh.lock');
      fs.mkdirSync(path.dirname(lock), { recursive: true });
      plant(lock);
      writeFile(w.upstream, '.claude-memory/notes/general/pulled-note.md', '---\nid: pulled-note\ntitle: Pulled along with a lock\ntype: fact\n---\nbody\n');
      git(w.upstream, 'add', '-f', '.claude-memory');
      git(w.upstream, 'commit', '-qm', 'lock and note');
      git(w.clone, 'pull', '-q', '--no-rebase');
      expect(git(w.clone, 'ls-files', '.claude-memory/.cache')).toContain('refresh.lock');
      const list = run(w, ['list']);
      expect(list.code).toBe(0);
      expect(list.stdout).toContain('Pulled along with a lock');
      expect(run(w, ['search', 'pulled lock']).stdout).toContain('pulled-note');
    });
  }

  it('of a session compression does not stop that session’s compression', async () => {
    const w = world();
    const transcript = bait(path.join(w.home, '.claude', 'projects', 'x', 'victim-session.jsonl'));
    commitAndPull(w, { '.claude-memory/.cache/locks/compress-victim-session.lock': `1\n29\n${'0'.repeat(8)}-0000-4000-8000-000000000000\n` });
    fs.writeFileSync(path.join(w.clone, '.claude-memory', 'config.json'), JSON.stringify({ onNewNotes: 'off', compression: { useLlm: false } }));
    expect(await worker(w, ['--transcript', transcript, '--session', 'victim-session'])).toBe(0);
    expect(everythingIn(path.join(w.clone, '.claude-memory', 'notes'))).toContain(MARKER);
    // A lock from this boot naming a live process that is not its writer is no better.
    expect(bootId()).not.toBe(`${'0'.repeat(8)}-0000-4000-8000-000000000000`);
  });
});

describe('committed cache files', () => {
  it('naming paths outside the notes folder are void, so the index is rebuilt from the notes', () => {
    const w = world();
    run(w, ['index']);
    const cache = path.join(w.clone, '.claude-memory', '.cache');
    const catalog = JSON.parse(fs.readFileSync(path.join(cache, 'catalog.json'), 'utf8')) as Record<string, Record<string, unknown>>;
    const [key, entry] = Object.entries(catalog)[0]!;
    const forged = {
      ...catalog,
      [key]: { ...entry, path: '.claude-memory/.cache/log.jsonl' },
      '../../../etc/passwd': { ...entry, path: '../../../etc/passwd', id: 'passwd' },
    };
    const manifest = JSON.parse(fs.readFileSync(path.join(cache, 'manifest.json'), 'utf8')) as { files: Record<string, unknown> };
    manifest.files['../../outside.md'] = [1, 2];
    commitAndPull(w, { '.claude-memory/.cache/catalog.json': JSON.stringify(forged), '.claude-memory/.cache/manifest.json': JSON.stringify(manifest) });
    expect(readCacheFile(path.join(cache, 'catalog.json'), 'catalog')).toBeUndefined();
    expect(readCacheFile(path.join(cache, 'manifest.json'), 'manifest')).toBeUndefined();
    const list = run(w, ['list', '--json']);
    expect((JSON.parse(list.stdout) as Array<{ path: string }>).map((e) => e.path)).toEqual([entry.path]);
  });

  it('stay out of git when a pulled .claude-memory/.gitignore stops ignoring .cache/', () => {
    const w = world();
    commitAndPull(w, { '.claude-memory/.gitignore': 'INDEX.md\nindex/\n' }, 'stop ignoring the cache');
    // The hook is the first to create the cache here, as in a fresh clone whose first use is a session.
    run(w, ['hook', 'session-start'], JSON.stringify({ session_id: 'victim', cwd: w.clone, hook_event_name: 'SessionStart', source: 'startup' }));
    run(w, ['list']);
    expect(fs.existsSync(path.join(w.clone, '.claude-memory', '.cache', 'sessions'))).toBe(true);
    git(w.clone, 'add', '-A');
    expect(git(w.clone, 'diff', '--cached', '--name-only')).not.toContain('.cache');
    const lint = run(w, ['lint']);
    expect(lint.stdout).not.toContain('cache-not-ignored');
  });

  it('and generated files that git tracks are all reported by lint', () => {
    const w = world();
    commitAndPull(w, {
      '.claude-memory/.cache/log.jsonl': '{}\n',
      '.claude-memory/.cache/usage.json': '{"days": {}}',
      '.claude-memory/.cache/.gitignore': '!*\n',
      '.claude-memory/INDEX.md': '# planted\n',
      '.claude-memory/index/general.md': '# planted\n',
    });
    const lint = run(w, ['lint']);
    expect(lint.code).toBe(1);
    for (const file of ['.cache/log.jsonl', '.cache/usage.json', '.cache/.gitignore', 'INDEX.md', 'index/general.md'])
      expect(lint.stdout).toContain(`.claude-memory/${file}: error: tracked by git`);
    // The folder itself stays ignored (.claude-memory/.gitignore excludes it whole), so no second report.
    expect(lint.stdout).not.toContain('cache-not-ignored');
  });
});
