/**
 * Class 8 of issue 15: property-based and fuzz tests. Random notes (front matter, file names, bodies), hook payloads,
 * transcripts and cache files, run through the real code in this process so the iteration counts stay high. Every
 * run must end without an exception the code does not mean to raise, inject only fenced text, and neither read nor
 * write a file outside the repository: every file operation of the `fs` module is watched during the runs (the
 * home folder of the test, with the user's settings and Claude Code's transcript folder, may be read; `/proc` too,
 * for lock owners). Iterations per target are printed at the end and recorded in docs/security.md.
 */
import fs from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCacheFile } from '../../src/cache/read.js';
import { CACHE_SCHEMAS, type CacheFileKind } from '../../src/cache/schemas.js';
import { buildDigest, renderDigest } from '../../src/capture/digest.js';
import { readTranscript } from '../../src/capture/transcript.js';
import { extractiveNotes } from '../../src/compress/extractive.js';
import { listJobs } from '../../src/compress/pending.js';
import { forgetCheckedDirs } from '../../src/core/confine.js';
import { loadConfig } from '../../src/core/config.js';
import { compressPending } from '../../src/flows/compress-session.js';
import { recallForSession } from '../../src/flows/prompt-recall.js';
import { sessionStartContext } from '../../src/flows/session-start.js';
import { normalizeEvent, parsePayload, safeSession } from '../../src/surfaces/hooks/payload.js';
import { runHookCommand } from '../../src/surfaces/hooks/run.js';
import { readCatalog, refresh } from '../../src/index/refresh.js';
import { searchNotes } from '../../src/retrieve/search.js';
import { lintNotes } from '../../src/store/lint.js';
import { parseNote } from '../../src/store/parse.js';
import { HOSTILE, fenceProblems } from '../helpers/hostile-text.js';
import { PROJECT_ROOT, git, tempDir } from '../helpers/temp-repo.js';

const RUNS = Number(process.env.CLAUDE_MEMORY_FUZZ_RUNS ?? 1);
const iterations: Record<string, number> = {};
const counted = <T>(target: string, property: fc.IAsyncProperty<[T]> | fc.IProperty<[T]>, numRuns: number) => {
  iterations[target] = (iterations[target] ?? 0) + numRuns * RUNS;
  return { property, numRuns: numRuns * RUNS };
};

// ---------------------------------------------------------------------------------------------------------------
// The sandbox: a repository, a home folder, and an outside folder holding what must never be read.
// ---------------------------------------------------------------------------------------------------------------

const sandbox = fs.realpathSync(tempDir('cm-fuzz-'));
const root = path.join(sandbox, 'repo');
const home = path.join(sandbox, 'home');
const outside = path.join(sandbox, 'outside');
const SECRET = 'OUTSIDE-SECRET-7f3a';
const projects = path.join(home, '.claude', 'projects', 'p');

function line(role: string, text: string): string {
  return JSON.stringify({ type: role, message: { role, content: text }, timestamp: '2026-01-01T00:00:00Z' });
}

beforeAll(() => {
  fs.mkdirSync(root, { recursive: true });
  git(root, 'init', '-q');
  fs.mkdirSync(path.join(root, '.claude-memory', 'notes'), { recursive: true });
  fs.writeFileSync(path.join(root, '.claude-memory', 'config.json'), JSON.stringify({ onNewNotes: 'off', compression: { useLlm: false } }));
  fs.mkdirSync(projects, { recursive: true });
  fs.mkdirSync(outside, { recursive: true });
  fs.writeFileSync(path.join(outside, 'secret.md'), `---\ntitle: ${SECRET}\ntype: fact\n---\n${SECRET}\n`);
  fs.writeFileSync(path.join(outside, 'secret.jsonl'), `${line('user', `We decided ${SECRET}`)}\n`);
  fs.writeFileSync(
    path.join(projects, 'real.jsonl'),
    `${line('user', 'We decided to keep retries at three')}\n${line('assistant', 'Done, retries are three.')}\n`,
  );
  fs.symlinkSync(path.join(outside, 'secret.jsonl'), path.join(projects, 'linked.jsonl'));
});

