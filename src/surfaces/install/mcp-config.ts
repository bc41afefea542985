/** Placeholder: registering the MCP server in .mcp.json lands with the MCP issue. */
export function registerMcpServer(_root: string): { messages: string[] } {
  return { messages: [] };
}
