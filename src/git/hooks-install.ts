import fs from 'node:fs';
import path from 'node:path';
import { INSTALLED_CLI } from '../bin/paths.js';
import { gitText, literal } from './exec.js';

/**
 * Git hooks that keep the derived files right after a pull, a checkout or a rebase, and the optional pre-commit
 * guard. An existing hook that is not ours is never replaced: it is renamed to `<name>.claude-memory-orig` and our
 * script runs it first, with the same arguments and stdin, and passes on its exit status. Uninstalling renames it
 * back, so the hooks folder ends exactly as it was.
 */

export const REFRESH_HOOKS = ['post-merge', 'post-checkout', 'post-rewrite'] as const;
export const GUARD_HOOK = 'pre-commit';
export const CHAINED_SUFFIX = '.claude-memory-orig';
/** The line that tells our scripts from anyone else's. */
export const HOOK_MARKER = '# claude-memory git hook';
/** How `claude-memory guard` says "refuse this commit": distinct from 1, which any crash of node would give. */
export const GUARD_REFUSED_EXIT = 3;

export interface GitHookOptions {
  /** Also install the pre-commit guard. */
  guard?: boolean;
  /** The node the scripts prefer (default: the one running now; they fall back to `node` on PATH when it goes). */
  node?: string;
  /**
   * An absolute path to a built CLI the scripts run instead of looking for one (default: CLAUDE_MEMORY_BIN), for a
   * checkout of claude-memory itself and for tests. Without it the scripts name no path into any install.
   */
  cli?: string;
}

const shellQuote = (value: string) => `'${value.replace(/'/g, `'\\''`)}'`;

/** The git hook scripts run the CLI with these arguments (bin/claude-memory.ts dispatches them before yargs). */
export const gitHookArgs = (name: string) => ['git-hook', name];

/**
 * Pure: the lines that set `cli` to the CLI the hook runs. Portable (the default): the copy in this work tree's
 * node_modules (git runs hooks from the work tree's top), else the one in the main work tree's (a linked worktree
 * has none of its own unless installed there), else nothing, and the script then asks PATH. A copy git tracks is
 * skipped: a hook runs on every pull, and a pull must not bring the code it runs.
 */
function findCli(explicit: string | undefined): string[] {
  if (explicit) return [`cli=${shellQuote(explicit)}`];
  return [
    `cli=${INSTALLED_CLI}`,
    `[ -f "$cli" ] || cli="$(git rev-parse --git-common-dir 2>/dev/null)/../${INSTALLED_CLI}"`,
    '# A copy that git tracks arrived with a pull, not from npm: a hook never runs it.',
    'if [ -f "$cli" ] && git ls-files --error-unmatch -- "$cli" >/dev/null 2>&1; then cli=; fi',
  ];
}

/**
 * Pure: the script installed as hook `name`. It runs `claude-memory git-hook <name>` through the launcher above, else
 * the `claude-memory` on PATH; when neither is there it does nothing and git carries on (`claude-memory doctor`
 * reports it). `node` is the one that ran init, else the one on PATH; its folder goes last on PATH, for git clients
 * started without the user's shell setup (version managers, desktop apps), where a global install also lives.
 */
export function hookScript(name: string, node: string, cli?: string): string {
  const run = `${gitHookArgs(name).join(' ')} </dev/null`;
  const launch = (redirect: string) => [
    ...findCli(cli),
    'if [ -f "$cli" ]; then',
    `  "$NODE" "$cli" ${run}${redirect}`,
    ...(cli ? [] : ['elif command -v claude-memory >/dev/null 2>&1; then', `  claude-memory ${run}${redirect}`]),
    'else',
    '  exit $status',
    'fi',
  ];
  const head = [
    '#!/bin/sh',
    `${HOOK_MARKER} (${name}); installed by "claude-memory init", removed by "claude-memory uninstall".`,
    `# A hook that was here before is kept as ${name}${CHAINED_SUFFIX} and runs first. See docs/git-workflows.md.`,
    `# It runs claude-memory from this work tree's node_modules, else the main work tree's, else PATH; with none, nothing.`,
    'hook_dir=$(dirname "$0")',
    'status=0',
    `if [ -x "$hook_dir/${name}${CHAINED_SUFFIX}" ]; then`,
    `  "$hook_dir/${name}${CHAINED_SUFFIX}" "$@" || status=$?`,
    'fi',
  ];
  const nodeLines = [`NODE=${shellQuote(node)}`, '[ -x "$NODE" ] || NODE=node', 'case $NODE in /*) PATH="$PATH:${NODE%/*}"; export PATH ;; esac'];
  if (name === GUARD_HOOK) {
    return [
      ...head,
      '[ $status -eq 0 ] || exit $status',
      '[ "$CLAUDE_MEMORY_SKIP_GUARD" = 1 ] && exit 0',
      ...nodeLines,
      ...launch(''),
      `# Exit ${GUARD_REFUSED_EXIT} is a refusal; anything else (node missing, a crash, an older claude-memory) lets the commit through.`,
      `[ $? -eq ${GUARD_REFUSED_EXIT} ] && exit 1`,
      'exit 0',
      '',
    ].join('\n');
  }
  return [
    ...head,
    '[ -n "$CLAUDE_MEMORY_SKIP_GIT_HOOKS" ] && exit $status',
    ...nodeLines,
    '# Never fails the git operation: output is dropped and errors land in .claude-memory/.cache/log.jsonl.',
    ...launch(' >/dev/null 2>&1'),
    'exit $status',
    '',
  ].join('\n');
}

