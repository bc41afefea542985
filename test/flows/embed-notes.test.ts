import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cacheLayout, vectorCacheFile } from '../../src/cache/layout.js';
import { embedNotes } from '../../src/flows/embed-notes.js';
import { readEmbedState, startEmbeddingIfBehind } from '../../src/index/embeddings/background.js';
import { SENTENCE_MODEL, type ModuleLoader } from '../../src/index/embeddings/embedder.js';
import { contentKey, embeddingText } from '../../src/index/embeddings/note-text.js';
import { normalize } from '../../src/index/embeddings/vectors.js';
import { readCatalog, refresh } from '../../src/index/refresh.js';
import { hybridSearch } from '../../src/retrieve/hybrid.js';
import { searchNotes } from '../../src/retrieve/search.js';
import { tryTakeLock } from '../../src/store/lock.js';
import { EMBEDDINGS_ON, MEANING_NOTES, MODEL_INSTALLED, PARAPHRASE, eventually, writeMeaningNotes } from '../helpers/embeddings.js';
import { runCliSync, tempDir, tempRepo, writeFile } from '../helpers/temp-repo.js';

const cleanup: string[] = [];
afterAll(() => {
  for (const dir of cleanup) fs.rmSync(dir, { recursive: true, force: true });
});
beforeEach(() => {
  vi.stubEnv('CLAUDE_MEMORY_EMBEDDINGS', 'on');
});
afterEach(() => {
  vi.unstubAllEnvs();
});

function repoWithNotes(): string {
  const repo = tempRepo({ initMemory: true });
  cleanup.push(repo);
  writeMeaningNotes(repo);
  refresh(repo);
  return repo;
}

/** A stand-in for the sentence model packages (the flow's logic, not the model, is under test): a vector per text from its hash. */
function fakeModel(calls: string[][] = []): ModuleLoader {
  const vectorOf = (text: string) => {
    const bytes = createHash('sha512').update(text).digest();
    return [...normalize(Array.from({ length: SENTENCE_MODEL.dimensions }, (_, i) => bytes[i % bytes.length]! - 127.5 + i / 100))];
  };
  const model = { embed: (texts: string[]) => (calls.push(texts), Promise.resolve(texts.map(vectorOf))) };
  return (name) => Promise.resolve(name === SENTENCE_MODEL.packages[0] ? { initModel: () => Promise.resolve(model) } : { modelSource: () => undefined });
}
const brokenModel: ModuleLoader = () => Promise.reject(new Error('this build of the package is damaged'));

const vectorsFile = (repo: string) => JSON.parse(fs.readFileSync(vectorCacheFile(repo, SENTENCE_MODEL.id), 'utf8')) as { vectors: Record<string, string> };
const NOTE_COUNT = Object.keys(MEANING_NOTES).length;

