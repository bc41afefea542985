import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { refresh } from '../../src/index/refresh.js';
import { searchNotes } from '../../src/retrieve/search.js';
import { addNote } from '../../src/store/notes.js';
import { tempRepo, writeFile } from '../helpers/temp-repo.js';

const ids = async (root: string, query: string) => (await searchNotes(root, query)).map((hit) => hit.id);

describe('refresh', () => {
  it('picks up added, edited and deleted notes with no explicit command', async () => {
    const root = tempRepo({ initMemory: true });
    const a = addNote(root, { title: 'Kafka consumer lag alert', type: 'gotcha', body: 'Lag above 10k pages on-call.' });
    expect(await ids(root, 'kafka')).toEqual([a.id]);
    const b = addNote(root, { title: 'Kafka topics are created by terraform', type: 'convention' });
    expect((await ids(root, 'kafka')).sort()).toEqual([a.id, b.id].sort());
    // An edit in place (same folder, so the folder time does not change) is seen too.
    const file = path.join(root, a.path);
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('Kafka consumer lag alert', 'Consumer lag alert for pulsar'));
    expect(await ids(root, 'pulsar')).toEqual([a.id]);
    expect(await ids(root, 'kafka')).toEqual([b.id]);
    fs.rmSync(path.join(root, b.path));
    expect(await ids(root, 'kafka')).toEqual([]);
    expect(fs.readFileSync(path.join(root, '.claude-memory/INDEX.md'), 'utf8')).toContain('Consumer lag alert for pulsar');
  });

  it('is fresh (reads nothing) when nothing changed', () => {
    const root = tempRepo({ initMemory: true });
    addNote(root, { title: 'One', type: 'fact' });
    expect(refresh(root).status).toBe('rebuilt');
    expect(refresh(root).status).toBe('fresh');
    addNote(root, { title: 'Two', type: 'fact' });
    expect(refresh(root)).toMatchObject({ status: 'updated', changed: 1, notes: 2 });
  });

  it('rebuilds from the notes when the cache is corrupted', async () => {
    const root = tempRepo({ initMemory: true });
    const note = addNote(root, { title: 'Feature flags live in LaunchDarkly', type: 'fact' });
    refresh(root);
    const cache = path.join(root, '.claude-memory/.cache');
    for (const file of fs.readdirSync(cache, { recursive: true })) {
      const full = path.join(cache, String(file));
      if (fs.statSync(full).isFile()) fs.writeFileSync(full, '\u0000garbage{');
    }
    expect(await ids(root, 'launchdarkly')).toEqual([note.id]);
  });

  it('regenerates the topic index files and removes those of vanished topics', () => {
    const root = tempRepo({ initMemory: true });
    const note = addNote(root, { title: 'Old topic note', type: 'fact', topic: 'legacy' });
    refresh(root);
    expect(fs.existsSync(path.join(root, '.claude-memory/index/legacy.md'))).toBe(true);
    fs.rmSync(path.join(root, note.path));
    refresh(root);
    expect(fs.existsSync(path.join(root, '.claude-memory/index/legacy.md'))).toBe(false);
  });

  it('reports bad notes as problems and still indexes the good ones', async () => {
    const root = tempRepo({ initMemory: true });
    writeFile(root, '.claude-memory/notes/x/bad.md', '---\ntitle: [oops\n---\n');
    const good = addNote(root, { title: 'Good note about grafana', type: 'fact' });
    const result = refresh(root);
    expect(result.problems.map((p) => [p.path, p.code])).toEqual([['.claude-memory/notes/x/bad.md', 'invalid-yaml']]);
    expect(await ids(root, 'grafana')).toEqual([good.id]);
  });
});