/**
 * Where git looks for hooks: honours core.hooksPath (relative to the work tree root when relative) and worktrees
 * (their hooks live in the common git folder).
 */
export async function hooksDir(root: string): Promise<string> {
  const out = (await gitText(root, ['rev-parse', '--git-path', 'hooks']))?.trim();
  if (!out) throw new Error(`${root}: not a git repository (git rev-parse failed)`);
  return path.resolve(root, out);
}

function isOurs(file: string): boolean {
  try {
    return fs.readFileSync(file, 'utf8').includes(HOOK_MARKER);
  } catch {
    return false;
  }
}

/** lstat, so a dangling symlink left by a hook manager counts as a hook that is there. */
function present(file: string): boolean {
  try {
    fs.lstatSync(file);
    return true;
  } catch {
    return false;
  }
}

function writeScript(file: string, content: string): boolean {
  try {
    if (fs.readFileSync(file, 'utf8') === content && (fs.statSync(file).mode & 0o111) !== 0) return false;
  } catch {
    // not there yet
  }
  fs.writeFileSync(file, content, { mode: 0o755 });
  fs.chmodSync(file, 0o755);
  return true;
}

/** True when the hooks folder is inside the work tree and git tracks files in it. */
async function isCommittedFolder(root: string, dir: string): Promise<boolean> {
  const rel = path.relative(root, dir);
  if (!rel || rel.startsWith('..') || path.isAbsolute(rel)) return false;
  const listed = await gitText(root, ['ls-files', '--', literal(rel.split(path.sep).join('/'))]);
  return !!listed && listed.trim() !== '';
}

/** Install (or update) our hooks; idempotent, and prints nothing when nothing changed. */
export async function installGitHooks(root: string, options: GitHookOptions = {}): Promise<{ messages: string[] }> {
  const dir = await hooksDir(root);
  fs.mkdirSync(dir, { recursive: true });
  const node = options.node ?? process.execPath;
  const cli = options.cli ?? (process.env.CLAUDE_MEMORY_BIN || undefined);
  if (cli !== undefined && (!path.isAbsolute(cli) || /[\n\r]/.test(cli))) throw new Error(`CLAUDE_MEMORY_BIN: "${cli}" is not an absolute path`);
  const names: string[] = [...REFRESH_HOOKS, ...(options.guard ? [GUARD_HOOK] : [])];
  const shown = path.relative(root, dir) || '.';
  const installed: string[] = [];
  const messages: string[] = [];
  const committedFolder = await isCommittedFolder(root, dir);
  for (const name of names) {
    const file = path.join(dir, name);
    const chained = file + CHAINED_SUFFIX;
    const line = `claude-memory ${gitHookArgs(name).join(' ')}`;
    if (committedFolder && !isOurs(file)) {
      // A hooks folder committed with the project (core.hooksPath, e.g. .husky/): renaming or adding files there
      // would change it for the whole team and write this machine's paths into the repository.
      messages.push(
        `${path.join(shown, name)}: not changed (${shown} is committed with the project); add "${line}" to ${present(file) ? 'it' : 'a hook of that name there'}`,
      );
      continue;
    }
    if (present(file) && !isOurs(file)) {
      if (present(chained)) {
        messages.push(`${path.join(shown, name)}: left alone (it is not ours and ${name}${CHAINED_SUFFIX} already exists); add "${line}" to it by hand`);
        continue;
      }
      fs.renameSync(file, chained);
      messages.push(`${path.join(shown, name)}: existing hook kept as ${name}${CHAINED_SUFFIX} and run first`);
    }
    if (writeScript(file, hookScript(name, node, cli))) installed.push(name);
  }
  if (installed.length) messages.unshift(`installed git hooks ${installed.join(', ')} in ${shown}`);
  return { messages };
}

