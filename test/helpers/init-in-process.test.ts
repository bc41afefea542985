import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { initRepo, runCliSync, tempRepo } from './temp-repo.js';

/** Every file init may write, relative path → content: the work tree without .git, plus the installed git hooks. */
function snapshot(root: string): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (dir: string): void => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      const rel = path.relative(root, full).split(path.sep).join('/');
      if (rel === '.git') continue;
      if (entry.isDirectory()) walk(full);
      else files[rel] = fs.readFileSync(full, 'utf8');
    }
  };
  walk(root);
  const hooks = path.join(root, '.git', 'hooks');
  for (const name of fs.readdirSync(hooks)) {
    if (!name.endsWith('.sample')) files[`.git/hooks/${name}`] = fs.readFileSync(path.join(hooks, name), 'utf8');
  }
  return files;
}

// The in-process setup replaces `claude-memory init` in most tests' setup; these keep it honest against the CLI.
describe('in-process init (test setup) matches the CLI', () => {
  it('tempRepo({ initMemory: true }) writes what init --no-hooks --no-git-hooks --no-mcp writes', () => {
    const viaCli = tempRepo();
    expect(runCliSync(viaCli, ['init', '--no-hooks', '--no-git-hooks', '--no-mcp']).code).toBe(0);
    const inProcess = snapshot(tempRepo({ initMemory: true }));
    expect(Object.keys(inProcess)).toContain('.claude-memory/.gitignore');
    expect(inProcess).toEqual(snapshot(viaCli));
  });

  it.each([
    [{ hooks: true }, ['--no-git-hooks', '--no-mcp']],
    [{ gitHooks: true, guard: true }, ['--no-hooks', '--no-mcp', '--guard']],
    [{ mcp: true }, ['--no-hooks', '--no-git-hooks']],
  ])('initRepo(%o) writes what init %o writes', async (options, flags) => {
    const viaCli = tempRepo();
    expect(runCliSync(viaCli, ['init', ...flags]).code).toBe(0);
    const inProcess = tempRepo();
    await initRepo(inProcess, options);
    const files = snapshot(inProcess);
    expect(Object.keys(files).length).toBeGreaterThan(Object.keys(snapshot(tempRepo({ initMemory: true }))).length);
    expect(files).toEqual(snapshot(viaCli));
  });
});
