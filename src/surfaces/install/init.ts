import { initMemoryDir } from '../../store/init.js';
import { installGitHooks } from '../../git/hooks-install.js';
import { installClaudeHooks } from './claude-hooks.js';
import { registerMcpServer } from './mcp-config.js';
import { restoreIgnored } from './gitignore.js';

export interface InitOptions {
  /** Register the Claude Code hooks in .claude/settings.json (default true). */
  hooks?: boolean;
  /** Install the post-merge/post-checkout/post-rewrite git hooks (default true). */
  gitHooks?: boolean;
  /** Also install the pre-commit guard against secrets and invalid notes (default false). */
  guard?: boolean;
  /** Register the MCP server in .mcp.json (default true). */
  mcp?: boolean;
}

export interface InitResult {
  created: string[];
  messages: string[];
}

/** Everything `claude-memory init` sets up; each step is idempotent and owned by its own module. */
export async function runInit(root: string, options: InitOptions = {}): Promise<InitResult> {
  const { created } = initMemoryDir(root);
  const messages: string[] = [...restoreIgnored(root).messages];
  if (options.hooks !== false) messages.push(...installClaudeHooks(root).messages);
  if (options.gitHooks !== false) messages.push(...(await installGitHooks(root, { guard: options.guard })).messages);
  if (options.mcp !== false) messages.push(...registerMcpServer(root).messages);
  return { created, messages };
}
