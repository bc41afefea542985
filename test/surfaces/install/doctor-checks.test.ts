import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { GUARD_HOOK, REFRESH_HOOKS, type GitHookState } from '../../../src/git/hooks-install.js';
import { checkInstall, formatFindings } from '../../../src/surfaces/install/doctor-checks.js';
import type { DoctorFacts, GitHookFolderFacts, PluginFacts, SettingsFacts } from '../../../src/surfaces/install/doctor-facts.js';
import type { Launcher, LauncherRun } from '../../../src/surfaces/install/launcher.js';
import { HOOK_EVENTS } from '../../../src/surfaces/hooks/payload.js';

/**
 * The pure half of doctor over generated installs: every combination of present, missing, broken and foreign parts.
 * Whatever the facts, doctor answers; exit 1 exactly when something is broken; every problem says how to fix it;
 * and a finding is never about a part that is fine.
 */

const ROOT = '/work/project';

const launcher: fc.Arbitrary<Launcher & LauncherRun> = fc.oneof(
  fc.constant<Launcher & LauncherRun>({ kind: 'none' }),
  fc.record({
    kind: fc.constantFrom<Launcher['kind']>('project', 'main-worktree', 'path'),
    file: fc.constant('/x/claude-memory'),
    version: fc.option(fc.constant('0.1.0'), { nil: undefined }),
    error: fc.option(fc.constant('SyntaxError: boom'), { nil: undefined }),
  }),
);

const hookForm = fc.oneof(
  fc.constant({ form: 'launcher' as const }),
  fc.record({ form: fc.constant('fixed' as const), cli: fc.constant('/old/dist/bin/claude-memory.js'), exists: fc.boolean() }),
  fc.constant({ form: 'other' as const }),
);

const settings = (file: string): fc.Arbitrary<SettingsFacts> =>
  fc.record({
    file: fc.constant(file),
    present: fc.boolean(),
    error: fc.option(fc.constant('not valid JSON (Unexpected end)'), { nil: undefined }),
    hooks: fc.subarray([...HOOK_EVENTS]).chain((events) => fc.tuple(...events.map((event) => hookForm.map((form) => ({ event, ...form }))))),
    plugins: fc.dictionary(fc.constantFrom('claude-memory@claude-memory', 'claude-memory@other'), fc.boolean()),
    mcpDisabled: fc.boolean(),
  });

const gitHook = (name: string): fc.Arbitrary<GitHookState & { targetExists?: boolean }> =>
  fc.oneof(
    fc.constant({ name, file: `${ROOT}/.git/hooks/${name}`, state: 'missing' as const }),
    fc.record({ name: fc.constant(name), file: fc.constant(`${ROOT}/.git/hooks/${name}`), state: fc.constant('foreign' as const), callsUs: fc.boolean() }),
    fc.record({
      name: fc.constant(name),
      file: fc.constant(`${ROOT}/.git/hooks/${name}`),
      state: fc.constant('ours' as const),
      launcher: fc.oneof(
        fc.constant({ kind: 'launcher' as const, node: '/usr/bin/node' }),
        fc.constant({ kind: 'fixed' as const, cli: '/dev/dist/bin/claude-memory.js' }),
        fc.constant({ kind: 'legacy' as const, entry: '/old/dist/bin/git-hook.js' }),
      ),
      current: fc.boolean(),
      targetExists: fc.boolean(),
    }),
  );

const folder: fc.Arbitrary<GitHookFolderFacts> = fc.record({
  dir: fc.constantFrom(`${ROOT}/.git/hooks`, `${ROOT}/.husky`),
  committed: fc.boolean(),
  hooks: fc.tuple(...[...REFRESH_HOOKS, GUARD_HOOK].map(gitHook)),
  worktrees: fc.array(fc.record({ path: fc.constantFrom(ROOT, '/work/feature'), launcher }), { minLength: 1, maxLength: 2 }),
});

const plugin: fc.Arbitrary<PluginFacts> = fc.record({
  key: fc.constantFrom('claude-memory@claude-memory', 'claude-memory@other'),
  scope: fc.constantFrom('user', 'project', 'local'),
  installPath: fc.constant('/home/u/.claude/plugins/cache/claude-memory/claude-memory/0.1.0'),
  exists: fc.boolean(),
  hasHooks: fc.boolean(),
  bytes: fc.oneof(fc.constant(2_000), fc.constant(400_000_000)),
  hasNodeModules: fc.boolean(),
  enabled: fc.boolean(),
});

