#!/usr/bin/env node
import { createRequire } from 'node:module';
import { HOT_BUNDLES, hotRoute } from './route.js';

/**
 * The ES module CLI. The `claude-memory` command starts at bin/launch.ts (CommonJS), which comes here for everything
 * but the hot commands; hook commands written by older versions name this file and still reach the same bundles.
 */

/**
 * The bundled copy of a hot entry point (scripts/bundle-hot.mjs writes dist/hot/ at build time: one file to load
 * instead of dozens), else the module tsc built.
 */
async function hot<T>(bundled: string, load: () => Promise<T>): Promise<T> {
  try {
    return (bundled.endsWith('.cjs') ? createRequire(import.meta.url)(bundled) : await import(bundled)) as T;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code !== 'ERR_MODULE_NOT_FOUND' && code !== 'MODULE_NOT_FOUND') throw err;
    return load();
  }
}

async function main(argv: string[]): Promise<number> {
  const route = hotRoute(argv);
  if (route === 'hook' || route === 'hook-start') {
    const { runHookCommand } = await hot(HOT_BUNDLES[route], () => import('../surfaces/hooks/run.js'));
    return runHookCommand(argv.slice(1));
  }
  if (route === 'git-hook') {
    // What the scripts in .git/hooks run: the hook's own work, never yargs or the rest of the CLI.
    const { runGitHook } = await hot(HOT_BUNDLES['git-hook'], () => import('../surfaces/hooks/git-hook.js'));
    return runGitHook(argv.slice(1));
  }
  if (argv[0] === 'mcp' && argv.slice(1).every((arg) => arg === '--plugin')) {
    // Claude Code starts the server at every session: skip loading the whole CLI (about a second under load).
    const { serveStdio } = await import('../surfaces/mcp/server.js');
    await serveStdio({ plugin: argv.includes('--plugin') });
    return 0;
  }
  if (route === 'fast') {
    const { runFast } = await hot(HOT_BUNDLES.fast, () => import('../surfaces/cli/fast.js'));
    if (await runFast(argv)) return 0;
  }
  const { runCli } = await import('../surfaces/cli/commands.js');
  return runCli(argv);
}

main(process.argv.slice(2)).then(
  (code) => {
    // A command module may have set its own exit code (doctor, git-hook); a zero from the CLI must not hide it.
    if (code) process.exitCode = code;
  },
  async (err: unknown) => {
    // Loaded here, not at the top: the hooks, which never fail this way, do not pay for it.
    const { reportFailure } = await import('../surfaces/cli/fail.js');
    reportFailure(err);
  },
);
