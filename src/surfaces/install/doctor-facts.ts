import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { packageVersion } from '../../bin/paths.js';
import { MEMORY_DIR, memoryPaths } from '../../core/paths.js';
import { gitText } from '../../git/exec.js';
import { inspectGitHooks, type GitHookState } from '../../git/hooks-install.js';
import { ourHookEvent, portableCommand } from '../hooks/hook-command.js';
import type { HookEvent } from '../hooks/payload.js';
import { ignorePatterns, requiredPatterns } from './gitignore.js';
import { claudeCodeLauncher, gitHookLauncher, probeLauncher, type Launcher, type LauncherRun } from './launcher.js';
import { MCP_SERVER_NAME, PORTABLE_SCRIPT } from './mcp-config.js';

/**
 * Everything `claude-memory doctor` looks at, read from disk, git and Claude Code's own files; deciding what is wrong
 * with it is doctor-checks.ts's job. Reading never changes anything.
 */

/** How a registered command finds claude-memory: the launcher init writes, a fixed path (CLAUDE_MEMORY_BIN), or a form init no longer writes. */
export type CommandForm = { form: 'launcher' } | { form: 'fixed'; cli: string; exists: boolean } | { form: 'other' };

export interface SettingsFacts {
  /** Repository-relative: .claude/settings.json or .claude/settings.local.json. */
  file: string;
  present: boolean;
  error?: string;
  hooks: Array<{ event: HookEvent } & CommandForm>;
  /** enabledPlugins entries for claude-memory plugins, as this file sets them. */
  plugins: Record<string, boolean>;
  mcpDisabled: boolean;
}

export interface McpFacts {
  present: boolean;
  error?: string;
  entry: 'none' | CommandForm['form'];
  cli?: string;
  exists?: boolean;
}

export interface PluginFacts {
  /** name@marketplace */
  key: string;
  scope: string;
  installPath: string;
  exists: boolean;
  hasHooks: boolean;
  bytes: number;
  hasNodeModules: boolean;
  enabled: boolean;
}

export interface WorktreeFacts {
  path: string;
  launcher: Launcher & LauncherRun;
}

export interface GitHookFolderFacts {
  dir: string;
  committed: boolean;
  /** Each hook; for ours with a fixed path (CLAUDE_MEMORY_BIN, or an older script's), whether that file exists. */
  hooks: Array<GitHookState & { targetExists?: boolean }>;
  /** The work trees whose git uses this folder, each with what its portable scripts would run. */
  worktrees: WorktreeFacts[];
}

export interface DoctorFacts {
  /** The version of claude-memory running doctor. */
  version: string;
  cwd: string;
  root?: string;
  memory?: {
    exists: boolean;
    gitignore: { present: boolean; missing: string[] };
    /** Generated files git tracks (they should not be committed). */
    tracked: string[];
  };
  settings: SettingsFacts[];
  mcp?: McpFacts;
  plugins: PluginFacts[];
  pluginsError?: string;
  gitHooks: GitHookFolderFacts[];
  claudeLauncher?: Launcher & LauncherRun;
}

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => !!value && typeof value === 'object' && !Array.isArray(value);

function readJson(file: string): { present: boolean; value?: Json; error?: string } {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return code === 'ENOENT' ? { present: false } : { present: true, error: `cannot read it (${code ?? (err as Error).message})` };
  }
  if (!text.trim()) return { present: true, value: {} };
  try {
    const value: unknown = JSON.parse(text);
    return isObject(value) ? { present: true, value } : { present: true, error: 'not a JSON object' };
  } catch (err) {
    return { present: true, error: `not valid JSON (${(err as Error).message})` };
  }
}

/** Pure: how a hook command of ours finds claude-memory. */
export function hookCommandForm(event: HookEvent, command: string): CommandForm {
  if (command === portableCommand(event) || command === portableCommand(event, ' --plugin')) return { form: 'launcher' };
  const fixed = /^node "([^"]+)" hook /.exec(command);
  if (fixed) return { form: 'fixed', cli: fixed[1]!, exists: fs.existsSync(fixed[1]!) };
  return { form: 'other' };
}

const ourPlugins = (value: unknown): Record<string, boolean> =>
  Object.fromEntries(
    Object.entries(isObject(value) ? value : {}).filter(([key, on]) => key.startsWith(`${MCP_SERVER_NAME}@`) && typeof on === 'boolean'),
  ) as Record<string, boolean>;

