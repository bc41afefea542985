import path from 'node:path';
import { CLAUDE_EVENT_NAMES, HOOK_EVENTS } from '../hooks/payload.js';
import type { DoctorFacts, GitHookFolderFacts, PluginFacts, WorktreeFacts } from './doctor-facts.js';
import type { Launcher, LauncherRun } from './launcher.js';

/**
 * Pure: what is wrong with an install, from the facts doctor-facts.ts read, each finding with the command that
 * fixes it. `broken` means something the user expects does not happen (a hook that does nothing, a cache that would
 * be committed) and makes doctor exit 1; `warn` is something that works today but will not last or is only half set
 * up; `ok` says what works and through what.
 */

export type Status = 'ok' | 'warn' | 'broken';
export type Area = 'repository' | 'memory' | 'claude-hooks' | 'git-hooks' | 'mcp' | 'plugin' | 'launcher';

export interface Finding {
  status: Status;
  area: Area;
  message: string;
  fix?: string;
}

const INIT = 'claude-memory init';
const INSTALL = 'npm install --save-dev claude-memory (in the project) or npm install -g claude-memory';

const ok = (area: Area, message: string): Finding => ({ status: 'ok', area, message });
const warn = (area: Area, message: string, fix?: string): Finding => ({ status: 'warn', area, message, fix });
const broken = (area: Area, message: string, fix?: string): Finding => ({ status: 'broken', area, message, fix });

const KIND: Record<Launcher['kind'], string> = {
  project: "the project's node_modules",
  'main-worktree': "the main work tree's node_modules",
  path: 'PATH',
  fixed: 'a fixed path',
  none: 'nowhere',
};

function describeLauncher(launcher: Launcher & LauncherRun): string {
  return `${launcher.file} (${KIND[launcher.kind]}${launcher.version ? `, version ${launcher.version}` : ''})`;
}

/** A plugin that gives this project hooks: installed, enabled, and with its hooks file in place. */
const activePlugin = (plugins: PluginFacts[]) => plugins.find((plugin) => plugin.enabled && plugin.exists && plugin.hasHooks);

function memoryFindings(facts: DoctorFacts): Finding[] {
  const memory = facts.memory!;
  if (!memory.exists) return [broken('memory', 'no .claude-memory/ folder here: the hooks do nothing and every memory command refuses', INIT)];
  const out: Finding[] = [];
  if (!memory.gitignore.present) out.push(broken('memory', '.claude-memory/.gitignore is missing: the cache, INDEX.md and index/ would be committed', INIT));
  else if (memory.gitignore.missing.length)
    out.push(broken('memory', `.claude-memory/.gitignore does not ignore ${memory.gitignore.missing.join(', ')}: generated files would be committed`, INIT));
  if (memory.tracked.length) {
    const tops = [...new Set(memory.tracked.map((file) => file.split('/').slice(0, 2).join('/')))];
    out.push(
      broken(
        'memory',
        `git tracks generated files (${memory.tracked.length}, under ${tops.join(', ')}); they are rebuilt from the notes and conflict on every merge`,
        `git rm -r --cached -- ${tops.join(' ')} && git commit -m "Stop tracking generated memory files"`,
      ),
    );
  }
  if (!out.length) out.push(ok('memory', '.claude-memory/ is set up and git ignores its generated files'));
  return out;
}

function launcherFinding(area: Area, what: string, launcher: (Launcher & LauncherRun) | undefined): Finding {
  if (!launcher || launcher.kind === 'none')
    return broken(area, `${what} find no claude-memory (none in node_modules/, none on PATH), so they do nothing`, INSTALL);
  if (launcher.error) return broken(area, `${what} run ${launcher.file}, which does not start: ${launcher.error}`, `reinstall it: ${INSTALL}`);
  return ok(area, `${what} run ${describeLauncher(launcher)}`);
}

