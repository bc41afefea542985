/**
 * `node git-hook.js <hook>`: the git hooks' work without the CLI around it (see surfaces/hooks/git-hook.ts). The
 * scripts in .git/hooks reach the same code through `claude-memory git-hook <hook>`, so they name no path of the
 * machine that installed them; the detached half of a refresh (`--stale-only`) is started on this file directly by
 * the install that is already running.
 */
import { runGitHook } from '../surfaces/hooks/git-hook.js';

void runGitHook(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
