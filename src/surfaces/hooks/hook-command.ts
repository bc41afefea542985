import { INSTALLED_CLI } from '../../bin/paths.js';
import { HOOK_EVENTS, type HookEvent } from './payload.js';

/**
 * The command Claude Code runs for each hook, and how to recognise our own among a user's hooks.
 *
 * Default (committed in `.claude/settings.json`, the same for every teammate): the project's own install under
 * `node_modules` is run with `node` directly, no npx or package-manager launcher on the hot path; when it is not
 * there, a global `claude-memory` on PATH; when neither is, nothing happens and Claude Code sees exit 0. The shell
 * test costs nothing measurable next to node's start-up. `$CLAUDE_PROJECT_DIR` is set by Claude Code for hooks; the
 * hook also runs with the project as working folder, hence the `.` fallback.
 *
 * With `CLAUDE_MEMORY_BIN` set to the absolute path of the built CLI (ENTRY_POINTS.cli) at `init` time the hooks run that file instead:
 * for a checkout of claude-memory itself, and for tests that have no package under node_modules.
 */

const LOCAL_CLI = `\${CLAUDE_PROJECT_DIR:-.}/${INSTALLED_CLI}`;

export function portableCommand(event: HookEvent, extra = ''): string {
  const args = `hook ${event}${extra}`;
  return `f="${LOCAL_CLI}"; if [ -f "$f" ]; then node "$f" ${args}; elif command -v claude-memory >/dev/null 2>&1; then claude-memory ${args}; fi`;
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
