import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { HOOK_TIMEOUTS } from '../../../src/surfaces/install/claude-hooks.js';
import { MCP_SERVER_NAME, PORTABLE_SCRIPT } from '../../../src/surfaces/install/mcp-config.js';
import { portableCommand } from '../../../src/surfaces/hooks/hook-command.js';
import { CLAUDE_EVENT_NAMES, HOOK_EVENTS } from '../../../src/surfaces/hooks/payload.js';
import { CLAUDE_BIN } from '../../helpers/claude.js';
import { PROJECT_ROOT, tempDir } from '../../helpers/temp-repo.js';

const cleanup: string[] = [];
afterAll(() => {
  for (const dir of cleanup) fs.rmSync(dir, { recursive: true, force: true });
});

const readJson = (rel: string) => JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, rel), 'utf8'));

describe('the Claude Code plugin', () => {
  it('.mcp.json runs the same server as the entry init writes, marked as the plugin copy', () => {
    const { mcpServers } = readJson('plugin/.mcp.json') as { mcpServers: Record<string, unknown> };
    const pluginScript = PORTABLE_SCRIPT.replaceAll(' mcp;', ' mcp --plugin;').replace(/ mcp$/, ' mcp --plugin');
    expect(pluginScript).not.toBe(PORTABLE_SCRIPT);
    expect(mcpServers).toEqual({ [MCP_SERVER_NAME]: { command: 'sh', args: ['-c', pluginScript] } });
  });

  it('hooks/hooks.json registers the same commands as init, marked as the plugin copy', () => {
    const { hooks } = readJson('plugin/hooks/hooks.json') as {
      hooks: Record<string, Array<{ hooks: Array<{ type: string; command: string; timeout: number }> }>>;
    };
    expect(Object.keys(hooks).sort()).toEqual(HOOK_EVENTS.map((event) => CLAUDE_EVENT_NAMES[event]).sort());
    for (const event of HOOK_EVENTS) {
      expect(hooks[CLAUDE_EVENT_NAMES[event]]).toEqual([
        { hooks: [{ type: 'command', command: portableCommand(event, ' --plugin'), timeout: HOOK_TIMEOUTS[event] }] },
      ]);
    }
  });

  it('plugin.json and marketplace.json agree and pass the client’s own validation', () => {
    const plugin = readJson('plugin/.claude-plugin/plugin.json');
    const marketplace = readJson('.claude-plugin/marketplace.json');
    const pkg = readJson('package.json');
    expect(plugin.name).toBe('claude-memory');
    expect(plugin.version).toBe(pkg.version);
    expect(marketplace.plugins).toHaveLength(1);
    expect(marketplace.plugins[0]).toMatchObject({ name: plugin.name, source: './plugin', version: plugin.version });
    const home = tempDir('claude-memory-home-');
    cleanup.push(home);
    for (const target of ['plugin', '.']) {
      const out = execFileSync(CLAUDE_BIN, ['plugin', 'validate', target], {
        cwd: PROJECT_ROOT,
        env: { ...process.env, HOME: home },
        encoding: 'utf8',
        timeout: 30_000,
      });
      expect(out).toContain('Validation passed');
    }
  });
});
