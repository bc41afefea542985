import type { CommandModule } from 'yargs';

/** Placeholder: filled in by the issue that owns `review`. */
const command: CommandModule = {
  command: 'review',
  describe: false,
  handler: () => {
    throw new Error('review is not available yet');
  },
};

export default command;
