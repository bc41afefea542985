import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT, runCliSync, tempDir, tempRepo } from '../helpers/temp-repo.js';

/** The bench modules are plain .mjs: loaded by URL, so the type checker does not ask for declarations. */
const bench = (file: string) => import(pathToFileURL(path.join(PROJECT_ROOT, 'bench', file)).href);

interface Written {
  path: string;
  id: string;
  status: string;
}

async function generate(options: Record<string, unknown>, out = tempDir('cm-corpus-')) {
  const { generateCorpus } = await bench('corpus/generate.mjs');
  const result = (await generateCorpus({ out, ...options })) as { written: Written[]; topics: number };
  return { out, ...result };
}

/** Every file under `dir`, relative path and content, in one digest. */
function treeDigest(dir: string): string {
  const hash = crypto.createHash('sha256');
  const files = (fs.readdirSync(dir, { recursive: true }) as string[]).filter((f) => fs.statSync(path.join(dir, f)).isFile()).sort();
  for (const file of files)
    hash
      .update(`${file}\0`)
      .update(fs.readFileSync(path.join(dir, file)))
      .update('\0');
  return hash.digest('hex');
}

const bodies = (out: string, written: Written[]) =>
  written.map((n) => {
    const text = fs.readFileSync(path.join(out, n.path), 'utf8');
    return text.slice(text.indexOf('\n---\n', 4) + 5);
  });

describe('benchmark corpus generator', () => {
  it('still writes the corpus every earlier benchmark figure was measured on (current shape, seed 42)', async () => {
    const { out } = await generate({ notes: 200, seed: 42 });
    // Changing this digest makes old and new figures incomparable: bump GENERATOR_VERSION in corpus/repo.mjs too.
    expect(treeDigest(out)).toBe('74ef854e852d177fb70b22a4439a68f47ab278146583fecb62b45dc933c99c8d');
  });

  it.each(['current', 'small-vocab', 'long', 'many-topics', 'pull-batches'])('is a pure function of the seed for the %s shape', async (shape) => {
    const a = await generate({ notes: 150, seed: 7, shape });
    const b = await generate({ notes: 150, seed: 7, shape, concurrency: 3 });
    const c = await generate({ notes: 150, seed: 8, shape });
    expect(treeDigest(a.out)).toBe(treeDigest(b.out));
    expect(treeDigest(a.out)).not.toBe(treeDigest(c.out));
  });

  it.each(['current', 'small-vocab', 'long', 'many-topics'])('writes notes the real linter accepts (%s)', async (shape) => {
    const repo = tempRepo({ initMemory: true });
    const { written } = await generate({ notes: 120, seed: 3, shape }, repo);
    const result = runCliSync(repo, ['lint', '--json']);
    const report = JSON.parse(result.stdout) as { notes: number; problems: unknown[] };
    expect(report.problems).toEqual([]);
    expect(report.notes).toBe(written.length);
  });

  it('small-vocab: "config", "test" and the topic name "api" each appear in 30-60 % of notes, whatever the seed', async () => {
    for (const seed of [1, 42, 9001]) {
      const { out, written } = await generate({ notes: 1000, seed, shape: 'small-vocab' });
      const texts = written.map((n) => fs.readFileSync(path.join(out, n.path), 'utf8').toLowerCase());
      for (const term of ['config', 'test', 'api']) {
        const share = texts.filter((text) => new RegExp(`\\b${term}\\b`).test(text)).length / texts.length;
        expect(share, `${term} with seed ${seed}`).toBeGreaterThanOrEqual(0.3);
        expect(share, `${term} with seed ${seed}`).toBeLessThanOrEqual(0.6);
      }
    }
  });

  it('long: every body is 2-4 KB', async () => {
    const { out, written } = await generate({ notes: 300, seed: 5, shape: 'long' });
    for (const body of bodies(out, written)) {
      expect(Buffer.byteLength(body.trimEnd())).toBeGreaterThanOrEqual(2048);
      expect(Buffer.byteLength(body.trimEnd())).toBeLessThanOrEqual(4096);
    }
  });

  it('many-topics: 600 topics, one folder each, named as topics are', async () => {
    const { out, topics } = await generate({ notes: 50, seed: 5, shape: 'many-topics' });
    const folders = fs.readdirSync(path.join(out, '.claude-memory', 'notes'));
    expect(topics).toBe(600);
    expect(folders).toHaveLength(600);
    for (const folder of folders) expect(folder).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
  });

  it('a later batch with its own note seed shares the topics but not the notes', async () => {
    const base = await generate({ notes: 200, seed: 11, shape: 'many-topics' });
    const batch = await generate({ notes: 50, seed: 11, noteSeed: 12, shape: 'many-topics', days: [323, 330] });
    const topics = (out: string) => fs.readdirSync(path.join(out, '.claude-memory', 'notes')).sort();
    expect(topics(batch.out)).toEqual(topics(base.out));
    const ids = new Set(base.written.map((n) => n.id));
    expect(batch.written.filter((n) => ids.has(n.id))).toEqual([]);
    for (const n of batch.written) {
      const created = /^created: (.+)$/m.exec(fs.readFileSync(path.join(batch.out, n.path), 'utf8'))?.[1] ?? '';
      expect(created >= '2026-11-20', `${n.id} created ${created}`).toBe(true);
    }
  });
});
