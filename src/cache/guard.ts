import fs from 'node:fs';
import path from 'node:path';
import { checkEntry, forgetCheckedDirs } from '../core/confine.js';
import { memoryPaths } from '../core/paths.js';
import { cacheLayout } from './layout.js';

/**
 * The check every surface makes before it touches a repository's memory (hooks, CLI, MCP tools, the library API,
 * the git hooks and the compression worker): no folder of the memory tree, and neither INDEX.md nor config.json, is a
 * symbolic link or of the wrong kind. A pulled commit can plant any of these; a refused tree is an error that names
 * the path, and nothing is read or written. About a dozen lstat calls; folders that do not exist yet are fine.
 */
export function checkMemoryTree(root: string): void {
  forgetCheckedDirs();
  const p = memoryPaths(root);
  const c = cacheLayout(root);
  const shown = (file: string) => path.relative(root, file);
  if (!checkEntry(p.memoryDir, 'folder', shown(p.memoryDir))) return;
  checkEntry(p.notesDir, 'folder', shown(p.notesDir));
  checkEntry(p.topicIndexDir, 'folder', shown(p.topicIndexDir));
  checkEntry(p.indexFile, 'file', shown(p.indexFile));
  checkEntry(p.configFile, 'file', shown(p.configFile));
  if (!checkEntry(c.dir, 'folder', shown(c.dir))) return;
  for (const dir of [c.search, c.fileNotes, c.sessions, c.cursors, c.pending, c.done, c.locks]) checkEntry(dir, 'folder', shown(dir));
}

/**
 * The cache folder, created if missing, with `.cache/.gitignore` ignoring everything: git applies the deepest
 * .gitignore last, so the cache stays ignored even when a pulled `.claude-memory/.gitignore` stops listing `.cache/`,
 * and a `git add -A` cannot commit this clone's sessions, log and queue. The file is written once (O_EXCL: a link
 * planted at the name is not followed). Call after checkMemoryTree. The hooks pass `onlyNew`: one lstat, and the
 * file is written only with a new cache folder; the CLI, the worker and the git hooks also add it to an older one.
 */
export function ensureCacheIgnored(root: string, options: { onlyNew?: boolean } = {}): void {
  const dir = cacheLayout(root).dir;
  try {
    const stat = fs.lstatSync(dir, { throwIfNoEntry: false });
    if (stat && (!stat.isDirectory() || options.onlyNew)) return;
    if (!stat) fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, '.gitignore'), '# Local to this clone: never committed (written by claude-memory).\n*\n', { flag: 'wx' });
  } catch {
    // no cache yet, or the file is there
  }
}
