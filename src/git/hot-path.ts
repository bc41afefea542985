import { spawn } from 'node:child_process';

/**
 * git for the session-start hook, without simple-git. Importing simple-git costs about half of a bare `node -e 0`
 * (measured alternately on the CI machine), and the whole hook may take 1.5 × `node -e 0`; everything else runs git
 * through `exec.ts`. Only stdout is piped (each pipe costs set-up time), and there is no stdin, no error text: on
 * this path a git that fails or is slow simply gives nothing, and the hook goes on without it.
 */

/** git's stdout, or undefined when it fails, cannot start, or takes longer than `timeoutMs`. */
export function hotPathGit(root: string, args: string[], timeoutMs: number): Promise<string | undefined> {
  return new Promise((resolve) => {
    let child;
    try {
      // No optional locks: a read-only question must not rewrite the index under the user's own git.
      child = spawn('git', args, { cwd: root, env: { ...process.env, GIT_OPTIONAL_LOCKS: '0' }, stdio: ['ignore', 'pipe', 'ignore'], windowsHide: true });
    } catch {
      resolve(undefined);
      return;
    }
    const chunks: Buffer[] = [];
    // Give up at the deadline rather than when the pipe closes: a process git started (an alias, a hook) may hold
    // the pipe open after git itself is gone.
    const timer = setTimeout(() => {
      child.kill();
      child.stdout.destroy();
      resolve(undefined);
    }, timeoutMs);
    child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.on('error', () => {
      clearTimeout(timer);
      resolve(undefined);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve(code === 0 ? Buffer.concat(chunks).toString('utf8') : undefined);
    });
  });
}
