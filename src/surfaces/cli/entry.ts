import fs from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * True when the module at `moduleUrl` is the script node was started with. The git hooks run some command files
 * directly, skipping the CLI (about a second to load on a busy machine), and each such file checks this.
 */
export function isEntryPoint(moduleUrl: string): boolean {
  try {
    return !!process.argv[1] && fs.realpathSync(process.argv[1]) === fileURLToPath(moduleUrl);
  } catch {
    return false;
  }
}
