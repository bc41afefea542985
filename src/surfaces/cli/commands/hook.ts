import type { CommandModule } from 'yargs';
import { runHookCommand } from '../../hooks/run.js';

/** Listed here for --help; main.ts runs hooks directly without loading yargs. */
const command: CommandModule<object, { event?: string }> = {
  command: 'hook [event]',
  describe: 'run a Claude Code hook (payload JSON on stdin); always exits 0',
  builder: (y) => y.positional('event', { type: 'string', describe: 'session-start, user-prompt-submit, stop, pre-compact, session-end' }),
  handler: async (args) => {
    process.exitCode = await runHookCommand(args.event ? [args.event] : []);
  },
};

export default command;
