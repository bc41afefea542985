import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isInside, isNotePath, isNotesDir, toRepoPath } from '../../src/core/paths.js';

describe('note paths read from cache files', () => {
  it.each([
    ['.claude-memory/notes/auth/jwt-rotation-k3f9x2qa.md', true],
    ['.claude-memory/notes/top-level.md', true],
    ['.claude-memory/notes/a/b/c/deep.md', true],
    ['.claude-memory/notes/odd name (1).md', true],
    ['.claude-memory/notes/../config.json', false],
    ['.claude-memory/notes/../../etc/passwd.md', false],
    ['.claude-memory/notes/.hidden.md', false],
    ['.claude-memory/notes/auth/.md', false],
    ['.claude-memory/notes/auth//x.md', false],
    ['.claude-memory/notes/note.txt', false],
    ['.claude-memory/README.md', false],
    ['/abs/.claude-memory/notes/x.md', false],
    ['.claude-memory/notes/nul\0.md', false],
  ])('isNotePath(%j) is %s', (rel, expected) => {
    expect(isNotePath(rel)).toBe(expected);
  });

  it.each([
    ['.claude-memory/notes', true],
    ['.claude-memory/notes/auth', true],
    ['.claude-memory/notes/auth/sub', true],
    ['.claude-memory/notes/..', false],
    ['.claude-memory/notes/', false],
    ['.claude-memory', false],
    ['.claude-memory/notes-old', false],
  ])('isNotesDir(%j) is %s', (rel, expected) => {
    expect(isNotesDir(rel)).toBe(expected);
  });
});

describe('paths inside the repository', () => {
  const root = path.resolve('/repo');
  it.each([
    [path.join(root, 'src', 'a.ts'), true],
    [root, true],
    [path.join(root, '..', 'other'), false],
    [path.resolve('/repo-sibling/x'), false],
  ])('isInside(/repo, %j) is %s', (candidate, expected) => {
    expect(isInside(root, candidate)).toBe(expected);
  });

  it('toRepoPath gives forward slashes relative to the root', () => {
    expect(toRepoPath(root, path.join(root, 'src', 'auth', 'jwt.ts'))).toBe('src/auth/jwt.ts');
    expect(toRepoPath(root, root)).toBe('');
  });
});
