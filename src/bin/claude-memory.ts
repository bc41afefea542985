#!/usr/bin/env node
const FAST = new Set(['search', 'context', 'hook']);

async function main(argv: string[]): Promise<number> {
  if (argv[0] === 'hook' && !argv.includes('--help')) {
    const { runHookCommand } = await import('../surfaces/hooks/run.js');
    return runHookCommand(argv.slice(1));
  }
  if (argv[0] === 'mcp' && argv.slice(1).every((arg) => arg === '--plugin')) {
    // Claude Code starts the server at every session: skip loading the whole CLI (about a second under load).
    const { serveStdio } = await import('../surfaces/mcp/server.js');
    await serveStdio({ plugin: argv.includes('--plugin') });
    return 0;
  }
  if (FAST.has(argv[0] ?? '')) {
    const { runFast } = await import('../surfaces/cli/fast.js');
    if (await runFast(argv)) return 0;
  }
  const { runCli } = await import('../surfaces/cli/commands.js');
  return runCli(argv);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  async (err: unknown) => {
    // Loaded here, not at the top: the hooks, which never fail this way, do not pay for it.
    const { UsageError } = await import('../surfaces/cli/output.js');
    // A user sees the reason, never a stack trace; CLAUDE_MEMORY_DEBUG shows it for bug reports.
    const message = err instanceof Error ? err.message : String(err);
    process.stderr.write(`claude-memory: ${message}\n`);
    if (process.env.CLAUDE_MEMORY_DEBUG && err instanceof Error) process.stderr.write(`${err.stack}\n`);
    process.exitCode = err instanceof UsageError ? 2 : 1;
  },
);