describe('the embedding flow', () => {
  it('embeds every note once, then only what changed, and records what it covered', async () => {
    const repo = repoWithNotes();
    const calls: string[][] = [];
    expect(await embedNotes(repo, { load: fakeModel(calls) })).toEqual({ status: 'done', embedded: NOTE_COUNT, notes: NOTE_COUNT, withVectors: NOTE_COUNT });
    expect(calls.flat()).toHaveLength(NOTE_COUNT);
    expect(Object.keys(vectorsFile(repo).vectors).sort()).toEqual(
      readCatalog(repo)
        .map((entry) => entry.embeddingKey)
        .sort(),
    );
    expect(readEmbedState(repo)).toMatchObject({ model: SENTENCE_MODEL.id, notes: NOTE_COUNT, embedded: NOTE_COUNT });
    expect(startEmbeddingIfBehind(repo)).toBe('up-to-date');
    // One note edited: one text embedded, and the old vector forgotten.
    const file = path.join(repo, '.claude-memory', 'notes', 'pdf', `${MEANING_NOTES.pdf.id}.md`);
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('headless Chromium', 'headless Chromium 126'));
    calls.length = 0;
    expect(await embedNotes(repo, { load: fakeModel(calls) })).toMatchObject({ status: 'done', embedded: 1, withVectors: NOTE_COUNT });
    expect(calls.flat()[0]).toContain('Chromium 126');
    expect(Object.keys(vectorsFile(repo).vectors)).toHaveLength(NOTE_COUNT);
    // Nothing to embed: the model is not even loaded.
    expect(await embedNotes(repo, { load: brokenModel })).toMatchObject({ status: 'done', embedded: 0, withVectors: NOTE_COUNT });
  });

  it('stops at its deadline with what it did saved, and the next trigger sees the work left', async () => {
    const repo = repoWithNotes();
    let clock = 1_000;
    const result = await embedNotes(repo, { load: fakeModel(), deadline: 1_000, now: () => clock++ });
    expect(result).toMatchObject({ status: 'deadline', embedded: 0, withVectors: 0 });
    expect(readEmbedState(repo)).toMatchObject({ notes: NOTE_COUNT, embedded: 0 });
    expect(await embedNotes(repo, { load: fakeModel() })).toMatchObject({ status: 'done', embedded: NOTE_COUNT });
  });

  it('exits at once while another run holds the lock, and takes over the lock of a run that died', async () => {
    const repo = repoWithNotes();
    const lock = cacheLayout(repo).embedLock;
    fs.mkdirSync(path.dirname(lock), { recursive: true });
    expect(tryTakeLock(lock)).toBe(true);
    expect(await embedNotes(repo, { load: fakeModel() })).toMatchObject({ status: 'busy', embedded: 0 });
    expect(startEmbeddingIfBehind(repo)).toBe('running');
    fs.writeFileSync(lock, '999999999\n2026-01-01T00:00:00Z\n');
    expect(await embedNotes(repo, { load: fakeModel() })).toMatchObject({ status: 'done', embedded: NOTE_COUNT });
    expect(fs.existsSync(lock)).toBe(false);
  });

  it('a model that will not load leaves search lexical, says why in the log, and is not retried for an hour', async () => {
    const repo = repoWithNotes();
    expect(await embedNotes(repo, { load: brokenModel })).toMatchObject({ status: 'unavailable', reason: 'this build of the package is damaged' });
    expect(readEmbedState(repo)?.error).toBe('this build of the package is damaged');
    expect(fs.readFileSync(cacheLayout(repo).log, 'utf8')).toContain('the sentence model did not load');
    expect(startEmbeddingIfBehind(repo)).toBe('up-to-date');
    // An hour later it would try again (the lock held here stands in for the run it would start).
    expect(tryTakeLock(cacheLayout(repo).embedLock)).toBe(true);
    expect(startEmbeddingIfBehind(repo, Date.now() + 2 * 60 * 60 * 1000)).toBe('running');
  });

  it('switched off, it does nothing and starts nothing', async () => {
    vi.stubEnv('CLAUDE_MEMORY_EMBEDDINGS', 'off');
    const repo = repoWithNotes();
    expect(await embedNotes(repo, { load: fakeModel() })).toMatchObject({ status: 'off', reason: 'CLAUDE_MEMORY_EMBEDDINGS=off' });
    expect(startEmbeddingIfBehind(repo)).toBe('off');
    expect(fs.existsSync(cacheLayout(repo).embeddings)).toBe(false);
  });
});