const saved = { home: process.env.HOME, cwd: process.cwd(), user: process.env.CLAUDE_MEMORY_USER_CONFIG, dirs: process.env.CLAUDE_MEMORY_TRANSCRIPT_DIRS };
beforeAll(() => {
  process.env.HOME = home;
  delete process.env.CLAUDE_MEMORY_USER_CONFIG;
  delete process.env.CLAUDE_MEMORY_TRANSCRIPT_DIRS;
  process.chdir(root);
});
afterAll(() => {
  process.chdir(saved.cwd);
  for (const [key, value] of [
    ['HOME', saved.home],
    ['CLAUDE_MEMORY_USER_CONFIG', saved.user],
    ['CLAUDE_MEMORY_TRANSCRIPT_DIRS', saved.dirs],
  ] as const) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
  fs.rmSync(sandbox, { recursive: true, force: true });
  console.log(`fuzz iterations: ${JSON.stringify(iterations)}`);
});

// ---------------------------------------------------------------------------------------------------------------
// Watching every file operation.
// ---------------------------------------------------------------------------------------------------------------

type Access = { op: string; file: string; write: boolean; stack?: string };
const accesses: Access[] = [];
const WATCHED: Array<[name: string, write: boolean, paths: number[]]> = [
  ['openSync', false, [0]],
  ['readFileSync', false, [0]],
  ['writeFileSync', true, [0]],
  ['appendFileSync', true, [0]],
  ['readdirSync', false, [0]],
  ['opendirSync', false, [0]],
  ['mkdirSync', true, [0]],
  ['rmSync', true, [0]],
  ['rmdirSync', true, [0]],
  ['unlinkSync', true, [0]],
  ['renameSync', true, [0, 1]],
  ['linkSync', true, [0, 1]],
  ['symlinkSync', true, [1]],
  ['copyFileSync', true, [0, 1]],
  ['utimesSync', true, [0]],
  ['chmodSync', true, [0]],
  ['createReadStream', false, [0]],
  ['createWriteStream', true, [0]],
];
const originals = new Map<string, unknown>();

function watch(): void {
  const target = fs as unknown as Record<string, (...args: unknown[]) => unknown>;
  for (const [name, write, positions] of WATCHED) {
    const original = target[name]!;
    originals.set(name, original);
    target[name] = function (this: unknown, ...args: unknown[]) {
      for (const at of positions)
        if (typeof args[at] === 'string')
          accesses.push({ op: name, file: path.resolve(args[at]), write, ...(process.env.CLAUDE_MEMORY_FUZZ_STACKS ? { stack: new Error().stack } : {}) });
      return original.apply(this, args);
    };
  }
  const promises = fs.promises as unknown as Record<string, (...args: unknown[]) => unknown>;
  for (const name of ['open', 'readFile', 'writeFile', 'rm', 'rename', 'mkdir']) {
    const original = promises[name]!;
    originals.set(`promises.${name}`, original);
    promises[name] = function (this: unknown, ...args: unknown[]) {
      if (typeof args[0] === 'string') accesses.push({ op: `promises.${name}`, file: path.resolve(args[0]), write: !['open', 'readFile'].includes(name) });
      return original.apply(this, args);
    };
  }
  syncBuiltinESMExports();
}

function unwatch(): void {
  const target = fs as unknown as Record<string, unknown>;
  const promises = fs.promises as unknown as Record<string, unknown>;
  for (const [name, original] of originals) {
    if (name.startsWith('promises.')) promises[name.slice('promises.'.length)] = original;
    else target[name] = original;
  }
  syncBuiltinESMExports();
}

const inside = (dir: string, file: string) => file === dir || file.startsWith(`${dir}${path.sep}`);

/** File operations outside what the tool may touch since the last call (and forget them). */
function strayAccesses(): Access[] {
  const stray = accesses.filter(
    (a) => !inside(root, a.file) && !(a.write === false && (inside(home, a.file) || inside('/proc', a.file) || inside(PROJECT_ROOT, a.file))),
  );
  accesses.length = 0;
  return stray;
}

beforeAll(watch);
afterAll(unwatch);

