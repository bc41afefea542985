/**
 * Which bundled entry a command line goes to (scripts/bundle-hot.mjs builds them): the commands Claude Code and git
 * run on every session, prompt and pull skip yargs and the rest of the CLI. Pure, shared by the CommonJS launcher
 * (bin/launch.ts) and the ES module CLI (bin/claude-memory.ts).
 */
export type HotRoute = 'hook-start' | 'hook' | 'git-hook' | 'fast';

export function hotRoute(argv: string[]): HotRoute | undefined {
  const [command] = argv;
  if (command === 'hook' && !argv.includes('--help')) return argv[1] === 'session-start' ? 'hook-start' : 'hook';
  // What the scripts in .git/hooks run: exactly `git-hook <hook>`.
  if (command === 'git-hook' && argv.length === 2 && argv[1] !== '--help') return 'git-hook';
  // `index` too: a rebuild should not wait for the whole CLI to load.
  if (command === 'search' || command === 'context' || command === 'index') return 'fast';
  return undefined;
}

/** The bundle of each route, relative to dist/bin/. */
export const HOT_BUNDLES: Record<HotRoute, string> = {
  'hook-start': '../hot/hook-start.cjs',
  hook: '../hot/hook.cjs',
  'git-hook': '../hot/git-hook.js',
  fast: '../hot/fast.cjs',
};
