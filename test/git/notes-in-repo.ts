import fs from 'node:fs';
import path from 'node:path';
import { git, runCliSync } from '../helpers/temp-repo.js';

/** The ids in the search cache as the last refresh left it: read straight from disk, no command run. */
export function cachedIds(root: string): string[] {
  try {
    const catalog = JSON.parse(fs.readFileSync(path.join(root, '.claude-memory', '.cache', 'catalog.json'), 'utf8')) as Record<string, { id: string }>;
    return Object.values(catalog)
      .map((entry) => entry.id)
      .sort();
  } catch {
    return [];
  }
}

/** Add a note through the real CLI and return its id and path. */
export function addNoteCli(root: string, title: string, extra: string[] = []): { id: string; path: string } {
  const result = runCliSync(root, ['add', '--title', title, '--type', 'fact', '--body', `About ${title}.`, '--json', ...extra]);
  if (result.code !== 0) throw new Error(`add failed: ${result.stderr}`);
  return JSON.parse(result.stdout) as { id: string; path: string };
}

/** Commit everything in the work tree (test repositories only). */
export function commitAll(root: string, message: string): string {
  git(root, 'add', '-A');
  git(root, 'commit', '-q', '-m', message);
  return git(root, 'rev-parse', 'HEAD');
}

export function listIds(root: string, extra: string[] = []): string[] {
  const result = runCliSync(root, ['list', '--json', ...extra]);
  if (result.code !== 0) throw new Error(`list failed: ${result.stderr}`);
  return (JSON.parse(result.stdout) as Array<{ id: string }>).map((entry) => entry.id).sort();
}