const facts: fc.Arbitrary<DoctorFacts> = fc.record({
  version: fc.constant('0.1.0'),
  cwd: fc.constant(ROOT),
  root: fc.option(fc.constant(ROOT), { nil: undefined, freq: 8 }),
  memory: fc.record({
    exists: fc.boolean(),
    gitignore: fc.record({ present: fc.boolean(), missing: fc.subarray(['INDEX.md', 'index/', '.cache/']) }),
    tracked: fc.subarray(['.claude-memory/.cache/catalog.json', '.claude-memory/INDEX.md']),
  }),
  settings: fc.tuple(settings('.claude/settings.json'), settings('.claude/settings.local.json')),
  mcp: fc.record({
    present: fc.boolean(),
    error: fc.option(fc.constant('not a JSON object'), { nil: undefined, freq: 4 }),
    entry: fc.constantFrom('none' as const, 'launcher' as const, 'fixed' as const, 'other' as const),
    cli: fc.constant('/old/dist/bin/claude-memory.js'),
    exists: fc.boolean(),
  }),
  plugins: fc.array(plugin, { maxLength: 2 }),
  pluginsError: fc.option(fc.constant('not valid JSON'), { nil: undefined, freq: 6 }),
  gitHooks: fc.array(folder, { maxLength: 2 }),
  claudeLauncher: launcher,
});

describe('checkInstall over generated installs', () => {
  it('always answers; broken findings carry a fix; the report says as much', () => {
    fc.assert(
      fc.property(facts, (input) => {
        const findings = checkInstall(input);
        expect(findings.length).toBeGreaterThan(0);
        for (const finding of findings) {
          if (finding.status === 'broken') expect(finding.fix, finding.message).toBeTruthy();
          expect(finding.message).not.toMatch(/undefined|\[object/);
        }
        const text = formatFindings(input, findings);
        const broken = findings.filter((finding) => finding.status === 'broken').length;
        expect(text.endsWith('Everything is in place.')).toBe(findings.every((finding) => finding.status === 'ok'));
        if (broken) expect(text).toContain(`${broken} problem${broken === 1 ? '' : 's'}`);
      }),
      { numRuns: 2_000, seed: 20261130 },
    );
  });

  it('finds nothing wrong with a complete install, and something wrong as soon as one part goes', () => {
    const ours = (name: string): GitHookState => ({
      name,
      file: `${ROOT}/.git/hooks/${name}`,
      state: 'ours',
      launcher: { kind: 'launcher', node: '/usr/bin/node' },
      current: true,
    });
    const healthy: DoctorFacts = {
      version: '0.1.0',
      cwd: ROOT,
      root: ROOT,
      memory: { exists: true, gitignore: { present: true, missing: [] }, tracked: [] },
      settings: [
        {
          file: '.claude/settings.json',
          present: true,
          hooks: HOOK_EVENTS.map((event) => ({ event, form: 'launcher' as const })),
          plugins: {},
          mcpDisabled: false,
        },
        { file: '.claude/settings.local.json', present: false, hooks: [], plugins: {}, mcpDisabled: false },
      ],
      mcp: { present: true, entry: 'launcher' },
      plugins: [],
      gitHooks: [
        {
          dir: `${ROOT}/.git/hooks`,
          committed: false,
          hooks: [...REFRESH_HOOKS.map(ours), { name: GUARD_HOOK, file: `${ROOT}/.git/hooks/${GUARD_HOOK}`, state: 'missing' }],
          worktrees: [{ path: ROOT, launcher: { kind: 'project', file: `${ROOT}/node_modules/claude-memory/dist/bin/claude-memory.js`, version: '0.1.0' } }],
        },
      ],
      claudeLauncher: { kind: 'project', file: `${ROOT}/node_modules/claude-memory/dist/bin/claude-memory.js`, version: '0.1.0' },
    };
    expect(checkInstall(healthy).filter((finding) => finding.status !== 'ok')).toEqual([]);

    const breakages: Array<[string, (f: DoctorFacts) => void]> = [
      ['no memory folder', (f) => (f.memory!.exists = false)],
      ['cache not ignored', (f) => (f.memory!.gitignore.missing = ['.cache/'])],
      ['a hook event gone', (f) => (f.settings[0]!.hooks = f.settings[0]!.hooks.slice(1))],
      ['nothing to run', (f) => (f.claudeLauncher = { kind: 'none' })],
      ['git hooks find nothing', (f) => (f.gitHooks[0]!.worktrees[0]!.launcher = { kind: 'none' })],
      [
        'legacy git hook to a gone checkout',
        (f) => (f.gitHooks[0]!.hooks[0] = { ...f.gitHooks[0]!.hooks[0]!, launcher: { kind: 'legacy', entry: '/gone/git-hook.js' }, current: false }),
      ],
    ];
    for (const [name, breakIt] of breakages) {
      const copy = structuredClone(healthy);
      breakIt(copy);
      expect(
        checkInstall(copy).some((finding) => finding.status === 'broken'),
        name,
      ).toBe(true);
    }
  });
});
