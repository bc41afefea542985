import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { lastCommits } from '../../src/git/provenance.js';
import { mulberry32 } from '../helpers/prng.js';
import { tempRepo } from '../helpers/temp-repo.js';

/**
 * lastCommits reads git log as it streams and stops once every path is found. On generated histories, built in one
 * `git fast-import` so they can be long, it must name for each path the commit that last touched it (added,
 * changed or deleted it), exactly as the generator recorded, whether the paths are named one by one or the walk
 * covers the whole notes folder.
 */

const cleanup: string[] = [];
afterAll(() => {
  for (const dir of cleanup) fs.rmSync(dir, { recursive: true, force: true });
});

const NAMES = ['retry', 'cache keys', 'naïve-ü', '日本語', 'a_b', 'x.y'];

function generatedHistory(seed: number, notes: number, commits: number) {
  const random = mulberry32(seed);
  const root = tempRepo();
  cleanup.push(root);
  const paths = Array.from({ length: notes }, (_, i) => `.claude-memory/notes/t${i % 7}/${NAMES[i % NAMES.length]} ${i}.md`);
  const live = new Set<string>();
  const lastMark = new Map<string, number>();
  const authorOf = new Map<number, string>();
  const chunks: string[] = [];
  const data = (text: string) => `data ${Buffer.byteLength(text)}\n${text}\n`;
  for (let mark = 1; mark <= commits; mark++) {
    const author = `Author ${mark % 5}`;
    authorOf.set(mark, author);
    const time = 1_700_000_000 + mark * 60;
    const lines = [
      `commit refs/heads/main`,
      `mark :${mark}`,
      `author ${author} <a${mark % 5}@example.com> ${time} +0000`,
      `committer C <c@example.com> ${time} +0000`,
      data(`commit ${mark}`).trimEnd(),
    ];
    if (mark > 1) lines.push(`from :${mark - 1}`);
    const touched = new Set<string>();
    const count = 1 + Math.floor(random() * 6);
    for (let i = 0; i < count; i++) touched.add(paths[Math.floor(random() * paths.length)]!);
    for (const file of touched) {
      if (live.has(file) && random() < 0.1) {
        lines.push(`D ${file}`);
        live.delete(file);
      } else {
        lines.push(`M 100644 inline ${file}`, data(`${file} at ${mark}\n`).trimEnd());
        live.add(file);
      }
      lastMark.set(file, mark);
    }
    chunks.push(`${lines.join('\n')}\n\n`);
  }
  const marksFile = path.join(root, '.git', 'marks');
  execFileSync('git', ['fast-import', '--quiet', `--export-marks=${marksFile}`], { cwd: root, input: chunks.join('') });
  const sha = new Map(
    fs
      .readFileSync(marksFile, 'utf8')
      .trim()
      .split('\n')
      .map((line) => {
        const [mark, hash] = line.split(' ');
        return [Number(mark!.slice(1)), hash!] as const;
      }),
  );
  execFileSync('git', ['reset', '-q', '--hard', 'main'], { cwd: root });
  const expected = new Map([...lastMark].map(([file, mark]) => [file, { commit: sha.get(mark)!, author: authorOf.get(mark)! }]));
  return { root, paths, expected };
}

describe('lastCommits on generated histories', () => {
  it.each([
    ['paths named one by one', 11, 40, 300],
    ['the whole notes folder walked (over 100 paths)', 12, 160, 600],
  ])('%s', async (_name, seed, notes, commits) => {
    const { root, paths, expected } = generatedHistory(seed, notes, commits);
    const unknown = '.claude-memory/notes/t0/never committed.md';
    const found = await lastCommits(root, [...paths, unknown]);
    expect(found.has(unknown)).toBe(false);
    expect(new Set(found.keys())).toEqual(new Set(expected.keys()));
    for (const [file, want] of expected) expect({ file, ...found.get(file) }).toMatchObject({ file, commit: want.commit, author: want.author });
  });

  it('gives nothing, not an error, in a repository without commits', async () => {
    const root = tempRepo();
    cleanup.push(root);
    expect(await lastCommits(root, ['.claude-memory/notes/a.md'])).toEqual(new Map());
  });
});
