import { INSTALLED_CLI } from '../../bin/paths.js';
import { HOOK_EVENTS, type HookEvent } from './payload.js';

/**
 * The command Claude Code runs for each hook, and how to recognise our own among a user's hooks.
 *
 * Default (committed in `.claude/settings.json`, the same for every teammate): the project's own install under
 * `node_modules` is run with `node` directly, no npx or package-manager launcher on the hot path; in a linked git
 * worktree without one of its own (Claude Code sessions often run in one), the main work tree's, found from the
 * `gitdir:` line of the worktree's `.git` file with shell builtins only; else a global `claude-memory` on PATH; when
 * none is there, nothing happens and Claude Code sees exit 0. The shell tests cost nothing measurable next to node's
 * start-up. `$CLAUDE_PROJECT_DIR` is set by Claude Code for hooks; the hook also runs with the project as working
 * folder, hence the `.` fallback.
 *
 * With `CLAUDE_MEMORY_BIN` set to the absolute path of the built CLI (ENTRY_POINTS.cli) at `init` time the hooks run that file instead:
 * for a checkout of claude-memory itself, and for tests that have no package under node_modules.
 */

const PROJECT = '${CLAUDE_PROJECT_DIR:-.}';

export function portableCommand(event: HookEvent, extra = ''): string {
  const args = `hook ${event}${extra}`;
  const mainWorktree = `if [ ! -f "$f" ] && [ -f "${PROJECT}/.git" ]; then read -r _ g < "${PROJECT}/.git"; case $g in */.git/worktrees/*) f="\${g%/.git/worktrees/*}/${INSTALLED_CLI}" ;; esac; fi`;
  return `f="${PROJECT}/${INSTALLED_CLI}"; ${mainWorktree}; if [ -f "$f" ]; then node "$f" ${args}; elif command -v claude-memory >/dev/null 2>&1; then claude-memory ${args}; fi`;
}

/** Characters that would need shell quoting beyond double quotes: refuse them rather than quote them wrongly. */
const UNSAFE = /["$`\\\n]/;

export function explicitCommand(event: HookEvent, cliPath: string): string {
  if (UNSAFE.test(cliPath)) throw new Error(`CLAUDE_MEMORY_BIN: "${cliPath}" has characters that cannot go into a hook command`);
  return `node "${cliPath}" hook ${event}`;
}

const OURS = new RegExp(`claude-memory\\S*"?;? .*\\bhook (${HOOK_EVENTS.join('|')})\\b|claude-memory hook (${HOOK_EVENTS.join('|')})\\b`);

/** Pure: the event one of our hook commands runs, or undefined when the command is not ours. */
export function ourHookEvent(command: unknown): HookEvent | undefined {
  if (typeof command !== 'string') return undefined;
  const match = OURS.exec(command);
  return (match?.[1] ?? match?.[2]) as HookEvent | undefined;
}