describe('a damaged vector cache is rebuilt, not trusted', () => {
  it('drops entries that fail a check and embeds their notes again; a file that is not a cache is replaced', async () => {
    const repo = repoWithNotes();
    await embedNotes(repo, { load: fakeModel() });
    const file = vectorCacheFile(repo, SENTENCE_MODEL.id);
    const saved = vectorsFile(repo);
    const keys = Object.keys(saved.vectors).sort();
    const scaled = Buffer.from(saved.vectors[keys[0]!]!, 'base64');
    scaled.writeFloatLE(scaled.readFloatLE(0) * 50, 0);
    saved.vectors[keys[0]!] = scaled.toString('base64');
    saved.vectors[keys[1]!] = Buffer.alloc(100).toString('base64');
    saved.vectors['../../escape'] = saved.vectors[keys[2]!]!;
    fs.writeFileSync(file, JSON.stringify(saved));
    // Search meanwhile still answers: the dropped notes are scored by their words. (The lock, held here, keeps the
    // search from starting a real background run, which this test does itself below.)
    expect(tryTakeLock(cacheLayout(repo).embedLock)).toBe(true);
    const hits = await searchNotes(repo, 'Chromium invoice PDF');
    expect(hits[0]?.id).toBe(MEANING_NOTES.pdf.id);
    fs.rmSync(cacheLayout(repo).embedLock);
    const calls: string[][] = [];
    expect(await embedNotes(repo, { load: fakeModel(calls) })).toMatchObject({ status: 'done', embedded: 2, withVectors: NOTE_COUNT });
    expect(Object.keys(vectorsFile(repo).vectors).sort()).toEqual(keys);
    expect(fs.readFileSync(cacheLayout(repo).log, 'utf8')).toContain('damaged vectors in the cache were dropped');
    for (const garbage of [
      '{"format":1,',
      JSON.stringify({ format: 1, model: SENTENCE_MODEL.id, dimensions: 3, vectors: {} }),
      JSON.stringify({ format: 1, model: SENTENCE_MODEL.id, dimensions: 512, vectors: { a: 7 } }),
    ]) {
      fs.writeFileSync(file, garbage);
      expect(await embedNotes(repo, { load: fakeModel() })).toMatchObject({ embedded: NOTE_COUNT, withVectors: NOTE_COUNT });
      expect(Object.keys(vectorsFile(repo).vectors).sort()).toEqual(keys);
    }
  });

  it('reads no file outside the notes folder, whatever path the catalog names', async () => {
    const repo = repoWithNotes();
    const outside = writeFile(tempDir(), 'secret.md', '---\ntitle: Outside\ntype: fact\n---\nnot a note of this memory\n');
    const catalogFile = cacheLayout(repo).catalog;
    const catalog = JSON.parse(fs.readFileSync(catalogFile, 'utf8')) as Record<string, { path: string; embeddingKey?: string }>;
    const first = Object.values(catalog)[0]!;
    first.path = path.relative(repo, outside);
    delete first.embeddingKey;
    fs.writeFileSync(catalogFile, JSON.stringify(catalog));
    // The cache reader confines catalog paths to the notes folder: the planted entry is never read (the whole
    // catalog reads as absent until the next rebuild, so at most the other notes are embedded).
    const result = await embedNotes(repo, { load: fakeModel() });
    expect(result.embedded).toBeLessThanOrEqual(NOTE_COUNT - 1);
    const written = fs.existsSync(vectorCacheFile(repo, SENTENCE_MODEL.id)) ? Object.keys(vectorsFile(repo).vectors) : [];
    expect(written).not.toContain(contentKey(embeddingText({ title: 'Outside', tags: [], body: 'not a note of this memory\n' })));
  });
});

describe('search over the vectors', () => {
  it('answers by words, with a line in the log, when the model fails on the query', async () => {
    const repo = repoWithNotes();
    await embedNotes(repo, { load: fakeModel() });
    const failing = { id: SENTENCE_MODEL.id, dimensions: SENTENCE_MODEL.dimensions, embed: () => Promise.reject(new Error('out of memory')) };
    const lexical = [{ id: MEANING_NOTES.pdf.id, title: 'x', type: 'fact', path: 'p', score: 3.14159 }];
    const hits = await hybridSearch(repo, 'Chromium invoice', lexical, () => Promise.resolve(failing), { limit: 5, keep: () => true });
    expect(hits).toEqual([{ ...lexical[0], score: 3.142 }]);
    expect(fs.readFileSync(cacheLayout(repo).log, 'utf8')).toContain('the sentence model failed on the query');
  });
});

describe.skipIf(!MODEL_INSTALLED)('the background run, as a real process', () => {
  it('a capture hook leaves it running and returns; the vectors appear later and search by meaning uses them', async () => {
    const repo = repoWithNotes();
    const transcript = writeFile(repo, 'transcript.jsonl', `${JSON.stringify({ type: 'user', message: { role: 'user', content: 'hello' } })}\n`);
    const payload = JSON.stringify({ session_id: 'embed-test', transcript_path: transcript, cwd: repo, hook_event_name: 'Stop' });
    const hook = runCliSync(repo, ['hook', 'stop'], { input: payload, env: EMBEDDINGS_ON });
    expect(hook).toEqual({ code: 0, stdout: '', stderr: '' });
    // The hook is back, and the run it started has not finished: it never waited for the model or the notes.
    expect(readEmbedState(repo)).toBeUndefined();
    const state = await eventually(() => !fs.existsSync(cacheLayout(repo).embedLock) && readEmbedState(repo), 'the background embedding run');
    expect(state).toMatchObject({ model: SENTENCE_MODEL.id, notes: NOTE_COUNT, embedded: NOTE_COUNT });
    const found = runCliSync(repo, ['search', PARAPHRASE, '--json'], { env: EMBEDDINGS_ON });
    expect((JSON.parse(found.stdout) as Array<{ id: string }>)[0]?.id).toBe(MEANING_NOTES.grandmother.id);
    // Nothing new: the next hook starts nothing.
    expect(runCliSync(repo, ['hook', 'stop'], { input: payload, env: EMBEDDINGS_ON }).code).toBe(0);
    expect(startEmbeddingIfBehind(repo)).toBe('up-to-date');
  });
});
