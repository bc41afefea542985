import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { mainPart, PARALLEL_MIN_NOTES } from '../../src/index/rebuild-all.js';
import type { NoteRecord, PassResult } from '../../src/index/rebuild-pass.js';
import { settlePasses } from '../../src/index/rebuild-settle.js';
import type { CatalogEntry } from '../../src/index/catalog.js';
import { mulberry32 } from '../helpers/prng.js';
import { PROJECT_ROOT, tempDir, tempRepo } from '../helpers/temp-repo.js';

type RefreshModule = typeof import('../../src/index/refresh.js');
type SearchModule = typeof import('../../src/retrieve/search.js');

describe('mainPart', () => {
  it.each([
    [10_000, 2, 5_000],
    [10_001, 2, 5_001],
    [10_000, 1, 10_000],
    [PARALLEL_MIN_NOTES - 1, 2, PARALLEL_MIN_NOTES - 1],
    [PARALLEL_MIN_NOTES, 2, PARALLEL_MIN_NOTES / 2],
    [0, 2, 0],
  ])('%i notes on %i threads: the main thread takes %i', (total, threads, part) => {
    expect(mainPart(total, threads)).toBe(part);
  });
});

const entry = (id: string): CatalogEntry => ({
  id,
  title: id,
  type: 'fact',
  topic: 't',
  status: 'active',
  updated: '',
  path: `${id}.md`,
  summary: '',
  tags: [],
  files: [],
  pinned: false,
  tokens: 1,
  embeddingKey: '',
});
const record = (file: string, id?: string): NoteRecord => ({
  path: file,
  mtimeMs: 1,
  size: 2,
  problems: id ? [] : [{ path: file, code: 'bad', reason: 'bad', severity: 'error' }],
  entry: id ? entry(id) : undefined,
});
const pass = (records: NoteRecord[], rowsPerSegment: number[]): PassResult => ({
  records,
  written: rowsPerSegment.map((rows, n) => ({ info: { file: `s${n}.seg`, rows, live: rows, deleted: '' }, lengths: new Uint32Array(rows * 6) })),
});
const deletedRows = (segment: { deleted?: Uint8Array; info: { rows: number } }) =>
  Array.from({ length: segment.info.rows }, (_, row) => row).filter((row) => segment.deleted && segment.deleted[row >>> 3]! & (1 << (row & 7)));

describe('settlePasses', () => {
  it('keeps the first note of an id in file order, across passes and segments, and marks the later rows deleted', () => {
    const settled = settlePasses([
      pass([record('a.md', 'x'), record('b.md'), record('c.md', 'y')], [1, 1]),
      pass([record('d.md', 'y'), record('e.md', 'z'), record('f.md', 'x'), record('g.md', 'z')], [2, 2]),
    ]);
    expect(Object.keys(settled.catalog)).toEqual(['a.md', 'c.md', 'e.md']);
    expect(settled.problems.map((p) => [p.path, p.code])).toEqual([
      ['b.md', 'bad'],
      ['d.md', 'duplicate-id'],
      ['f.md', 'duplicate-id'],
      ['g.md', 'duplicate-id'],
    ]);
    expect(settled.problems[1]!.reason).toContain('also used by c.md');
    expect(settled.problems[3]!.reason).toContain('also used by e.md');
    expect(settled.segments.map(deletedRows)).toEqual([[], [], [0], [0, 1]]);
    expect([...settled.stats.keys()]).toEqual(['a.md', 'b.md', 'c.md', 'd.md', 'e.md', 'f.md', 'g.md']);
  });
});

/** A corpus of `count` notes in a few topics, with ids reused across the list and a note that does not parse. */
function plantCorpus(root: string, count: number): void {
  const random = mulberry32(29);
  const words = 'kafka redis lag retry token cache schema migration deploy rollback queue webhook cursor ledger invoice'.split(' ');
  const pick = () => words[Math.floor(random() * words.length)]!;
  for (let i = 0; i < count; i++) {
    const topic = `topic-${i % 7}`;
    // Every 97th note reuses the id of a note about 600 places earlier, so some pairs straddle the split.
    const id = i % 97 === 96 ? `note-${i - 600}` : `note-${i}`;
    const body = Array.from({ length: 3 + Math.floor(random() * 6) }, () => `The ${pick()} ${pick()} must ${pick()} before ${pick()}V${i % 5}.`).join(' ');
    const text =
      i === 700
        ? '---\ntitle: [unclosed\n---\nbroken'
        : `---\nid: ${id}\ntitle: ${pick()} ${pick()} ${i}\ntype: fact\ntopic: ${topic}\ntags: [${pick()}]\ncreated: 2026-0${1 + (i % 9)}-1${i % 10}\nstatus: active\n---\n${body}\n`;
    const dir = path.join(root, '.claude-memory', 'notes', topic);
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, `n${String(i).padStart(5, '0')}.md`), text);
  }
}

