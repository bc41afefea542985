import type { CommandModule } from 'yargs';

/** `claude-memory mcp`: the MCP server on stdio. The SDK is imported here, lazily, so other commands never load it. */
const command: CommandModule = {
  command: 'mcp',
  describe: 'serve the memory tools to Claude Code over stdio (Model Context Protocol)',
  handler: async () => {
    const { serveStdio } = await import('../../mcp/server.js');
    await serveStdio();
  },
};

export default command;
