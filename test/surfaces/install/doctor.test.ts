import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Finding } from '../../../src/surfaces/install/doctor-checks.js';
import { CLI, git, initRepo, linkInstalledPackage, runCliSync, tempDir, tempRepo, writeFile } from '../../helpers/temp-repo.js';

/**
 * `claude-memory doctor` in real repositories, run as a user runs it: with a HOME of its own (no Claude Code plugins
 * unless a test installs one) and a PATH on which no claude-memory is found unless a test puts one there.
 */

const cleanup: string[] = [];
afterAll(() => {
  for (const dir of cleanup) fs.rmSync(dir, { recursive: true, force: true });
});

const home = tempDir('claude-memory-doctor-home-');
cleanup.push(home);
const BASE_PATH = [path.dirname(process.execPath), '/usr/local/bin', '/usr/bin', '/bin'].join(path.delimiter);

interface Report {
  code: number;
  text: string;
  findings: Finding[];
}

function doctor(root: string, env: Record<string, string> = {}): Report {
  const environment = { HOME: home, CLAUDE_CONFIG_DIR: '', PATH: BASE_PATH, ...env };
  const text = runCliSync(root, ['doctor'], { env: environment });
  const json = runCliSync(root, ['doctor', '--json'], { env: environment });
  expect(json.code).toBe(text.code);
  const parsed = JSON.parse(json.stdout) as { ok: boolean; findings: Finding[] };
  expect(parsed.ok).toBe(text.code === 0);
  return { code: text.code, text: text.stdout, findings: parsed.findings };
}

const problems = (report: Report) => report.findings.filter((finding) => finding.status === 'broken');
const warnings = (report: Report) => report.findings.filter((finding) => finding.status === 'warn');

function repo(): string {
  const root = tempRepo();
  cleanup.push(root);
  writeFile(root, 'README.md', 'project\n');
  git(root, 'add', '-A');
  git(root, 'commit', '-qm', 'initial');
  return root;
}

/** A repository after a plain `init` (hooks, git hooks, MCP), set up in-process. */
async function initialised(): Promise<string> {
  const root = repo();
  await initRepo(root, { hooks: true, gitHooks: true, mcp: true });
  return root;
}

