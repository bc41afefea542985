import type { CommandModule } from 'yargs';
import { runGitHook } from '../../hooks/git-hook.js';

/** Listed here for --help; bin/claude-memory.ts runs it before loading yargs, as the git hook scripts call it. */
const command: CommandModule<object, { hook: string }> = {
  command: 'git-hook <hook>',
  describe: 'what the git hooks run: post-merge, post-checkout, post-rewrite refresh the index; pre-commit is the guard',
  builder: (y) => y.positional('hook', { type: 'string', demandOption: true }),
  handler: async (args) => {
    process.exitCode = await runGitHook([args.hook]);
  },
};

export default command;
