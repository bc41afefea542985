import type { CommandModule } from 'yargs';

/** Placeholder: filled in by the issue that owns `uninstall`. */
const command: CommandModule = {
  command: 'uninstall',
  describe: false,
  handler: () => {
    throw new Error('uninstall is not available yet');
  },
};

export default command;
