import fs from 'node:fs';
import path from 'node:path';

/**
 * What a project's Claude Code files say about the memory's MCP server, read without any library (session start
 * asks on its hot path). The server can reach a session two ways: `init` registers it in the project's `.mcp.json`,
 * and the plugin ships its own. Both may be installed at once; the plugin's copy then stands down (the hooks do the
 * same), and the session context names the tools whichever way they came.
 */

export const MEMORY_SERVER_NAME = 'claude-memory';

function readJson(file: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(fs.readFileSync(file, 'utf8'));
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

const record = (value: unknown): Record<string, unknown> | undefined =>
  value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;

/** The project's settings files, shared first, then the personal one (which wins, as in Claude Code). */
const settingsFiles = (root: string) => [path.join(root, '.claude', 'settings.json'), path.join(root, '.claude', 'settings.local.json')];

/**
 * Pure: whether a `.mcp.json` value registers our server as the project's own: the plugin's file registers it too,
 * with `mcp --plugin` (in a checkout of claude-memory itself that file is the project's), and that one is not another
 * registration.
 */
export function mcpJsonNamesServer(config: Record<string, unknown> | undefined): boolean {
  const servers = record(config?.mcpServers);
  if (!servers || !Object.prototype.hasOwnProperty.call(servers, MEMORY_SERVER_NAME)) return false;
  return !/\bmcp --plugin\b/.test(JSON.stringify(servers[MEMORY_SERVER_NAME]));
}

/** Pure: whether settings turn the project's `.mcp.json` server off (`disabledMcpjsonServers`). */
export function settingsDisableServer(settings: Array<Record<string, unknown> | undefined>): boolean {
  return settings.some((value) => Array.isArray(value?.disabledMcpjsonServers) && value.disabledMcpjsonServers.includes(MEMORY_SERVER_NAME));
}

/** Pure: whether settings enable the claude-memory plugin (`enabledPlugins: { "claude-memory@<marketplace>": true }`). */
export function settingsEnablePlugin(settings: Array<Record<string, unknown> | undefined>): boolean {
  let enabled = false;
  for (const value of settings) {
    for (const [key, on] of Object.entries(record(value?.enabledPlugins) ?? {})) if (key.split('@')[0] === MEMORY_SERVER_NAME) enabled = on === true;
  }
  return enabled;
}

/** Whether the project's `.mcp.json` registers our server and no project setting turns it off. */
export function projectServesMcp(root: string): boolean {
  if (!mcpJsonNamesServer(readJson(path.join(root, '.mcp.json')))) return false;
  return !settingsDisableServer(settingsFiles(root).map(readJson));
}

/** Whether the MCP tools reach a session in this project: through `.mcp.json`, or the plugin enabled here. */
export function mcpToolsAvailable(root: string): boolean {
  return projectServesMcp(root) || settingsEnablePlugin(settingsFiles(root).map(readJson));
}
