import type { CommandModule } from 'yargs';
import { logEvent } from '../../../cache/log.js';
import { findRepoRoot } from '../../../git/root.js';
import { checkStagedMemory, guardMessage } from '../../../git/guard.js';
import { GUARD_REFUSED_EXIT } from '../../../git/hooks-install.js';
import { printError } from '../output.js';

/**
 * The pre-commit guard. Returns the exit code: GUARD_REFUSED_EXIT to refuse the commit, 0 otherwise; a failure of
 * its own lets the commit through (logged). The pre-commit hook reaches it through bin/git-hook.ts, without the CLI.
 */
export async function runGuard(cwd = process.cwd()): Promise<number> {
  const root = findRepoRoot(cwd);
  if (!root) return 0;
  try {
    const findings = await checkStagedMemory(root);
    if (!findings.length) return 0;
    // File names come from the staged index: escaped, so none can drive the terminal (surfaces/cli/output.ts).
    printError(guardMessage(findings));
    return GUARD_REFUSED_EXIT;
  } catch (err) {
    logEvent(root, 'warn', `pre-commit guard could not run: ${(err as Error).message}`);
    return 0;
  }
}

const command: CommandModule = {
  command: 'guard',
  describe: `check staged .claude-memory/ files for secrets and invalid notes; exit ${GUARD_REFUSED_EXIT} refuses (the pre-commit hook runs this)`,
  handler: async () => {
    const code = await runGuard();
    // The CLI's own exit code cannot carry this one, so leave with it directly (stderr is written synchronously).
    if (code) process.exit(code);
  },
};

export default command;
