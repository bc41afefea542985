import type { CommandModule } from 'yargs';
import { findRepoRoot } from '../../../git/root.js';
import { uninstallGitHooks } from '../../../git/hooks-install.js';
import { uninstallClaudeHooks } from '../../install/claude-hooks.js';
import { unregisterMcpServer } from '../../install/mcp-config.js';
import { print } from '../output.js';

/** Undoes what `init` registered outside `.claude-memory/`; the notes themselves are never touched. */
const command: CommandModule = {
  command: 'uninstall',
  describe: 'remove the Claude Code hooks, MCP server and git hooks that init added (notes are kept)',
  handler: async () => {
    const root = findRepoRoot();
    if (!root) throw new Error(`${process.cwd()}: not inside a git work tree`);
    const messages = [...uninstallClaudeHooks(root).messages, ...unregisterMcpServer(root).messages, ...(await uninstallGitHooks(root)).messages];
    print(messages.length ? messages.join('\n') : 'nothing to remove: no hooks or server registered by claude-memory');
    print('.claude-memory/ (your notes) is kept; delete it yourself if you no longer want them.');
  },
};

export default command;
