import type { CommandModule } from 'yargs';

/** Placeholder: filled in by the issue that owns `history`. */
const command: CommandModule = {
  command: 'history',
  describe: false,
  handler: () => {
    throw new Error('history is not available yet');
  },
};

export default command;
