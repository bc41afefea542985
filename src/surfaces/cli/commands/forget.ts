import type { CommandModule } from 'yargs';

/** Placeholder: filled in by the issue that owns `forget`. */
const command: CommandModule = {
  command: 'forget',
  describe: false,
  handler: () => {
    throw new Error('forget is not available yet');
  },
};

export default command;
