import type { CommandModule } from 'yargs';

/** Placeholder: filled in by the issue that owns `mcp`. */
const command: CommandModule = {
  command: 'mcp',
  describe: false,
  handler: () => {
    throw new Error('mcp is not available yet');
  },
};

export default command;
