import fs from 'node:fs';
import path from 'node:path';
import { ENTRY_POINTS, INSTALLED_CLI, LEGACY_CLI, PACKAGE_NAME } from '../../bin/paths.js';
import { MEMORY_SERVER_NAME } from '../../core/claude-config.js';
import { writeFileAtomic } from '../../store/atomic.js';

/**
 * The project's `.mcp.json` (shared with the team through git) names the memory server. Only our own entry is ever
 * added or removed; every other server and key is written back as it was read.
 */

export const MCP_SERVER_NAME = MEMORY_SERVER_NAME;

/**
 * Like the hooks (see hooks/hook-command.ts), the committed entry holds no machine's paths: it runs the project's own
 * install under node_modules when there is one, else the main work tree's (from a linked worktree; git prints the
 * common git folder relative to the current folder or absolute, either works), else a global `claude-memory` on
 * PATH. `sh` finds the repository's top level itself because Claude Code may be started in a subfolder.
 */
export const PORTABLE_SCRIPT = `r="$(git rev-parse --show-toplevel 2>/dev/null || pwd)"; f="$r/${INSTALLED_CLI}"; [ -f "$f" ] || f="$(git rev-parse --git-common-dir 2>/dev/null)/../${INSTALLED_CLI}"; if [ -f "$f" ]; then exec node "$f" mcp; fi; exec claude-memory mcp`;

/** Scripts earlier versions of init wrote: still recognised as ours, so init replaces them. */
const EARLIER_SCRIPTS = [INSTALLED_CLI, `node_modules/${PACKAGE_NAME}/${LEGACY_CLI}`].flatMap((cli) => [
  `r="$(git rev-parse --show-toplevel 2>/dev/null || pwd)"; f="$r/${cli}"; if [ -f "$f" ]; then exec node "$f" mcp; fi; exec claude-memory mcp`,
  `r="$(git rev-parse --show-toplevel 2>/dev/null || pwd)"; f="$r/${cli}"; [ -f "$f" ] || f="$(git rev-parse --git-common-dir 2>/dev/null)/../${cli}"; if [ -f "$f" ]; then exec node "$f" mcp; fi; exec claude-memory mcp`,
]);

export interface McpServerEntry {
  type: 'stdio';
  command: string;
  args: string[];
  env: Record<string, string>;
}

/** The entry `init` writes; with CLAUDE_MEMORY_BIN (an absolute path to the built CLI, ENTRY_POINTS.cli) it runs that file. */
export function mcpServerEntry(bin: string | undefined = process.env.CLAUDE_MEMORY_BIN): McpServerEntry {
  if (!bin) return { type: 'stdio', command: 'sh', args: ['-c', PORTABLE_SCRIPT], env: {} };
  if (!path.isAbsolute(bin)) throw new Error(`CLAUDE_MEMORY_BIN: "${bin}" is not an absolute path`);
  return { type: 'stdio', command: 'node', args: [bin, 'mcp'], env: {} };
}

type McpFile = { mcpServers?: Record<string, unknown>; [key: string]: unknown };

const fileOf = (root: string) => path.join(root, '.mcp.json');

function readMcpFile(file: string): { config?: McpFile; error?: string } {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { config: {} };
    return { error: `cannot read it (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})` };
  }
  if (!text.trim()) return { config: {} };
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    return { error: `not valid JSON (${(err as Error).message})` };
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return { error: 'not a JSON object' };
  const config = parsed as McpFile;
  if (config.mcpServers !== undefined && (!config.mcpServers || typeof config.mcpServers !== 'object' || Array.isArray(config.mcpServers))) {
    return { error: '"mcpServers" is not an object' };
  }
  return { config };
}

const write = (file: string, config: McpFile) => writeFileAtomic(file, `${JSON.stringify(config, null, 2)}\n`);

/**
 * Pure: whether an entry is one init wrote (the portable script, or `node <a built CLI> mcp` from CLAUDE_MEMORY_BIN),
 * which init may replace; an entry of any other shape was written or edited by hand and is kept.
 */
export function isWrittenByInit(entry: unknown): boolean {
  if (!entry || typeof entry !== 'object') return false;
  const { command, args } = entry as { command?: unknown; args?: unknown };
  if (!Array.isArray(args)) return false;
  if (command === 'sh') return args.length === 2 && args[0] === '-c' && (args[1] === PORTABLE_SCRIPT || EARLIER_SCRIPTS.includes(args[1] as string));
  return (
    command === 'node' &&
    args.length === 2 &&
    typeof args[0] === 'string' &&
    path.isAbsolute(args[0]) &&
    (args[0].endsWith(`/${ENTRY_POINTS.cli}`) || args[0].endsWith(`/${LEGACY_CLI}`)) &&
    args[1] === 'mcp'
  );
}

/**
 * Pure: the file with our server in place, or undefined when it already was. An entry init wrote earlier (with a
 * CLAUDE_MEMORY_BIN since moved, say) is replaced by today's; one edited by hand is kept as the user left it.
 */
export function withMemoryServer(config: McpFile, entry: McpServerEntry = mcpServerEntry()): McpFile | undefined {
  const existing = config.mcpServers?.[MCP_SERVER_NAME];
  if (existing !== undefined && (!isWrittenByInit(existing) || JSON.stringify(existing) === JSON.stringify(entry))) return undefined;
  return { ...config, mcpServers: { ...(config.mcpServers ?? {}), [MCP_SERVER_NAME]: entry } };
}

/** Pure: the file without our server, or undefined when it has none. */
export function withoutMemoryServer(config: McpFile): McpFile | undefined {
  if (!config.mcpServers || !(MCP_SERVER_NAME in config.mcpServers)) return undefined;
  const servers = { ...config.mcpServers };
  delete servers[MCP_SERVER_NAME];
  return { ...config, mcpServers: servers };
}

/** Add the memory server to `<root>/.mcp.json`, creating the file if needed; idempotent. */
export function registerMcpServer(root: string): { messages: string[] } {
  const file = fileOf(root);
  const { config, error } = readMcpFile(file);
  if (!config) return { messages: [`${file}: ${error}; left unchanged. Add the "${MCP_SERVER_NAME}" server by hand (see docs/mcp.md).`] };
  const next = withMemoryServer(config, mcpServerEntry());
  if (!next) return { messages: [] };
  write(file, next);
  if (config.mcpServers?.[MCP_SERVER_NAME] !== undefined)
    return { messages: [`updated the MCP server "${MCP_SERVER_NAME}" in .mcp.json to the command init writes now`] };
  return { messages: [`registered the MCP server "${MCP_SERVER_NAME}" in .mcp.json (Claude Code asks once before starting project servers)`] };
}

/** Remove exactly our entry from `<root>/.mcp.json`; the file goes too when nothing else was in it. */
export function unregisterMcpServer(root: string): { messages: string[] } {
  const file = fileOf(root);
  if (!fs.existsSync(file)) return { messages: [] };
  const { config, error } = readMcpFile(file);
  if (!config) return { messages: [`${file}: ${error}; left unchanged. Remove the "${MCP_SERVER_NAME}" server by hand.`] };
  const next = withoutMemoryServer(config);
  if (!next) return { messages: [] };
  const onlyEmptyServers = Object.keys(next).length === 1 && Object.keys(next.mcpServers ?? {}).length === 0;
  if (onlyEmptyServers) fs.rmSync(file, { force: true });
  else write(file, next);
  return { messages: [`removed the MCP server "${MCP_SERVER_NAME}" from .mcp.json`] };
}