function settingsFacts(root: string, rel: string): SettingsFacts {
  const { present, value, error } = readJson(path.join(root, rel));
  const facts: SettingsFacts = { file: rel, present, error, hooks: [], plugins: ourPlugins(value?.enabledPlugins), mcpDisabled: false };
  if (!value) return facts;
  const disabled = value.disabledMcpjsonServers;
  facts.mcpDisabled = Array.isArray(disabled) && disabled.includes(MCP_SERVER_NAME);
  for (const groups of Object.values(isObject(value.hooks) ? value.hooks : {})) {
    if (!Array.isArray(groups)) continue;
    for (const group of groups as unknown[]) {
      const entries = isObject(group) && Array.isArray(group.hooks) ? (group.hooks as unknown[]) : [];
      for (const entry of entries) {
        const command = isObject(entry) ? entry.command : undefined;
        const event = ourHookEvent(command);
        if (event) facts.hooks.push({ event, ...hookCommandForm(event, command as string) });
      }
    }
  }
  return facts;
}

function mcpFacts(root: string): McpFacts {
  const { present, value, error } = readJson(path.join(root, '.mcp.json'));
  if (!value) return { present, error, entry: 'none' };
  const entry = isObject(value.mcpServers) ? value.mcpServers[MCP_SERVER_NAME] : undefined;
  if (!isObject(entry)) return { present, entry: 'none' };
  const args = Array.isArray(entry.args) ? entry.args : [];
  if (entry.command === 'sh' && args[1] === PORTABLE_SCRIPT) return { present, entry: 'launcher' };
  if (entry.command === 'node' && typeof args[0] === 'string' && path.isAbsolute(args[0]))
    return { present, entry: 'fixed', cli: args[0], exists: fs.existsSync(args[0]) };
  return { present, entry: 'other' };
}

/** Where Claude Code keeps its own files: CLAUDE_CONFIG_DIR, else ~/.claude (checked with claude 2.1.197). */
export function claudeConfigDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.CLAUDE_CONFIG_DIR || path.join(os.homedir(), '.claude');
}

/** Bytes under a folder, walking at most `limit` entries (an old plugin copy can hold a whole node_modules). */
function folderBytes(dir: string, limit = 50_000): number {
  let bytes = 0;
  let seen = 0;
  const stack = [dir];
  while (stack.length && seen < limit) {
    const current = stack.pop()!;
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(current, { withFileTypes: true });
    } catch {
      continue;
    }
    for (const entry of entries) {
      seen += 1;
      const file = path.join(current, entry.name);
      if (entry.isDirectory()) stack.push(file);
      else if (entry.isFile()) bytes += fs.statSync(file).size;
    }
  }
  return bytes;
}

/**
 * The claude-memory plugins Claude Code has installed for this project (user scope, or project and local scope for
 * this folder), from `<config>/plugins/installed_plugins.json`; enabled as the settings files say, the most specific
 * first (local, project, user).
 */
function pluginFacts(root: string, settings: SettingsFacts[], configDir: string): { plugins: PluginFacts[]; error?: string } {
  const { value, error } = readJson(path.join(configDir, 'plugins', 'installed_plugins.json'));
  if (error) return { plugins: [], error: `${path.join(configDir, 'plugins', 'installed_plugins.json')}: ${error}` };
  const user = ourPlugins(readJson(path.join(configDir, 'settings.json')).value?.enabledPlugins);
  const enabledBy = [...[...settings].reverse().map((file) => file.plugins), user];
  const plugins: PluginFacts[] = [];
  for (const [key, records] of Object.entries(isObject(value?.plugins) ? value.plugins : {})) {
    if (!key.startsWith(`${MCP_SERVER_NAME}@`) || !Array.isArray(records)) continue;
    for (const record of records as unknown[]) {
      if (!isObject(record) || typeof record.installPath !== 'string') continue;
      const scope = typeof record.scope === 'string' ? record.scope : 'user';
      if (scope !== 'user' && (typeof record.projectPath !== 'string' || path.resolve(record.projectPath) !== root)) continue;
      const installPath = record.installPath;
      const exists = fs.existsSync(installPath);
      plugins.push({
        key,
        scope,
        installPath,
        exists,
        hasHooks: fs.existsSync(path.join(installPath, 'hooks', 'hooks.json')),
        bytes: exists ? folderBytes(installPath) : 0,
        hasNodeModules: fs.existsSync(path.join(installPath, 'node_modules')),
        enabled: enabledBy.find((set) => key in set)?.[key] ?? false,
      });
    }
  }
  return { plugins };
}

async function worktreePaths(root: string): Promise<string[]> {
  const listed = await gitText(root, ['worktree', 'list', '--porcelain']);
  const paths = (listed ?? '')
    .split('\n')
    .filter((line) => line.startsWith('worktree '))
    .map((line) => line.slice('worktree '.length))
    .filter((dir) => fs.existsSync(dir));
  return paths.length ? paths : [root];
}

