/** Placeholder: registering the Claude Code hooks lands with the integration issue. */
export function installClaudeHooks(_root: string): { messages: string[] } {
  return { messages: [] };
}
