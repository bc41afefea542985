import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Every process this package runs as, by its file inside the package. This is the one place that names built files:
 * whatever starts one of them (the Claude Code hook commands, the git hook scripts, the background compression)
 * takes the path from here. package.json "bin", the plugin's hooks/hooks.json and .mcp.json name the same files,
 * and a test checks that they do.
 */
export const ENTRY_POINTS = {
  /**
   * The CLI (package.json "bin"); Claude Code's hooks, its MCP server and git's hooks run it too. A CommonJS launcher
   * (bin/launch.ts) in front of the ES module CLI, LEGACY_CLI, which hooks written by earlier versions name.
   */
  cli: 'dist/bin/claude-memory.cjs',
  /** The git hooks' work without the CLI around it: the detached half of a refresh (`--stale-only`) starts it. */
  gitHook: 'dist/bin/git-hook.js',
  /** The detached compression that the Stop, PreCompact and SessionEnd hooks and session start leave running. */
  compressWorker: 'dist/bin/compress-worker.js',
  /** The detached run that gives notes their vectors for search by meaning (index/embeddings/background.ts starts it). */
  embedWorker: 'dist/bin/embed-worker.js',
} as const;

export type EntryPoint = keyof typeof ENTRY_POINTS;

/** The ES module CLI, which hook commands and scripts of earlier versions run: it still works, a little slower. */
export const LEGACY_CLI = 'dist/bin/claude-memory.js';

/** The package's name: the folder it is installed as under node_modules, and the command npm puts on PATH. */
export const PACKAGE_NAME = 'claude-memory';

/**
 * The CLI of the copy installed in a project, relative to the project's folder (forward slashes, for shell scripts
 * and settings files). Registered hooks run this copy first and the `claude-memory` on PATH second: neither names a
 * path of the machine that ran `init`, so moving or deleting a checkout never leaves a hook pointing at nothing.
 */
export const INSTALLED_CLI = `node_modules/${PACKAGE_NAME}/${ENTRY_POINTS.cli}`;

/** The package's folder: two levels above this file, in dist/bin/ as in src/bin/ (where the tests import it). */
const PACKAGE_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Absolute path of a built entry point of this very install: a process starts exactly the code it belongs to. */
export function entryPoint(name: EntryPoint): string {
  return path.join(PACKAGE_ROOT, ENTRY_POINTS[name]);
}

/** Absolute path of the CLI installed in a project's node_modules (which may not exist). */
export function installedCli(projectDir: string): string {
  return path.join(projectDir, ...INSTALLED_CLI.split('/'));
}

/** This install's version, from its own package.json (never the package.json of the project it runs in). */
export function packageVersion(): string {
  try {
    const { version } = JSON.parse(fs.readFileSync(path.join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version?: unknown };
    return typeof version === 'string' ? version : '0.0.0';
  } catch {
    return '0.0.0';
  }
}