/** Run `work`; an exception is a failure unless it is one of the errors the code means to raise (they name a file). */
async function noCrash<T>(work: () => T | Promise<T>): Promise<T | undefined> {
  try {
    return await work();
  } catch (err) {
    const name = (err as Error).name;
    if (['UnsafePathError', 'FileSystemError', 'LockTimeoutError'].includes(name)) return undefined;
    throw err;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Generators.
// ---------------------------------------------------------------------------------------------------------------

const ATTACK_PATHS = [
  '../../../outside/secret.md',
  '/etc/passwd',
  path.join(outside, 'secret.md'),
  path.join(outside, 'secret.jsonl'),
  '..',
  '.',
  '',
  '/',
  '.claude-memory/.cache/log.jsonl',
  '.claude-memory/notes/../../outside/secret.md',
  `${projects}/../../../../outside/secret.jsonl`,
  path.join(projects, 'linked.jsonl'),
  path.join(projects, 'real.jsonl'),
];
const nasty = fc.oneof(
  { weight: 3, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 60 }) },
  { weight: 2, arbitrary: fc.constantFrom(...HOSTILE.map(([, text]) => text)) },
  { weight: 1, arbitrary: fc.constantFrom(...ATTACK_PATHS) },
  {
    weight: 1,
    arbitrary: fc.string({ unit: fc.constantFrom('-', '.', '/', '\\', 'a', '\n', ':', '#', '"', "'", '[', '{', '&', '*', '!', '|', '>'), maxLength: 30 }),
  },
);
/** A YAML scalar as a teammate could write it: plain, double-quoted (any character), or something that is not YAML. */
const yamlValue = fc.oneof(
  nasty.map((text) => JSON.stringify(text)),
  nasty,
  fc.constantFrom('[a, b]', '{a: 1}', '&anchor x', '*anchor', '!!js/function "x"', '- x', '~', 'null', '1e309', '[[[[[[[[[[]]]]]]]]]]', '"unterminated'),
);
const frontMatter = fc
  .record({
    id: fc.option(yamlValue),
    title: fc.option(yamlValue, { freq: 4 }),
    type: fc.option(fc.oneof(fc.constantFrom('decision', 'fact', 'gotcha', 'session'), yamlValue)),
    topic: fc.option(yamlValue),
    tags: fc.option(fc.array(yamlValue, { maxLength: 4 }).map((items) => `[${items.join(', ')}]`)),
    files: fc.option(fc.array(yamlValue, { maxLength: 4 }).map((items) => `[${items.join(', ')}]`)),
    status: fc.option(fc.oneof(fc.constantFrom('active', 'superseded', 'archived'), yamlValue)),
    extra: fc.option(fc.tuple(fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 10 }), yamlValue)),
  })
  .map((fields) =>
    Object.entries(fields)
      .filter(([, value]) => value !== null)
      .map(([key, value]) =>
        key === 'extra' ? `${(value as [string, string])[0].replace(/[:\n]/g, '')}: ${(value as [string, string])[1]}` : `${key}: ${value as string}`,
      )
      .join('\n'),
  );
const noteText = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.tuple(frontMatter, nasty, fc.string({ maxLength: 200 })).map(([fm, first, body]) => `---\n${fm}\n---\n${first} deploy rollback.\n${body}\n`),
  },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 300 }) },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      '---\n---\n',
      '---\n',
      '---js\nmodule.exports = {}\n---\n',
      '---\na: &a [*a]\n---\n',
      `---\ntitle: ${'x'.repeat(40_000)}\n---\n`,
      '# Only a heading\n',
    ),
  },
);
/** A file name as git can check it out: anything but `/` and NUL. */
const fileName = fc.oneof(
  fc.string({ unit: 'binary', minLength: 1, maxLength: 30 }).map((name) => name.replace(/[/\u0000]/g, '_').replace(/^\.+/, 'x')),
  fc.constantFrom('plain', 'with space', 'new\nline', 'esc\u001b[2J', 'rtl\u202eevil', 'ünïcödé', 'x'.repeat(200)),
);
const notesArb = fc.array(fc.record({ dir: fc.constantFrom('', 'auth', 'deep/er', 'we\nird'), name: fileName, text: noteText }), {
  minLength: 1,
  maxLength: 6,
});

function resetNotes(): void {
  fs.rmSync(path.join(root, '.claude-memory', 'notes'), { recursive: true, force: true });
  fs.mkdirSync(path.join(root, '.claude-memory', 'notes'), { recursive: true });
}