function claudeHookFindings(facts: DoctorFacts): Finding[] {
  const out: Finding[] = [];
  for (const file of facts.settings) {
    if (file.error)
      out.push(broken('claude-hooks', `${file.file}: ${file.error}; Claude Code cannot read it either`, `fix ${file.file} by hand, then ${INIT}`));
  }
  const entries = facts.settings.flatMap((file) => file.hooks.map((hook) => ({ ...hook, file: file.file })));
  const plugin = activePlugin(facts.plugins);
  if (!entries.length) {
    if (plugin) out.push(ok('claude-hooks', `the Claude Code hooks come from the plugin ${plugin.key}`));
    else out.push(broken('claude-hooks', 'no Claude Code hooks are registered: sessions start without the memory and are never compressed', INIT));
    return out;
  }
  const missing = HOOK_EVENTS.filter((event) => !entries.some((entry) => entry.event === event));
  if (missing.length) out.push(broken('claude-hooks', `Claude Code hooks missing for ${missing.map((event) => CLAUDE_EVENT_NAMES[event]).join(', ')}`, INIT));
  for (const entry of entries) {
    const name = `${entry.file}: the ${CLAUDE_EVENT_NAMES[entry.event]} hook`;
    if (entry.form === 'fixed' && !entry.exists)
      out.push(
        broken('claude-hooks', `${name} runs ${entry.cli}, which does not exist (CLAUDE_MEMORY_BIN was set at init)`, `${INIT} (without CLAUDE_MEMORY_BIN)`),
      );
    else if (entry.form === 'fixed' && entry.file === '.claude/settings.json')
      out.push(
        warn(
          'claude-hooks',
          `${name} runs ${entry.cli}, a path of this machine, in a file teammates share; theirs find nothing`,
          `${INIT} (without CLAUDE_MEMORY_BIN)`,
        ),
      );
    else if (entry.form === 'other') out.push(warn('claude-hooks', `${name} is a command init no longer writes`, INIT));
  }
  const files = [...new Set(entries.map((entry) => entry.file))];
  if (!out.some((finding) => finding.status !== 'ok')) out.push(ok('claude-hooks', `Claude Code hooks registered for every event in ${files.join(' and ')}`));
  return out;
}

function mcpFindings(facts: DoctorFacts): Finding[] {
  const mcp = facts.mcp!;
  if (mcp.error) return [broken('mcp', `.mcp.json: ${mcp.error}; Claude Code cannot read it either`, `fix .mcp.json by hand, then ${INIT}`)];
  const out: Finding[] = [];
  const plugin = activePlugin(facts.plugins);
  if (mcp.entry === 'none')
    out.push(
      plugin
        ? ok('mcp', `the MCP server comes from the plugin ${plugin.key}`)
        : warn('mcp', '.mcp.json does not register the claude-memory MCP server: Claude cannot search the memory on demand', INIT),
    );
  else if (mcp.entry === 'fixed' && !mcp.exists)
    out.push(broken('mcp', `.mcp.json runs ${mcp.cli}, which does not exist`, `${INIT} (without CLAUDE_MEMORY_BIN)`));
  else if (mcp.entry === 'fixed')
    out.push(warn('mcp', `.mcp.json runs ${mcp.cli}, a path of this machine, in a file teammates share`, `${INIT} (without CLAUDE_MEMORY_BIN)`));
  else if (mcp.entry === 'other') out.push(ok('mcp', '.mcp.json has a "claude-memory" server of its own making (kept as it is)'));
  else out.push(ok('mcp', '.mcp.json registers the claude-memory MCP server'));
  const disabledIn = facts.settings.filter((file) => file.mcpDisabled).map((file) => file.file);
  if (mcp.entry !== 'none' && disabledIn.length)
    out.push(
      warn(
        'mcp',
        `${disabledIn.join(' and ')} disable the claude-memory MCP server (disabledMcpjsonServers)`,
        `remove "claude-memory" from disabledMcpjsonServers in ${disabledIn.join(' and ')}`,
      ),
    );
  return out;
}

function pluginFindings(facts: DoctorFacts): Finding[] {
  const out: Finding[] = [];
  if (facts.pluginsError) out.push(warn('plugin', `cannot read the installed plugins: ${facts.pluginsError}`));
  const projectHooks = facts.settings.some((file) => file.hooks.length > 0);
  for (const plugin of facts.plugins) {
    const reinstall = `claude plugin uninstall ${plugin.key} && claude plugin install ${plugin.key}`;
    if (!plugin.enabled) out.push(ok('plugin', `plugin ${plugin.key} is installed (${plugin.scope} scope) but disabled`));
    else if (!plugin.exists) out.push(broken('plugin', `plugin ${plugin.key} is enabled but its folder ${plugin.installPath} is gone`, reinstall));
    else if (!plugin.hasHooks) out.push(broken('plugin', `plugin ${plugin.key} has no hooks/hooks.json in ${plugin.installPath}`, reinstall));
    else
      out.push(
        ok(
          'plugin',
          `plugin ${plugin.key} is enabled (${plugin.scope} scope)${projectHooks ? '; it stands down here, where .claude/settings.json has the hooks' : ''}`,
        ),
      );
    if (plugin.exists && (plugin.hasNodeModules || plugin.bytes > 1024 * 1024)) {
      const marketplace = plugin.key.split('@')[1] ?? 'claude-memory';
      out.push(
        warn(
          'plugin',
          `the installed plugin takes ${(plugin.bytes / 1024 / 1024).toFixed(1)} MB: a copy of a whole checkout from an older marketplace layout (the plugin is 3 small files)`,
          `claude plugin marketplace update ${marketplace} && ${reinstall}`,
        ),
      );
    }
  }
  return out;
}