/** Remove our hooks and put back the ones they chained, exactly as they were. Others' hooks are left alone. */
export async function uninstallGitHooks(root: string): Promise<{ messages: string[] }> {
  const dir = await hooksDir(root);
  const shown = path.relative(root, dir) || '.';
  const messages: string[] = [];
  for (const name of [...REFRESH_HOOKS, GUARD_HOOK]) {
    const file = path.join(dir, name);
    const chained = file + CHAINED_SUFFIX;
    if (!isOurs(file)) continue;
    fs.rmSync(file, { force: true });
    if (present(chained)) {
      fs.renameSync(chained, file);
      messages.push(`${path.join(shown, name)}: removed ours, restored the hook that was there before`);
    } else messages.push(`${path.join(shown, name)}: removed`);
  }
  return { messages };
}

/** How one of our scripts finds the CLI: the launcher, a fixed CLI (CLAUDE_MEMORY_BIN), or an older script's fixed path. */
export type HookLauncher = { kind: 'launcher'; node?: string } | { kind: 'fixed'; cli: string; node?: string } | { kind: 'legacy'; entry: string };

export interface GitHookState {
  name: string;
  /** Absolute path of the hook file. */
  file: string;
  state: 'missing' | 'ours' | 'foreign';
  /** Ours: how it finds the CLI, and whether it is exactly what `init` writes now. */
  launcher?: HookLauncher;
  current?: boolean;
  /** Foreign: whether it calls claude-memory anyway (a hook manager's script the user edited). */
  callsUs?: boolean;
}

const quoted = (script: string, variable: string): string | undefined => {
  const match = new RegExp(`^${variable}='((?:[^']|'\\\\'')*)'$`, 'm').exec(script);
  return match ? match[1]!.replace(/'\\''/g, "'") : undefined;
};

/** Pure: how a script of ours finds the CLI, and whether it is byte for byte what hookScript writes today. */
export function readHookScript(name: string, script: string): { launcher: HookLauncher; current: boolean } {
  const node = quoted(script, 'NODE');
  const legacy = quoted(script, name === GUARD_HOOK ? 'GUARD' : 'REFRESH');
  if (legacy !== undefined) return { launcher: { kind: 'legacy', entry: legacy }, current: false };
  const cli = quoted(script, 'cli');
  const launcher: HookLauncher = cli !== undefined ? { kind: 'fixed', cli, node } : { kind: 'launcher', node };
  return { launcher, current: node !== undefined && script === hookScript(name, node, cli) };
}

/** What is installed in the hooks folder git uses for `root`: each of our hook names, ours or not. */
export async function inspectGitHooks(root: string): Promise<{ dir: string; committed: boolean; hooks: GitHookState[] }> {
  const dir = await hooksDir(root);
  const hooks: GitHookState[] = [];
  for (const name of [...REFRESH_HOOKS, GUARD_HOOK]) {
    const file = path.join(dir, name);
    let script: string | undefined;
    try {
      script = fs.readFileSync(file, 'utf8');
    } catch {
      script = undefined;
    }
    if (script === undefined) hooks.push({ name, file, state: present(file) ? 'foreign' : 'missing' });
    else if (script.includes(HOOK_MARKER)) hooks.push({ name, file, state: 'ours', ...readHookScript(name, script) });
    else hooks.push({ name, file, state: 'foreign', callsUs: /\bclaude-memory\b/.test(script) });
  }
  return { dir, committed: await isCommittedFolder(root, dir), hooks };
}
