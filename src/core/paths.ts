import path from 'node:path';

/**
 * The committed and generated paths of the memory inside a repository, derived from its root in one place. What is
 * under `.claude-memory/.cache/` is named in cache/layout.ts.
 */
export interface MemoryPaths {
  root: string;
  memoryDir: string;
  notesDir: string;
  configFile: string;
  indexFile: string;
  topicIndexDir: string;
}

export const MEMORY_DIR = '.claude-memory';

export function memoryPaths(root: string): MemoryPaths {
  const memoryDir = path.join(root, MEMORY_DIR);
  return {
    root,
    memoryDir,
    notesDir: path.join(memoryDir, 'notes'),
    configFile: path.join(memoryDir, 'config.json'),
    indexFile: path.join(memoryDir, 'INDEX.md'),
    topicIndexDir: path.join(memoryDir, 'index'),
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