function writeNotes(notes: Array<{ dir: string; name: string; text: string }>): void {
  for (const note of notes) {
    const dir = path.join(root, '.claude-memory', 'notes', note.dir);
    fs.mkdirSync(dir, { recursive: true });
    try {
      fs.writeFileSync(path.join(dir, `${note.name}.md`), note.text);
    } catch {
      // a name the file system refuses (too long): git could not check it out either
    }
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Targets.
// ---------------------------------------------------------------------------------------------------------------

const MARKER = /(?!)/;

describe('fuzz', () => {
  it('parseNote: any text gives a note or problems, with single-line values', () => {
    const { property, numRuns } = counted(
      'parseNote',
      fc.property(fc.tuple(noteText, fileName), ([text, name]) => {
        const result = parseNote(text, `.claude-memory/notes/x/${name}.md`, name);
        if (!result.note) return result.problems.length > 0;
        const { title, id, type, topic, tags, files, status } = result.note;
        for (const value of [title, id, type, topic, status, ...tags, ...files]) expect(value).not.toMatch(/[\n\r\u2028\u2029\u0085]/);
        return true;
      }),
      4_000,
    );
    fc.assert(property as fc.IProperty<[[string, string]]>, { numRuns, seed: 1507 });
  });

  it('random notes through refresh, search, list, lint, session start and prompt recall', async () => {
    const { property, numRuns } = counted(
      'notes → refresh/search/list/lint/context/recall',
      fc.asyncProperty(fc.tuple(notesArb, nasty), async ([notes, query]) => {
        resetNotes();
        writeNotes(notes);
        forgetCheckedDirs();
        const result = await noCrash(() => refresh(root, { force: true }));
        if (result) {
          // The tool's own cache must read back: a strange note cannot void it (which would rebuild on every read).
          expect(readCacheFile(path.join(root, '.claude-memory', '.cache', 'catalog.json'), 'catalog')).toBeDefined();
          expect(readCatalog(root).length).toBe(result.notes);
        }
        await noCrash(() => searchNotes(root, `${query} deploy rollback`, { limit: 5 }));
        await noCrash(() => lintNotes(root));
        const context = await noCrash(() => sessionStartContext(root, { changedFiles: Promise.resolve({ files: ['src/a.ts'], base: 'main' }) }));
        if (context?.text) expect(fenceProblems(context.text, MARKER)).toEqual([]);
        const pointers = await noCrash(() => recallForSession(root, `deploy rollback ${query}`, 'fuzz-session'));
        if (pointers) expect(fenceProblems(pointers, MARKER)).toEqual([]);
        const text = `${context?.text ?? ''}${pointers ?? ''}`;
        expect(text).not.toContain(SECRET);
        expect(strayAccesses()).toEqual([]);
      }),
      250,
    );
    await fc.assert(property, { numRuns, seed: 2024 });
  }, 600_000);

  it('hook payloads: any stdin makes every hook exit 0 with fenced output or none', async () => {
    resetNotes();
    writeNotes([
      {
        dir: 'auth',
        name: 'tokens',
        text: '---\ntitle: Tokens are signed with RS256\ntype: decision\n---\nThe gateway verifies tokens with the public key.\n',
      },
    ]);
    const value = fc.oneof(nasty, fc.integer(), fc.constant(null), fc.array(nasty, { maxLength: 2 }), fc.dictionary(nasty, nasty, { maxKeys: 2 }));
    const payload = fc.oneof(
      fc
        .record({
          session_id: fc.oneof(nasty, fc.uuid(), value),
          transcript_path: fc.oneof(fc.constantFrom(...ATTACK_PATHS), nasty, value),
          cwd: fc.oneof(fc.constantFrom(root, path.join(root, 'sub'), outside, 'relative', path.join(root, '..', 'repo')), nasty),
          hook_event_name: fc.oneof(
            fc.constantFrom('SessionStart', 'UserPromptSubmit', 'Stop', 'SessionEnd', 'PreCompact', 'session_start', 'Notification'),
            nasty,
          ),
          prompt: fc.oneof(nasty, fc.string({ maxLength: 2_000 }), fc.constant('tokens signed RS256 gateway public key')),
          source: fc.oneof(fc.constantFrom('startup', 'resume', 'clear', 'compact'), nasty),
        })
        .map((p) => JSON.stringify(p)),
      fc.string({ unit: 'binary', maxLength: 200 }),
      fc.constantFrom('', '{', 'null', '[]', '"x"', '{"__proto__": {"cwd": "/"}}', '{"hook_event_name": "SessionStart", "cwd": {"toString": 1}}'),
    );
    let answered = 0;
    const { property, numRuns } = counted(
      'hook payloads',
      fc.asyncProperty(
        fc.tuple(
          payload,
          fc.constantFrom([], ['session-start'], ['user-prompt-submit'], ['stop'], ['session-end'], ['pre-compact'], ['--plugin'], ['nonsense']),
        ),
        async ([stdin, argv]) => {
          const parsed = parsePayload(stdin);
          normalizeEvent(parsed.eventName);
          safeSession(parsed.sessionId);
          let out = '';
          forgetCheckedDirs();
          const code = await runHookCommand([...argv], { stdin, write: (text) => (out += text) });
          expect(code).toBe(0);
          if (out) {
            answered += 1;
            const context = (JSON.parse(out) as { hookSpecificOutput: { additionalContext: string } }).hookSpecificOutput.additionalContext;
            expect(fenceProblems(context, MARKER)).toEqual([]);
            expect(context).not.toContain(SECRET);
          }
          expect(strayAccesses()).toEqual([]);
        },
      ),
      400,
    );
    await fc.assert(property, { numRuns, seed: 77 });
    // The payloads must reach the flows, not only bounce off the parser.
    console.log(`hook payloads answered with context: ${answered} of ${numRuns}`);
    expect(answered).toBeGreaterThan(numRuns / 20);
  }, 600_000);

  it('transcripts: any JSONL reads, digests and summarises without throwing, bounded', async () => {
    const file = path.join(projects, 'fuzz.jsonl');
    const block = fc.oneof(
      fc.record(
        {
          type: fc.constantFrom('text', 'tool_use', 'tool_result', 'thinking', 'image', 'x'),
          text: nasty,
          name: nasty,
          input: fc.dictionary(nasty, nasty, { maxKeys: 3 }),
          content: fc.oneof(nasty, fc.array(fc.record({ type: fc.constant('text'), text: nasty }), { maxLength: 2 })),
          is_error: fc.boolean(),
        },
        { requiredKeys: ['type'] },
      ),
      nasty,
    );
    const entry = fc.oneof(
      {
        weight: 5,
        arbitrary: fc
          .record(
            {
              type: fc.constantFrom('user', 'assistant', 'attachment', 'summary', 'x'),
              message: fc.record({ role: fc.constantFrom('user', 'assistant', 'x'), content: fc.oneof(nasty, fc.array(block, { maxLength: 4 })) }),
              timestamp: nasty,
              cwd: nasty,
              isSidechain: fc.boolean(),
            },
            { requiredKeys: [] },
          )
          .map((e) => JSON.stringify(e)),
      },
      { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 200 }) },
      {
        weight: 1,
        arbitrary: fc.constantFrom(
          '',
          '{',
          '[]',
          'null',
          '{"message": {"content": [[[[[]]]]]}}',
          `{"type":"user","message":{"role":"user","content":"${'x'.repeat(100_000)}"}}`,
        ),
      },
    );
    const { property, numRuns } = counted(
      'transcripts',
      fc.asyncProperty(fc.tuple(fc.array(entry, { maxLength: 30 }), fc.nat({ max: 5_000 })), async ([entries, offset]) => {
        fs.writeFileSync(file, entries.join('\n'));
        accesses.length = 0; // the test's own write
        const read = await readTranscript(file, offset);
        const digest = buildDigest(read.entries);
        expect(renderDigest(digest, 2_000).length).toBeLessThan(40_000);
        extractiveNotes(digest, { sessionId: 'fuzz', sourceTokens: 1000 });
        expect(strayAccesses()).toEqual([]);
      }),
      600,
    );
    await fc.assert(property, { numRuns, seed: 9 });
  }, 600_000);

  it('cache files: random content in every cache file is validated, never acted on blindly', async () => {
    resetNotes();
    writeNotes([{ dir: 'auth', name: 'tokens', text: '---\ntitle: Tokens are signed with RS256\ntype: decision\n---\nThe gateway verifies tokens.\n' }]);
    const cache = path.join(root, '.claude-memory', '.cache');
    const files: Array<[string, CacheFileKind]> = [
      ['manifest.json', 'manifest'],
      ['catalog.json', 'catalog'],
      ['fresh-stamp.json', 'freshStamp'],
      ['stale.json', 'staleCache'],
      ['usage.json', 'usage'],
      ['sessions/fuzz-session.json', 'sessionState'],
      ['cursors/fuzz-session.json', 'cursor'],
      ['pending/fuzz-session-0-100.json', 'pendingJob'],
      ['done/fuzz-session-0-100.json', 'doneRecord'],
      ['file-notes/stamp.json', 'fileNotesStamp'],
    ];
    const json = fc.letrec<{ value: unknown }>((tie) => ({
      value: fc.oneof(
        { depthSize: 'small' },
        nasty,
        fc.integer(),
        fc.double(),
        fc.boolean(),
        fc.constant(null),
        fc.array(tie('value'), { maxLength: 3 }),
        fc.dictionary(
          fc.oneof(nasty, fc.constantFrom('id', 'path', 'transcriptPath', 'sessionId', 'fromOffset', 'toOffset', 'noteIds', 'files', 'dirs', 'format')),
          tie('value'),
          { maxKeys: 4 },
        ),
      ),
    })).value;
    // A plausible job: right shape, attacker's values.
    const job = fc.record({
      id: fc.oneof(fc.constant('fuzz-session-0-100'), nasty),
      sessionId: fc.oneof(fc.constant('fuzz-session'), nasty),
      transcriptPath: fc.oneof(fc.constantFrom(...ATTACK_PATHS), nasty),
      fromOffset: fc.nat(200),
      toOffset: fc.nat(400),
      createdAt: nasty,
      attempts: fc.nat(5),
      noteIds: fc.array(nasty, { maxLength: 2 }),
    });
    const { property, numRuns } = counted(
      'cache files',
      fc.asyncProperty(
        fc.tuple(
          fc.array(fc.tuple(fc.constantFrom(...files), fc.oneof(json, job, fc.string({ unit: 'binary', maxLength: 50 }))), { minLength: 1, maxLength: 4 }),
          nasty,
        ),
        async ([plants, query]) => {
          fs.rmSync(cache, { recursive: true, force: true });
          for (const [[rel], value] of plants) {
            fs.mkdirSync(path.dirname(path.join(cache, rel)), { recursive: true });
            fs.writeFileSync(path.join(cache, rel), typeof value === 'string' ? value : JSON.stringify(value));
          }
          forgetCheckedDirs();
          for (const [[rel, kind]] of plants) {
            const value = readCacheFile(path.join(cache, rel), kind);
            if (value !== undefined) expect(CACHE_SCHEMAS[kind].safeParse(value).success).toBe(true);
          }
          // The queue is run only when a job was planted: the run asks git which files it tracks (a process each time).
          if (listJobs(root).jobs.length || plants.some(([[rel]]) => rel.startsWith('pending/')))
            await noCrash(() => compressPending(root, { env: { HOME: home }, limit: 2 }));
          await noCrash(() => refresh(root, { mode: 'quick', lockTimeoutMs: 0 }));
          const context = await noCrash(() => sessionStartContext(root, { changedFiles: Promise.resolve({ files: ['src/a.ts'] }) }));
          if (context?.text) expect(fenceProblems(context.text, MARKER)).toEqual([]);
          await noCrash(() => recallForSession(root, `tokens signed ${query}`, 'fuzz-session'));
          loadConfig(path.join(root, '.claude-memory', 'config.json'));
          const notes = fs.readdirSync(path.join(root, '.claude-memory', 'notes'), { recursive: true }).map(String);
          expect(strayAccesses()).toEqual([]);
          for (const note of notes.filter((name) => name.endsWith('.md')))
            expect(fs.readFileSync(path.join(root, '.claude-memory', 'notes', note), 'utf8')).not.toContain(SECRET);
          expect(fs.readFileSync(path.join(outside, 'secret.md'), 'utf8')).toContain(SECRET);
          accesses.length = 0; // the test's own reads
        },
      ),
      300,
    );
    await fc.assert(property, { numRuns, seed: 31 });
  }, 600_000);

  it('leaves the outside folder exactly as it was', () => {
    expect(fs.readdirSync(outside).sort()).toEqual(['secret.jsonl', 'secret.md']);
    expect(os.tmpdir()).toBeTruthy();
  });
});
