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

/** Kept per root, like cache/layout.ts: the hot path asks for it many times. */
const known = new Map<string, Readonly<MemoryPaths>>();

export function memoryPaths(root: string): Readonly<MemoryPaths> {
  let paths = known.get(root);
  if (!paths) {
    const memoryDir = path.join(root, MEMORY_DIR);
    paths = Object.freeze({
      root,
      memoryDir,
      notesDir: path.join(memoryDir, 'notes'),
      configFile: path.join(memoryDir, 'config.json'),
      indexFile: path.join(memoryDir, 'INDEX.md'),
      topicIndexDir: path.join(memoryDir, 'index'),
    });
    known.set(root, paths);
  }
  return paths;
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

/**
 * One path segment a note path may have: not empty, no dot first (so never `.` or `..`, and never listed), no
 * separator, no NUL. Other odd characters are allowed: a file named with them is still a note (its name is escaped
 * wherever it is shown), and refusing them here would void the index on every read.
 */
const SEGMENT = String.raw`[^./\x00][^/\x00]*`;
const NOTE_PATH = new RegExp(String.raw`^\.claude-memory/notes/(?:${SEGMENT}/)*${SEGMENT}\.md$`);
const NOTES_DIR = new RegExp(String.raw`^\.claude-memory/notes(?:/${SEGMENT})*$`);

/** Pure: whether a repository-relative path (from a cache file) can name a note: under the notes folder, no `..`. */
export function isNotePath(rel: string): boolean {
  return NOTE_PATH.test(rel);
}

/** Pure: whether a repository-relative path can name the notes folder or a folder in it. */
export function isNotesDir(rel: string): boolean {
  return NOTES_DIR.test(rel);
}

/** Pure: a link target percent-decoded, or as written when it is not valid percent-encoding. */
export function decodeLinkTarget(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