/** One probe per file: the same claude-memory found for several registrations is run once. */
function prober(): (launcher: Launcher) => Launcher & LauncherRun {
  const seen = new Map<string, LauncherRun>();
  return (launcher) => {
    if (!launcher.file) return launcher;
    if (!seen.has(launcher.file)) seen.set(launcher.file, probeLauncher(launcher));
    return { ...launcher, ...seen.get(launcher.file) };
  };
}

async function gitHookFacts(root: string, probe: (launcher: Launcher) => Launcher & LauncherRun): Promise<GitHookFolderFacts[]> {
  const folders = new Map<string, GitHookFolderFacts>();
  for (const worktree of await worktreePaths(root)) {
    let inspected: Awaited<ReturnType<typeof inspectGitHooks>>;
    try {
      inspected = await inspectGitHooks(worktree);
    } catch {
      continue;
    }
    const hooks = inspected.hooks.map((hook) => {
      const target = hook.launcher?.kind === 'legacy' ? hook.launcher.entry : hook.launcher?.kind === 'fixed' ? hook.launcher.cli : undefined;
      return target === undefined ? hook : { ...hook, targetExists: fs.existsSync(target) };
    });
    const folder: GitHookFolderFacts = folders.get(inspected.dir) ?? { ...inspected, hooks, worktrees: [] };
    folders.set(inspected.dir, folder);
    const common = (await gitText(worktree, ['rev-parse', '--git-common-dir']))?.trim();
    const ours = folder.hooks.find((hook) => hook.state === 'ours' && hook.launcher?.kind === 'launcher');
    const node = ours?.launcher?.kind === 'launcher' ? ours.launcher.node : undefined;
    const launcher = gitHookLauncher({
      worktree,
      mainWorktree: common ? path.dirname(path.resolve(worktree, common)) : worktree,
      nodeDir: node && path.isAbsolute(node) && fs.existsSync(node) ? path.dirname(node) : undefined,
      tracked: (file) => {
        const rel = path.relative(worktree, file);
        if (rel.startsWith('..') || path.isAbsolute(rel)) return false;
        return spawnTracked(worktree, rel);
      },
    });
    folder.worktrees.push({ path: worktree, launcher: probe(launcher) });
  }
  return [...folders.values()];
}

/** `git ls-files --error-unmatch`, as the hook script asks it: does git track this path? */
function spawnTracked(worktree: string, rel: string): boolean {
  return spawnSync('git', ['ls-files', '--error-unmatch', '--', rel], { cwd: worktree, stdio: 'ignore' }).status === 0;
}

async function memoryFacts(root: string): Promise<DoctorFacts['memory']> {
  const { memoryDir } = memoryPaths(root);
  const exists = fs.existsSync(memoryDir);
  let gitignore: { present: boolean; missing: string[] };
  try {
    const have = new Set(ignorePatterns(fs.readFileSync(path.join(memoryDir, '.gitignore'), 'utf8')).map((p) => p.replace(/^\//, '')));
    gitignore = { present: true, missing: requiredPatterns().filter((p) => !have.has(p.replace(/^\//, ''))) };
  } catch {
    gitignore = { present: false, missing: requiredPatterns() };
  }
  const generated = requiredPatterns().map((pattern) => `${MEMORY_DIR}/${pattern.replace(/^\//, '').replace(/\/$/, '')}`);
  const tracked = (await gitText(root, ['ls-files', '--', ...generated]))?.split('\n').filter(Boolean) ?? [];
  return { exists, gitignore, tracked };
}

/** Read every fact doctor checks, for the repository around `cwd`. */
export async function gatherDoctorFacts(cwd: string, options: { root?: string; configDir?: string } = {}): Promise<DoctorFacts> {
  const facts: DoctorFacts = { version: packageVersion(), cwd, root: options.root, settings: [], plugins: [], gitHooks: [] };
  if (!facts.root) return facts;
  const root = facts.root;
  const probe = prober();
  facts.memory = await memoryFacts(root);
  facts.settings = ['.claude/settings.json', '.claude/settings.local.json'].map((rel) => settingsFacts(root, rel));
  facts.mcp = mcpFacts(root);
  const plugins = pluginFacts(root, facts.settings, options.configDir ?? claudeConfigDir());
  facts.plugins = plugins.plugins;
  facts.pluginsError = plugins.error;
  facts.gitHooks = await gitHookFacts(root, probe);
  facts.claudeLauncher = probe(claudeCodeLauncher(root));
  return facts;
}
