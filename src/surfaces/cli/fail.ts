import { UsageError, printError } from './output.js';

/**
 * How a failed command ends: the reason on stderr (escaped like everything the CLI prints, since it can name a file
 * from a commit), never a stack trace unless CLAUDE_MEMORY_DEBUG asks for one; exit code 2 for a usage error, else 1.
 */
export function reportFailure(err: unknown): void {
  const message = err instanceof Error ? err.message : String(err);
  printError(`claude-memory: ${message}`);
  if (process.env.CLAUDE_MEMORY_DEBUG && err instanceof Error) printError(err.stack ?? '');
  process.exitCode = err instanceof UsageError ? 2 : 1;
}
