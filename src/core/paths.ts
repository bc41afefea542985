import path from 'node:path';

/** Every path the tool uses inside a repository, derived from its root in one place. */
export interface MemoryPaths {
  root: string;
  memoryDir: string;
  notesDir: string;
  configFile: string;
  indexFile: string;
  topicIndexDir: string;
  cacheDir: string;
  searchDir: string;
  cursorsDir: string;
  pendingDir: string;
  logFile: string;
}

export const MEMORY_DIR = '.claude-memory';

export function memoryPaths(root: string): MemoryPaths {
  const memoryDir = path.join(root, MEMORY_DIR);
  const cacheDir = path.join(memoryDir, '.cache');
  return {
    root,
    memoryDir,
    notesDir: path.join(memoryDir, 'notes'),
    configFile: path.join(memoryDir, 'config.json'),
    indexFile: path.join(memoryDir, 'INDEX.md'),
    topicIndexDir: path.join(memoryDir, 'index'),
    cacheDir,
    searchDir: path.join(cacheDir, 'search'),
    cursorsDir: path.join(cacheDir, 'cursors'),
    pendingDir: path.join(cacheDir, 'pending'),
    logFile: path.join(cacheDir, 'log.jsonl'),
  };
}

/** Repository-relative path with forward slashes, as stored in notes and indexes. */
export function toRepoPath(root: string, absolute: string): string {
  return path.relative(root, absolute).split(path.sep).join('/');
}

/** True when `candidate` (absolute, resolved) lies inside `dir` (absolute, resolved). */
export function isInside(dir: string, candidate: string): boolean {
  const rel = path.relative(dir, candidate);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}
