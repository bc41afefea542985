import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { refresh } from '../../src/index/refresh.js';
import { notesAboutFiles, shardOf } from '../../src/index/file-notes.js';
import { tempRepo, writeFile } from '../helpers/temp-repo.js';

const cleanup: string[] = [];
afterAll(() => {
  for (const dir of cleanup) fs.rmSync(dir, { recursive: true, force: true });
});

const note = (title: string, files: string[], extra = '') =>
  `---\ntitle: ${title}\ntype: decision\nfiles: [${files.join(', ')}]\nupdated: 2026-11-2${files.length}\n${extra}---\nAbout ${title}.\n`;

describe('notesAboutFiles', () => {
  it('finds the active notes that name a file, most matches first, and follows the catalog as it changes', () => {
    const root = tempRepo({ initMemory: true });
    cleanup.push(root);
    writeFile(root, '.claude-memory/notes/http/retry.md', note('Retry policy', ['src/retry.ts']));
    writeFile(root, '.claude-memory/notes/http/client.md', note('Client shape', ['src/retry.ts', 'src/client.ts']));
    writeFile(root, '.claude-memory/notes/http/old.md', note('Old retry policy', ['src/retry.ts'], 'status: superseded\n'));
    writeFile(root, '.claude-memory/notes/auth/jwt.md', note('JWT signing', ['src/jwt.ts']));
    refresh(root);
    const found = notesAboutFiles(root, ['src/retry.ts', 'src/client.ts', 'src/unrelated.ts']);
    expect(found.map((n) => n.title)).toEqual(['Client shape', 'Retry policy']);
    expect(found[0]).toMatchObject({
      id: 'client',
      path: '.claude-memory/notes/http/client.md',
      files: ['src/retry.ts', 'src/client.ts'],
      summary: 'About Client shape.',
    });
    expect(notesAboutFiles(root, [])).toEqual([]);

    writeFile(root, '.claude-memory/notes/http/jitter.md', note('Jitter', ['src/client.ts']));
    refresh(root);
    expect(
      notesAboutFiles(root, ['src/client.ts'])
        .map((n) => n.title)
        .sort(),
    ).toEqual(['Client shape', 'Jitter']);
  });

  it('rebuilds its lookup when a shard is garbage', () => {
    const root = tempRepo({ initMemory: true });
    cleanup.push(root);
    writeFile(root, '.claude-memory/notes/http/retry.md', note('Retry policy', ['src/retry.ts']));
    refresh(root);
    expect(notesAboutFiles(root, ['src/retry.ts'])).toHaveLength(1);
    fs.writeFileSync(path.join(root, '.claude-memory', '.cache', 'file-notes', `${shardOf('src/retry.ts')}.json`), '\u0000garbage');
    expect(notesAboutFiles(root, ['src/retry.ts'])).toHaveLength(1);
  });

  it('is empty, not an error, without a catalog or with a garbage one', () => {
    const root = tempRepo({ initMemory: true });
    cleanup.push(root);
    expect(notesAboutFiles(root, ['src/retry.ts'])).toEqual([]);
    fs.mkdirSync(path.join(root, '.claude-memory', '.cache'), { recursive: true });
    fs.writeFileSync(path.join(root, '.claude-memory', '.cache', 'catalog.json'), 'not json');
    expect(notesAboutFiles(root, ['src/retry.ts'])).toEqual([]);
  });

  it('reads the catalog refresh writes (the file name is shared)', () => {
    const root = tempRepo({ initMemory: true });
    cleanup.push(root);
    writeFile(root, '.claude-memory/notes/http/retry.md', note('Retry policy', ['src/retry.ts']));
    refresh(root);
    expect(fs.existsSync(path.join(root, '.claude-memory', '.cache', 'catalog.json'))).toBe(true);
  });
});
