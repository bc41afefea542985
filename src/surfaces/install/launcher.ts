import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { PACKAGE_NAME, installedCli } from '../../bin/paths.js';

/**
 * Which claude-memory a registered hook would run, found the way its shell command finds it (hooks/hook-command.ts,
 * install/mcp-config.ts, git/hooks-install.ts): the copy installed in the project, else `claude-memory` on PATH.
 * `doctor` asks this for every registration; nothing on a hook's own path uses it.
 */

export interface Launcher {
  /** project: node_modules of the work tree; main-worktree: of the main work tree; path: PATH; fixed: a path set at init. */
  kind: 'project' | 'main-worktree' | 'path' | 'fixed' | 'none';
  /** The file that runs: the CLI for a copy, the command on PATH for `path`. */
  file?: string;
}

/**
 * An executable regular file (or a link to one) named `name` in a folder of `pathValue`: the one a shell's
 * `command -v` takes. An empty or relative entry counts from `base`, the folder the hook runs in, as it does for sh.
 */
export function findOnPath(name: string, pathValue: string | undefined, base: string): string | undefined {
  for (const dir of (pathValue ?? '').split(path.delimiter)) {
    const file = path.resolve(base, dir, name);
    try {
      if (!fs.statSync(file).isFile()) continue;
      fs.accessSync(file, fs.constants.X_OK);
      return file;
    } catch {
      // not here
    }
  }
  return undefined;
}

/** Pure: the main work tree named by a linked worktree's `.git` file (`gitdir: <main>/.git/worktrees/<name>`), if it is one. */
export function mainWorktreeOf(gitFile: string, worktree: string): string | undefined {
  const gitdir = /^gitdir: (.*)$/m.exec(gitFile)?.[1]?.trim();
  const cut = gitdir?.lastIndexOf('/.git/worktrees/') ?? -1;
  return gitdir && cut >= 0 ? path.resolve(worktree, gitdir.slice(0, cut)) : undefined;
}

/**
 * What the Claude Code hooks and the MCP server of `root` run: its node_modules copy, else (in a linked worktree)
 * the main work tree's, else the command on PATH.
 */
export function claudeCodeLauncher(root: string, pathValue = process.env.PATH): Launcher {
  const local = installedCli(root);
  if (fs.existsSync(local)) return { kind: 'project', file: local };
  let main: string | undefined;
  try {
    main = mainWorktreeOf(fs.readFileSync(path.join(root, '.git'), 'utf8'), root);
  } catch {
    main = undefined; // .git is a folder (the main work tree itself) or missing
  }
  if (main && fs.existsSync(installedCli(main))) return { kind: 'main-worktree', file: installedCli(main) };
  const onPath = findOnPath(PACKAGE_NAME, pathValue, root);
  return onPath ? { kind: 'path', file: onPath } : { kind: 'none' };
}

export interface GitLauncherInput {
  /** The work tree git runs the hook in. */
  worktree: string;
  /** The parent of the common git folder: the main work tree. */
  mainWorktree: string;
  /** Whether git tracks a path of the work tree (such a copy arrived with a pull and is never run). */
  tracked: (file: string) => boolean;
  /** The folder of the node the script prefers; the script puts it last on PATH. */
  nodeDir?: string;
  pathValue?: string;
}

/** What a portable git hook script runs in a work tree, by the same steps as the script. */
export function gitHookLauncher(input: GitLauncherInput): Launcher {
  const own = installedCli(input.worktree);
  const candidate = fs.existsSync(own) ? own : installedCli(input.mainWorktree);
  if (fs.existsSync(candidate) && !input.tracked(candidate)) return { kind: candidate === own ? 'project' : 'main-worktree', file: candidate };
  const pathValue = [input.pathValue ?? process.env.PATH ?? '', ...(input.nodeDir ? [input.nodeDir] : [])].join(path.delimiter);
  const onPath = findOnPath(PACKAGE_NAME, pathValue, input.worktree);
  return onPath ? { kind: 'path', file: onPath } : { kind: 'none' };
}

export interface LauncherRun {
  version?: string;
  /** Why it did not answer `--version`: it is there but would fail every hook. */
  error?: string;
}

/** Run the launcher's claude-memory with `--version`: proves it starts, and says which version the hooks get. */
export function probeLauncher(launcher: Launcher, timeoutMs = 30_000): LauncherRun {
  if (!launcher.file) return {};
  const [command, args] = launcher.kind === 'path' ? [launcher.file, ['--version']] : [process.execPath, [launcher.file, '--version']];
  const result = spawnSync(command, args, { encoding: 'utf8', timeout: timeoutMs, stdio: ['ignore', 'pipe', 'pipe'] });
  if (result.error) return { error: result.error.message };
  const version = result.stdout.trim();
  if (result.status !== 0 || !/^\d+\.\d+\.\d+/.test(version)) {
    const reason = (result.stderr || result.stdout).trim().split('\n')[0] || `exit ${result.status ?? result.signal}`;
    return { error: reason.slice(0, 300) };
  }
  return { version };
}
