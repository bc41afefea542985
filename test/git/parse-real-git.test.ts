import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { parseNameStatus, parseNumstat, parseStatusZ } from '../../src/git/parse.js';
import { mulberry32 } from '../helpers/prng.js';
import { git, tempRepo } from '../helpers/temp-repo.js';

/**
 * The parsers against real git output for generated trees: file names drawn from characters git quotes or that
 * break line-based parsing (space, tab, newline, quotes, backslash, non-ASCII), then renamed, copied, changed,
 * deleted and added at random. What git prints must parse back to exactly the changes made.
 */

const ALPHABET = ['a', 'b', 'Z', '0', '7', ' ', '\t', '\n', '-', '_', '.', '"', "'", '\\', '*', '?', ':', 'ä', 'é', '日', '本', '🙂'];
const LINES = 10;

const repos: string[] = [];
afterAll(() => {
  for (const dir of repos) fs.rmSync(dir, { recursive: true, force: true });
});

function generator(seed: number) {
  const random = mulberry32(seed);
  const pick = <T>(items: T[]) => items[Math.floor(random() * items.length)]!;
  const used = new Set<string>();
  const name = (): string => {
    for (;;) {
      const length = 1 + Math.floor(random() * 8);
      let base = Array.from({ length }, () => pick(ALPHABET)).join('');
      if (base === '.' || base === '..') base = `x${base}`;
      const folder = random() < 0.3 ? `${pick(['dir', 'a b', 'ü'])}/` : '';
      const file = `${folder}${base}`;
      if (!used.has(file) && !used.has(file.split('/')[0]!)) {
        used.add(file);
        return file;
      }
    }
  };
  let serial = 0;
  // Every line names its file's own token, so no two files share a line and rename detection pairs exactly.
  const content = () => {
    const token = `${seed}-${serial++}`;
    return Array.from({ length: LINES }, (_, i) => `content ${token} line ${i}`).join('\n') + '\n';
  };
  return { random, name, content };
}

const write = (root: string, file: string, text: string) => {
  fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
  fs.writeFileSync(path.join(root, file), text);
};
const gitZ = (root: string, ...args: string[]) => execFileSync('git', args, { cwd: root, encoding: 'utf8' });

interface Expected {
  nameStatus: string[];
  numstat: string[];
}

/** A committed tree, then one commit of random changes; returns what git must report between the two. */
function changedRepo(seed: number): { root: string; expected: Expected } {
  const { random, name, content } = generator(seed);
  const root = tempRepo();
  repos.push(root);
  const files = new Map<string, string>();
  for (let i = 0; i < 24; i++) files.set(name(), content());
  for (const [file, text] of files) write(root, file, text);
  git(root, 'add', '-A');
  git(root, 'commit', '-qm', 'base');

  const expected: Expected = { nameStatus: [], numstat: [] };
  const untouched = [...files.keys()];
  const take = () => untouched.splice(Math.floor(random() * untouched.length), 1)[0]!;
  for (let i = 0; i < 3; i++) {
    const from = take();
    const to = name();
    write(root, to, files.get(from)!);
    fs.rmSync(path.join(root, from));
    expected.nameStatus.push(`R|${from}|${to}`);
    expected.numstat.push(`${from}|0|0|${to}`);
  }
  for (let i = 0; i < 3; i++) {
    const file = take();
    fs.appendFileSync(path.join(root, file), 'one more line\n');
    expected.nameStatus.push(`M|${file}|${file}`);
    expected.numstat.push(`${file}|1|0|${file}`);
  }
  for (let i = 0; i < 3; i++) {
    const file = take();
    fs.rmSync(path.join(root, file));
    expected.nameStatus.push(`D|${file}|${file}`);
    expected.numstat.push(`${file}|0|${LINES}|${file}`);
  }
  for (let i = 0; i < 2; i++) {
    const file = name();
    write(root, file, content());
    expected.nameStatus.push(`A|${file}|${file}`);
    expected.numstat.push(`${file}|${LINES}|0|${file}`);
  }
  // A copy of a file nothing else touches: git finds it with --find-copies-harder.
  const source = untouched[0]!;
  const copy = name();
  write(root, copy, files.get(source)!);
  expected.nameStatus.push(`C|${source}|${copy}`);
  expected.numstat.push(`${source}|0|0|${copy}`);
  git(root, 'add', '-A');
  git(root, 'commit', '-qm', 'changes');
  return { root, expected };
}

describe('parsers on real git output with generated file names', () => {
  for (const seed of [1, 2, 3, 4]) {
    it(`seed ${seed}: name-status and numstat with renames and copies`, () => {
      const { root, expected } = changedRepo(seed);
      const range = ['-z', '-M', '-C', '--find-copies-harder', 'HEAD~1', 'HEAD'];
      const entries = parseNameStatus(gitZ(root, 'diff', '--name-status', ...range));
      expect(entries.map((entry) => `${entry.status}|${entry.from}|${entry.to}`).sort()).toEqual(expected.nameStatus.sort());
      const churn = parseNumstat(gitZ(root, 'diff', '--numstat', ...range));
      // A copy's source is also the key of nothing else here, so every change has its own entry.
      expect([...churn].map(([from, stat]) => `${from}|${stat.added}|${stat.deleted}|${stat.to}`).sort()).toEqual(expected.numstat.sort());
    });
  }

  it('status -z: staged renames, work-tree edits, new and untracked files', () => {
    const { name, content } = generator(9);
    const root = tempRepo();
    repos.push(root);
    const [kept, movedFrom, movedTo, edited, added, untracked] = [name(), name(), name(), name(), name(), name()];
    for (const file of [kept, movedFrom, edited]) write(root, file, content());
    git(root, 'add', '-A');
    git(root, 'commit', '-qm', 'base');
    fs.mkdirSync(path.dirname(path.join(root, movedTo)), { recursive: true });
    git(root, 'mv', '--', movedFrom, movedTo);
    fs.appendFileSync(path.join(root, edited), 'more\n');
    write(root, added, content());
    git(root, 'add', '--', added);
    write(root, untracked, content());
    const entries = parseStatusZ(gitZ(root, 'status', '--porcelain', '-z', '--untracked-files=all'));
    const shown = entries.map((entry) => `${entry.xy}|${entry.path}|${entry.origPath ?? ''}`).sort();
    expect(shown).toEqual([`R |${movedTo}|${movedFrom}`, ` M|${edited}|`, `A |${added}|`, `??|${untracked}|`].sort());
  });
});
