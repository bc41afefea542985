import type { CommandModule } from 'yargs';

/** Placeholder: filled in by the issue that owns `compress`. */
const command: CommandModule = {
  command: 'compress',
  describe: false,
  handler: () => {
    throw new Error('compress is not available yet');
  },
};

export default command;
