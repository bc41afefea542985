import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Every process this package runs as, by its file inside the package. This is the one place that names built files:
 * whatever starts one of them (the Claude Code hook commands, the git hook scripts, the background compression)
 * takes the path from here. package.json "bin", the plugin's hooks/hooks.json and .mcp.json name the same files,
 * and a test checks that they do.
 */
export const ENTRY_POINTS = {
  /** The CLI (package.json "bin"); Claude Code's hooks and its MCP server run it too. */
  cli: 'dist/bin/claude-memory.js',
  /** What git's post-merge, post-checkout, post-rewrite and pre-commit hooks run, without loading the CLI. */
  gitHook: 'dist/bin/git-hook.js',
  /** The detached compression that the Stop, PreCompact and SessionEnd hooks and session start leave running. */
  compressWorker: 'dist/bin/compress-worker.js',
  /** The detached run that gives notes their vectors for search by meaning (index/embeddings/background.ts starts it). */
  embedWorker: 'dist/bin/embed-worker.js',
} as const;

export type EntryPoint = keyof typeof ENTRY_POINTS;

/** The package's folder: two levels above this file, in dist/bin/ as in src/bin/ (where the tests import it). */
const PACKAGE_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Absolute path of a built entry point of this very install: a process starts exactly the code it belongs to. */
export function entryPoint(name: EntryPoint): string {
  return path.join(PACKAGE_ROOT, ENTRY_POINTS[name]);
}
