import fs from 'node:fs';
import path from 'node:path';
import { addNote } from '../../src/store/notes.js';
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

/**
 * Add a note as `claude-memory add --title … --type fact --body "About ….” [extra]` would, in-process (the function
 * the command calls), and return its id and path. `extra` takes the command's --type, --topic, --tag and --file.
 */
export function addTestNote(root: string, title: string, extra: string[] = []): { id: string; path: string } {
  const input = { title, type: 'fact', topic: undefined as string | undefined, tags: [] as string[], files: [] as string[], body: `About ${title}.` };
  for (let i = 0; i < extra.length; i += 2) {
    const [flag, value] = [extra[i], extra[i + 1]];
    if (value === undefined) throw new Error(`addTestNote: ${flag} needs a value`);
    if (flag === '--type') input.type = value;
    else if (flag === '--topic') input.topic = value;
    else if (flag === '--tag') input.tags.push(value);
    else if (flag === '--file') input.files.push(value);
    else throw new Error(`addTestNote: ${flag} is not supported`);
  }
  const note = addNote(root, input);
  return { id: note.id, path: note.path };
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