/** Everything a full rebuild writes that a reader sees. */
async function snapshot(root: string, search: SearchModule) {
  const memory = path.join(root, '.claude-memory');
  const read = (rel: string) => fs.readFileSync(path.join(memory, rel), 'utf8');
  const state = JSON.parse(read('.cache/search/state.json')) as {
    documentCount: number;
    averageFieldLength: number[];
    segments: Array<{ file: string; live: number }>;
  };
  const hits: Record<string, string[]> = {};
  for (const query of ['kafka lag', 'rollback', 'ledger invoice retry', 'V3 cursor', 'note 650']) {
    hits[query] = (await search.searchNotes(root, query, { limit: 20, lexical: true, fresh: true })).map((hit) => `${hit.id} ${hit.score.toFixed(6)}`);
  }
  return {
    catalog: read('.cache/catalog.json'),
    problems: (JSON.parse(read('.cache/manifest.json')) as { problems: unknown[] }).problems,
    overview: read('INDEX.md'),
    topics: fs.readdirSync(path.join(memory, 'index')).map((name) => read(`index/${name}`)),
    documents: state.documentCount,
    averages: state.averageFieldLength,
    live: state.segments.reduce((sum, segment) => sum + segment.live, 0),
    hits,
    segments: state.segments.map((segment) => segment.file),
  };
}

/** A corpus of `count` notes rebuilt on one thread, then on two: what a reader sees each time, and the segment names. */
async function oneThenTwo(count: number, refresh: RefreshModule, search: SearchModule) {
  const root = tempRepo({ initMemory: true });
  plantCorpus(root, count);
  refresh.refresh(root, { force: true, threads: 1 });
  const { segments: oneSegments, ...one } = await snapshot(root, search);
  refresh.refresh(root, { force: true, threads: 2 });
  const { segments: twoSegments, ...two } = await snapshot(root, search);
  return { one, two, oneSegments, twoSegments };
}

describe('a full rebuild on two threads', () => {
  it('writes what one thread writes, the worker taking the later notes (the built worker in dist/)', async () => {
    const refresh = (await import(path.join(PROJECT_ROOT, 'dist/index/refresh.js'))) as RefreshModule;
    const search = (await import(path.join(PROJECT_ROOT, 'dist/retrieve/search.js'))) as SearchModule;
    const { one, two, oneSegments, twoSegments } = await oneThenTwo(PARALLEL_MIN_NOTES + 200, refresh, search);
    expect(two).toEqual(one);
    expect(one.problems.filter((p) => (p as { code: string }).code === 'duplicate-id').length).toBeGreaterThan(5);
    expect(Object.values(one.hits).every((list) => list.length > 0)).toBe(true);
    // The worker numbers its segments from 2^20 ("mh34" in base 36): its part was written by the worker.
    expect(oneSegments.some((file) => file.includes('-mh34-'))).toBe(false);
    expect(twoSegments.some((file) => file.includes('-mh34-'))).toBe(true);
  });

  it('does the later part itself when there is no worker to start (the sources, which have no built worker)', async () => {
    const { one, two, oneSegments, twoSegments } = await oneThenTwo(
      PARALLEL_MIN_NOTES + 50,
      await import('../../src/index/refresh.js'),
      await import('../../src/retrieve/search.js'),
    );
    expect(two).toEqual(one);
    expect(oneSegments).toHaveLength(1);
    // The main thread's own second part: segments numbered from 2^21 ("18y68" in base 36).
    expect(twoSegments.some((file) => file.includes(`-${(2 ** 21).toString(36)}-`))).toBe(true);
  });

  it('does the later part itself, and says why, when the worker fails', async () => {
    const { indexAllNotes } = await import('../../src/index/rebuild-all.js');
    const { listNoteFiles } = await import('../../src/store/read.js');
    const root = tempRepo({ initMemory: true });
    plantCorpus(root, PARALLEL_MIN_NOTES + 20);
    const failing = path.join(tempDir(), 'failing-worker.mjs');
    fs.writeFileSync(failing, 'throw new Error("planted worker failure");\n');
    const { files } = listNoteFiles(root, path.join(root, '.claude-memory', 'notes'));
    const reasons: string[] = [];
    const build = (workerFile?: string) =>
      indexAllNotes(tempDir(), files, { generation: 1, threads: 2, workerFile, onWorkerFailure: (reason) => reasons.push(reason) });
    const records = (passes: PassResult[]) => passes.flatMap((p) => p.records.map((r) => [r.path, r.entry?.id]));
    const alone = build(failing);
    expect(reasons).toHaveLength(1);
    expect(reasons[0]).toContain('planted worker failure');
    expect(records(alone)).toEqual(records(indexAllNotes(tempDir(), files, { generation: 1, threads: 1 })));
    expect(alone[1]!.written.length).toBeGreaterThan(0);
  });
});
