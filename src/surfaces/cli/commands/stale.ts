import type { CommandModule } from 'yargs';

/** Placeholder: filled in by the issue that owns `stale`. */
const command: CommandModule = {
  command: 'stale',
  describe: false,
  handler: () => {
    throw new Error('stale is not available yet');
  },
};

export default command;
