import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { hotPathGit } from '../../src/git/hot-path.js';
import { git, tempDir, tempRepo, writeFile } from '../helpers/temp-repo.js';

const cleanup: string[] = [];
afterAll(() => {
  for (const dir of cleanup) fs.rmSync(dir, { recursive: true, force: true });
});

function repo(): string {
  const root = tempRepo();
  cleanup.push(root);
  writeFile(root, 'a.txt', 'a\n');
  git(root, 'add', '-A');
  git(root, 'commit', '-qm', 'a');
  return root;
}

describe('hotPathGit', () => {
  it("returns git's stdout untouched", async () => {
    const root = repo();
    expect(await hotPathGit(root, ['rev-parse', 'HEAD'], 10_000)).toBe(`${git(root, 'rev-parse', 'HEAD')}\n`);
    writeFile(root, 'line\nbreak.txt', 'x\n');
    git(root, 'add', '-A');
    expect(await hotPathGit(root, ['diff', '--cached', '--name-only', '-z'], 10_000)).toBe('line\nbreak.txt\0');
  });

  it('gives undefined when git fails, cannot start, or is not in a repository', async () => {
    const root = repo();
    expect(await hotPathGit(root, ['rev-parse', '--verify', '-q', 'no-such-ref'], 10_000)).toBeUndefined();
    const plain = tempDir();
    cleanup.push(plain);
    expect(await hotPathGit(plain, ['rev-parse', 'HEAD'], 10_000)).toBeUndefined();
    expect(await hotPathGit(path.join(plain, 'missing'), ['rev-parse', 'HEAD'], 10_000)).toBeUndefined();
  });

  // The alias's `sleep` keeps the pipe open after git is killed; the answer must not wait for it (30 s, past this
  // test's own deadline).
  it('gives up at its deadline even when a process git started holds the pipe', async () => {
    const root = repo();
    expect(await hotPathGit(root, ['-c', 'alias.stall=!sleep 30', 'stall'], 200)).toBeUndefined();
  }, 15_000);
});

describe('what session start loads from src/git', () => {
  const SRC = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../src');

  /** Every module `file` pulls in at run time, following relative imports (static and dynamic; `import type` is erased). */
  function closure(file: string, seen = new Set<string>(), packages = new Set<string>()): { modules: Set<string>; packages: Set<string> } {
    if (seen.has(file)) return { modules: seen, packages };
    seen.add(file);
    const source = fs.readFileSync(file, 'utf8');
    for (const match of source.matchAll(/^(import type\b)?.*?(?:from|import\()\s*'([^']+)'/gm)) {
      if (match[1]) continue;
      const spec = match[2]!;
      if (spec.startsWith('.')) closure(path.resolve(path.dirname(file), spec.replace(/\.js$/, '.ts')), seen, packages);
      else packages.add(spec);
    }
    return { modules: seen, packages };
  }

  it.each(['git/changed-files.ts', 'git/stale-cache.ts', 'git/root.ts'])('%s loads no simple-git', (entry) => {
    const { modules, packages } = closure(path.join(SRC, entry));
    expect([...packages].filter((name) => !name.startsWith('node:'))).toEqual([]);
    expect([...modules].map((file) => path.relative(SRC, file))).not.toContain('git/exec.ts');
  });
});