describe('claude-memory doctor', () => {
  it('outside a repository and before init: says what is missing and that init fixes it', () => {
    const outside = doctor(tempDir('claude-memory-not-a-repo-'));
    expect(outside.code).toBe(1);
    expect(problems(outside)).toEqual([expect.objectContaining({ area: 'repository', message: expect.stringContaining('not inside a git work tree') })]);

    const report = doctor(repo());
    expect(report.code).toBe(1);
    expect(problems(report).map((finding) => [finding.area, finding.fix])).toEqual([
      ['memory', 'claude-memory init'],
      ['claude-hooks', 'claude-memory init'],
    ]);
    expect(report.text).toContain('fix: claude-memory init');
  });

  it('after init with no claude-memory installed: every registration is there, and none can run', async () => {
    const root = await initialised();
    const report = doctor(root);
    expect(report.code).toBe(1);
    expect(problems(report).map((finding) => finding.message)).toEqual([
      'the Claude Code hooks and the MCP server find no claude-memory (none in node_modules/, none on PATH), so they do nothing',
      'the git hooks find no claude-memory (none in node_modules/, none on PATH), so they do nothing',
    ]);
    expect(problems(report)[0]!.fix).toMatch(/npm install --save-dev claude-memory/);
  });

  it('is content once claude-memory is a project dependency, and names the copy and its version', async () => {
    const root = await initialised();
    linkInstalledPackage(root);
    const report = doctor(root);
    expect(report.code, report.text).toBe(0);
    expect(warnings(report)).toEqual([]);
    const version = (JSON.parse(fs.readFileSync(path.join(root, 'node_modules/claude-memory/package.json'), 'utf8')) as { version: string }).version;
    expect(report.text).toContain(
      `run ${fs.realpathSync(root)}/node_modules/claude-memory/dist/bin/claude-memory.cjs (the project's node_modules, version ${version})`,
    );
    expect(report.text).toContain('Everything is in place.');
  });

  it('finds a global install on PATH', async () => {
    const root = await initialised();
    const bin = tempDir('claude-memory-global-');
    cleanup.push(bin);
    fs.writeFileSync(path.join(bin, 'claude-memory'), `#!/bin/sh\nexec '${process.execPath}' '${CLI}' "$@"\n`, { mode: 0o755 });
    const report = doctor(root, { PATH: `${bin}${path.delimiter}${BASE_PATH}` });
    expect(report.code, report.text).toBe(0);
    expect(report.text).toContain(`run ${bin}/claude-memory (PATH, version`);
  });

  it('reports a claude-memory that is found but does not start', async () => {
    const root = await initialised();
    writeFile(root, 'node_modules/claude-memory/dist/bin/claude-memory.cjs', 'throw new Error("half an install");\n');
    fs.appendFileSync(path.join(root, '.git', 'info', 'exclude'), 'node_modules/\n');
    const report = doctor(root);
    expect(report.code).toBe(1);
    expect(problems(report)[0]!.message).toMatch(/claude-memory\.c?js, which does not start: .*half an install|which does not start/);
  });

  it('reports git hooks of an older install that name a checkout that is gone, and init repairs them', async () => {
    const root = await initialised();
    linkInstalledPackage(root);
    const legacy = `#!/bin/sh\n# claude-memory git hook (post-merge); installed by "claude-memory init".\nNODE='/usr/bin/node'\nREFRESH='/home/someone/old-checkout/dist/bin/git-hook.js'\n[ -f "$REFRESH" ] && "$NODE" "$REFRESH" post-merge\nexit 0\n`;
    fs.writeFileSync(path.join(root, '.git', 'hooks', 'post-merge'), legacy, { mode: 0o755 });
    const report = doctor(root);
    expect(report.code).toBe(1);
    expect(problems(report)).toEqual([
      {
        status: 'broken',
        area: 'git-hooks',
        message: '.git/hooks/post-merge runs /home/someone/old-checkout/dist/bin/git-hook.js, which no longer exists: it does nothing',
        fix: 'claude-memory init',
      },
    ]);
    expect(runCliSync(root, ['init']).stdout).toContain('installed git hooks post-merge');
    expect(doctor(root).code).toBe(0);
  });

  it('reports hooks fixed to a CLAUDE_MEMORY_BIN that is gone', () => {
    const root = repo();
    const gone = path.join(tempDir('claude-memory-moved-'), 'dist', 'bin', 'claude-memory.js');
    expect(runCliSync(root, ['init'], { env: { CLAUDE_MEMORY_BIN: gone } }).code).toBe(0);
    const report = doctor(root);
    expect(report.code).toBe(1);
    const areas = problems(report).map((finding) => finding.area);
    expect(areas.filter((area) => area === 'claude-hooks')).toHaveLength(5);
    expect(areas).toContain('mcp');
    expect(areas.filter((area) => area === 'git-hooks')).toHaveLength(3);
    expect(problems(report).every((finding) => finding.fix === 'claude-memory init (without CLAUDE_MEMORY_BIN)')).toBe(true);
    expect(runCliSync(root, ['init']).stdout).toContain('updated the MCP server "claude-memory" in .mcp.json');
    linkInstalledPackage(root);
    const repaired = doctor(root);
    expect(repaired.code, repaired.text).toBe(0);
    expect(warnings(repaired)).toEqual([]);
  });

  it('reports a .gitignore that stopped ignoring the cache, and committed generated files, with their fixes', async () => {
    const root = await initialised();
    linkInstalledPackage(root);
    fs.writeFileSync(path.join(root, '.claude-memory', '.gitignore'), 'INDEX.md\n');
    writeFile(root, '.claude-memory/.cache/catalog.json', '{}');
    git(root, 'add', '-A', '.claude-memory');
    const report = doctor(root);
    expect(report.code).toBe(1);
    expect(problems(report).map((finding) => [finding.message, finding.fix])).toEqual([
      ['.claude-memory/.gitignore does not ignore index/, .cache/: generated files would be committed', 'claude-memory init'],
      [
        'git tracks generated files (1, under .claude-memory/.cache); they are rebuilt from the notes and conflict on every merge',
        'git rm -r --cached -- .claude-memory/.cache && git commit -m "Stop tracking generated memory files"',
      ],
    ]);
    expect(runCliSync(root, ['init']).stdout).toContain('added index/, .cache/ to .claude-memory/.gitignore');
    git(root, 'rm', '-r', '-q', '--cached', '--', '.claude-memory/.cache');
    expect(doctor(root).code).toBe(0);
  });

  it('reports settings Claude Code cannot read, and a hooks folder committed with the project', async () => {
    const root = await initialised();
    linkInstalledPackage(root);
    writeFile(root, '.claude/settings.local.json', '{ "hooks": ');
    writeFile(root, '.husky/post-merge', '#!/bin/sh\nnpm test\n');
    git(root, 'add', '.husky');
    git(root, 'commit', '-qm', 'team hooks');
    git(root, 'config', 'core.hooksPath', '.husky');
    const report = doctor(root);
    expect(report.code).toBe(1);
    expect(problems(report)).toEqual([
      expect.objectContaining({ area: 'claude-hooks', message: expect.stringMatching(/^\.claude\/settings\.local\.json: not valid JSON/) }),
    ]);
    expect(warnings(report).map((finding) => finding.fix)).toEqual([
      'add "claude-memory git-hook post-merge" to .husky/post-merge',
      'add "claude-memory git-hook post-checkout" to .husky/post-checkout',
      'add "claude-memory git-hook post-rewrite" to .husky/post-rewrite',
    ]);
  });

  it("follows worktrees: a linked one without node_modules runs the main work tree's copy", async () => {
    const root = await initialised();
    linkInstalledPackage(root);
    git(root, 'add', '-A');
    git(root, 'commit', '-qm', 'memory');
    const linked = path.join(tempDir('claude-memory-linked-'), 'feature');
    cleanup.push(path.dirname(linked));
    git(root, 'worktree', 'add', '-q', '-b', 'feature', linked);
    const report = doctor(linked);
    expect(report.text).toContain(`the git hooks in the work tree ${fs.realpathSync(root)} run`);
    expect(report.text).toMatch(/the git hooks run \S+\/node_modules\/claude-memory\/dist\/bin\/claude-memory\.cjs \(the main work tree's node_modules/);
    // Claude Code started in the linked work tree runs the main work tree's copy too.
    expect(report.text).toMatch(
      /the Claude Code hooks and the MCP server run \S+\/node_modules\/claude-memory\/dist\/bin\/claude-memory\.cjs \(the main work tree's node_modules/,
    );
    expect(report.code, report.text).toBe(0);
  });

  it('reads plugins from CLAUDE_CONFIG_DIR, and flags an installed copy of a whole checkout', async () => {
    const root = await initialised();
    linkInstalledPackage(root);
    const config = tempDir('claude-memory-config-');
    cleanup.push(config);
    const installPath = path.join(config, 'plugins', 'cache', 'claude-memory', 'claude-memory', '0.1.0');
    writeFile(installPath, 'hooks/hooks.json', '{"hooks":{}}');
    writeFile(installPath, 'node_modules/some-dependency/index.js', 'x'.repeat(2 * 1024 * 1024));
    // The layout claude 2.1.197 writes (seen in test/e2e/plugin-install.test.ts).
    writeFile(
      config,
      'plugins/installed_plugins.json',
      JSON.stringify({ version: 2, plugins: { 'claude-memory@claude-memory': [{ scope: 'user', installPath, version: '0.1.0' }] } }),
    );
    writeFile(config, 'settings.json', JSON.stringify({ enabledPlugins: { 'claude-memory@claude-memory': true } }));
    const report = doctor(root, { CLAUDE_CONFIG_DIR: config });
    expect(report.code, report.text).toBe(0);
    expect(report.text).toContain('plugin claude-memory@claude-memory is enabled (user scope); it stands down here, where .claude/settings.json has the hooks');
    expect(warnings(report)).toEqual([
      expect.objectContaining({
        area: 'plugin',
        message: expect.stringMatching(/^the installed plugin takes 2\.0 MB: a copy of a whole checkout/),
        fix: 'claude plugin marketplace update claude-memory && claude plugin uninstall claude-memory@claude-memory && claude plugin install claude-memory@claude-memory',
      }),
    ]);
    // Disabled for this project in its local settings: reported as such, nothing to fix.
    writeFile(root, '.claude/settings.local.json', JSON.stringify({ enabledPlugins: { 'claude-memory@claude-memory': false } }));
    expect(doctor(root, { CLAUDE_CONFIG_DIR: config }).text).toContain('plugin claude-memory@claude-memory is installed (user scope) but disabled');
  });
});
