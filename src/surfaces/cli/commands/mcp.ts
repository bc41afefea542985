import type { CommandModule } from 'yargs';

/** `claude-memory mcp`: the MCP server on stdio. The SDK is imported here, lazily, so other commands never load it. */
const command: CommandModule<object, { plugin: boolean }> = {
  command: 'mcp',
  describe: 'serve the memory tools to Claude Code over stdio (Model Context Protocol)',
  builder: (y) =>
    y.option('plugin', {
      type: 'boolean',
      default: false,
      describe: "run as the plugin's server: offer no tools where the project's .mcp.json registers the server",
    }),
  handler: async (args) => {
    const { serveStdio } = await import('../../mcp/server.js');
    await serveStdio({ plugin: args.plugin });
  },
};

export default command;
