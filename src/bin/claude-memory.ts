#!/usr/bin/env node
const FAST = new Set(['search', 'context', 'hook']);

/**
 * The bundled copy of a hot entry point (scripts/bundle-hot.mjs writes dist/hot/ at build time: one file to load
 * instead of dozens), else the module tsc built. A variable specifier, so the compiler does not look for it.
 */
async function hot<T>(bundled: string, load: () => Promise<T>): Promise<T> {
  try {
    return (await import(bundled)) as T;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ERR_MODULE_NOT_FOUND') throw err;
    return load();
  }
}

async function main(argv: string[]): Promise<number> {
  if (argv[0] === 'hook' && !argv.includes('--help')) {
    const { runHookCommand } = await hot('../hot/hook.js', () => import('../surfaces/hooks/run.js'));
    return runHookCommand(argv.slice(1));
  }
  if (argv[0] === 'git-hook' && argv.length === 2 && argv[1] !== '--help') {
    // What the scripts in .git/hooks run: the hook's own work, never yargs or the rest of the CLI.
    const { runGitHook } = await hot('../hot/git-hook.js', () => import('../surfaces/hooks/git-hook.js'));
    return runGitHook(argv.slice(1));
  }
  if (argv[0] === 'mcp' && argv.slice(1).every((arg) => arg === '--plugin')) {
    // Claude Code starts the server at every session: skip loading the whole CLI (about a second under load).
    const { serveStdio } = await import('../surfaces/mcp/server.js');
    await serveStdio({ plugin: argv.includes('--plugin') });
    return 0;
  }
  if (FAST.has(argv[0] ?? '')) {
    const { runFast } = await hot('../hot/fast.js', () => import('../surfaces/cli/fast.js'));
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
    const { UsageError, printError } = await import('../surfaces/cli/output.js');
    // A user sees the reason, never a stack trace; CLAUDE_MEMORY_DEBUG shows it for bug reports. The reason can name
    // a file from a commit: escaped like everything the CLI prints.
    const message = err instanceof Error ? err.message : String(err);
    printError(`claude-memory: ${message}`);
    if (process.env.CLAUDE_MEMORY_DEBUG && err instanceof Error) printError(err.stack ?? '');
    process.exitCode = err instanceof UsageError ? 2 : 1;
  },
);
