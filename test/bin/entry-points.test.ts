import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { ENTRY_POINTS, INSTALLED_CLI, LEGACY_CLI, entryPoint } from '../../src/bin/paths.js';
import { PROJECT_ROOT, tempRepo, writeFile } from '../helpers/temp-repo.js';

const readJson = (rel: string): unknown => JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, rel), 'utf8'));

describe('entry points', () => {
  it('are built where bin/paths.ts says, inside this package', () => {
    for (const name of Object.keys(ENTRY_POINTS) as Array<keyof typeof ENTRY_POINTS>) {
      expect(entryPoint(name)).toBe(path.join(PROJECT_ROOT, ENTRY_POINTS[name]));
      expect(fs.existsSync(entryPoint(name)), `${ENTRY_POINTS[name]} (run npm run build)`).toBe(true);
    }
  });

  it('package.json "bin" and the plugin files name the same CLI, as installed in the project', () => {
    expect((readJson('package.json') as { bin: unknown }).bin).toEqual({ 'claude-memory': ENTRY_POINTS.cli });
    expect(INSTALLED_CLI).toBe(`node_modules/claude-memory/${ENTRY_POINTS.cli}`);
    const script = (readJson('plugin/.mcp.json') as { mcpServers: Record<string, { args: string[] }> }).mcpServers['claude-memory']!.args.join(' ');
    expect(script).toContain(INSTALLED_CLI);
    // The plugin brings no program of its own: nothing may point into the plugin's folder.
    expect(script).not.toContain('CLAUDE_PLUGIN_ROOT');
    const { hooks } = readJson('plugin/hooks/hooks.json') as { hooks: Record<string, Array<{ hooks: Array<{ command: string }> }>> };
    for (const groups of Object.values(hooks)) {
      expect(groups[0]!.hooks[0]!.command).toContain(INSTALLED_CLI);
      expect(groups[0]!.hooks[0]!.command).not.toContain('CLAUDE_PLUGIN_ROOT');
    }
  });

  it('nothing but bin/paths.ts names a built file', () => {
    const offenders: string[] = [];
    const walk = (dir: string) => {
      for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const file = path.join(dir, entry.name);
        if (entry.isDirectory()) walk(file);
        else if (file !== path.join(PROJECT_ROOT, 'src', 'bin', 'paths.ts') && /['"`/]dist\//.test(fs.readFileSync(file, 'utf8')))
          offenders.push(path.relative(PROJECT_ROOT, file));
      }
    };
    walk(path.join(PROJECT_ROOT, 'src'));
    expect(offenders).toEqual([]);
  });

  it('the CommonJS launcher and the ES module CLI that older hooks name answer alike', () => {
    const root = tempRepo({ initMemory: true });
    try {
      writeFile(root, '.claude-memory/notes/build/pnpm.md', '---\ntitle: Builds run with pnpm\ntype: convention\n---\nThe lockfile is pnpm-lock.yaml.\n');
      const env = { ...process.env, CLAUDE_MEMORY_EMBEDDINGS: 'off' };
      const run = (cli: string, args: string[], input = '') => {
        const result = spawnSync(process.execPath, [path.join(PROJECT_ROOT, cli), ...args], { cwd: root, input, env, encoding: 'utf8' });
        return { code: result.status, stdout: result.stdout, stderr: result.stderr };
      };
      const start = JSON.stringify({ session_id: 's1', transcript_path: '/dev/null', cwd: root, hook_event_name: 'SessionStart', source: 'startup' });
      for (const args of [['search', 'pnpm lockfile'], ['context'], ['hook', 'session-start'], ['search'], ['stats']]) {
        const launcher = run(ENTRY_POINTS.cli, args, start);
        const legacy = run(LEGACY_CLI, args, start);
        expect(launcher, args.join(' ')).toEqual(legacy);
      }
      expect(run(ENTRY_POINTS.cli, ['search', 'pnpm lockfile']).stdout).toContain('Builds run with pnpm');
      expect(run(ENTRY_POINTS.cli, ['search']).code).toBe(2);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});
