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
