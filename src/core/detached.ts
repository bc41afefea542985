import { spawn } from 'node:child_process';

/**
 * Start `node <script> <args…>` in its own detached process and return at once: the caller (a hook that Claude Code
 * or git waits for) must not wait for slow work. The child outlives the caller, writes nothing to its output, and
 * reports its own problems to the log. Returns the child's pid, or undefined when it could not be started.
 */
export function startDetached(script: string, args: string[], cwd: string): number | undefined {
  const child = spawn(process.execPath, [script, ...args], { detached: true, stdio: 'ignore', cwd, windowsHide: true });
  child.on('error', () => {
    // reported by the caller through the missing pid; nothing may reach the waiting process
  });
  child.unref();
  return child.pid;
}
