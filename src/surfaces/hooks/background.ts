import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** This package's own CLI, next to this file in dist/: the hook starts exactly the code it belongs to. */
export const CLI_PATH = fileURLToPath(new URL('../cli/main.js', import.meta.url));

/**
 * Start `claude-memory compress …` in its own detached process and return at once: compression calls a model and
 * may take seconds, and Claude Code waits for hooks. The child outlives the hook (and the session), writes nothing
 * to our stdout, and reports its own problems to the log.
 */
export function startBackgroundCompress(root: string, args: string[]): number | undefined {
  const child = spawn(process.execPath, [CLI_PATH, 'compress', ...args], { detached: true, stdio: 'ignore', cwd: root, windowsHide: true });
  child.on('error', () => {
    // reported by the caller's log line below through the missing pid; nothing may reach Claude
  });
  child.unref();
  return child.pid;
}