function gitHookFolderFindings(folder: GitHookFolderFacts, root: string): Finding[] {
  const shown = path.relative(root, folder.dir) || folder.dir;
  const out: Finding[] = [];
  const ours = folder.hooks.filter((hook) => hook.state === 'ours');
  const refresh = folder.hooks.filter((hook) => hook.name !== 'pre-commit');
  const at = (name: string) => path.join(shown, name);
  if (folder.committed) {
    for (const hook of refresh.filter((h) => h.state !== 'ours' && !h.callsUs)) {
      out.push(
        warn(
          'git-hooks',
          `${at(hook.name)} is committed with the project and does not call claude-memory: the index refreshes on the next read instead`,
          `add "claude-memory git-hook ${hook.name}" to ${at(hook.name)}`,
        ),
      );
    }
  } else if (!refresh.some((hook) => hook.state === 'ours')) {
    out.push(warn('git-hooks', `no git hooks in ${shown}: the index refreshes on the next read instead of right after a pull or checkout`, INIT));
  } else {
    for (const hook of refresh.filter((h) => h.state !== 'ours')) out.push(warn('git-hooks', `${at(hook.name)} is not installed`, INIT));
  }
  for (const hook of ours) {
    const launcher = hook.launcher!;
    if (launcher.kind === 'legacy') {
      // Scripts from before the launcher named the git-hook file of the install that ran init.
      if (!hook.targetExists) out.push(broken('git-hooks', `${at(hook.name)} runs ${launcher.entry}, which no longer exists: it does nothing`, INIT));
      else out.push(warn('git-hooks', `${at(hook.name)} runs ${launcher.entry}: it stops working when that install moves or goes`, INIT));
    } else if (launcher.kind === 'fixed') {
      if (!hook.targetExists)
        out.push(
          broken(
            'git-hooks',
            `${at(hook.name)} runs ${launcher.cli}, which does not exist (CLAUDE_MEMORY_BIN was set at init)`,
            `${INIT} (without CLAUDE_MEMORY_BIN)`,
          ),
        );
      else out.push(ok('git-hooks', `${at(hook.name)} runs ${launcher.cli} (CLAUDE_MEMORY_BIN at init)`));
    } else if (!hook.current) out.push(warn('git-hooks', `${at(hook.name)} is an older script of ours`, INIT));
  }
  if (ours.some((hook) => hook.launcher?.kind === 'launcher')) {
    for (const worktree of folder.worktrees) out.push(worktreeFinding(worktree, root));
  }
  if (!out.some((finding) => finding.status !== 'ok') && ours.length)
    out.push(ok('git-hooks', `git hooks ${ours.map((hook) => hook.name).join(', ')} installed in ${shown}`));
  return out;
}

function worktreeFinding(worktree: WorktreeFacts, root: string): Finding {
  const where = worktree.path === root ? 'the git hooks' : `the git hooks in the work tree ${worktree.path}`;
  return launcherFinding('launcher', where, worktree.launcher);
}

/** Every finding, in the order a user would fix them. */
export function checkInstall(facts: DoctorFacts): Finding[] {
  if (!facts.root)
    return [broken('repository', `${facts.cwd} is not inside a git work tree`, 'cd into your repository (or git init), then claude-memory init')];
  const out = [...memoryFindings(facts), ...claudeHookFindings(facts), ...mcpFindings(facts), ...pluginFindings(facts)];
  const plugin = activePlugin(facts.plugins);
  const claudeUsesLauncher = facts.settings.some((file) => file.hooks.some((hook) => hook.form === 'launcher')) || facts.mcp?.entry === 'launcher' || !!plugin;
  if (claudeUsesLauncher) out.push(launcherFinding('launcher', 'the Claude Code hooks and the MCP server', facts.claudeLauncher));
  for (const folder of facts.gitHooks) out.push(...gitHookFolderFindings(folder, facts.root));
  return out;
}

/** Pure: the report a person reads. */
export function formatFindings(facts: DoctorFacts, findings: Finding[]): string {
  const width = 7;
  const lines = [`claude-memory ${facts.version} doctor: ${facts.root ?? facts.cwd}`, ''];
  for (const finding of findings) {
    lines.push(`${finding.status.padEnd(width)} ${finding.message}`);
    if (finding.fix) lines.push(`${' '.repeat(width)} fix: ${finding.fix}`);
  }
  const count = (status: Status) => findings.filter((finding) => finding.status === status).length;
  const problems = count('broken');
  const warnings = count('warn');
  lines.push(
    '',
    problems || warnings ? `${problems} problem${problems === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}.` : 'Everything is in place.',
  );
  return lines.join('\n');
}
