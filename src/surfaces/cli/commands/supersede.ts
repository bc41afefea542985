import type { CommandModule } from 'yargs';

/** Placeholder: filled in by the issue that owns `supersede`. */
const command: CommandModule = {
  command: 'supersede',
  describe: false,
  handler: () => {
    throw new Error('supersede is not available yet');
  },
};

export default command;
