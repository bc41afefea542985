import fs from 'node:fs';
import path from 'node:path';
import { isInside } from '../core/paths.js';

/**
 * Where transcripts may be read from when their path comes from a cache file (a pending job): the folders Claude
 * Code keeps them in, as this machine's environment says. A pending job can arrive by `git pull` (a committed cache
 * file), so its path is never opened on its word: it must resolve, links followed, inside one of these folders.
 * Paths given on the command line or by Claude Code's hook payload come from the machine and are not checked here.
 *
 * - `$CLAUDE_CONFIG_DIR/projects` (Claude Code's own setting), else `~/.claude/projects`;
 * - each absolute folder in `CLAUDE_MEMORY_TRANSCRIPT_DIRS` (path-delimiter separated), for transcripts kept elsewhere.
 */
export function transcriptFolders(env: NodeJS.ProcessEnv = process.env): string[] {
  const folders: string[] = [];
  const claudeDir =
    env.CLAUDE_CONFIG_DIR && path.isAbsolute(env.CLAUDE_CONFIG_DIR) ? env.CLAUDE_CONFIG_DIR : env.HOME ? path.join(env.HOME, '.claude') : undefined;
  if (claudeDir) folders.push(path.join(claudeDir, 'projects'));
  for (const extra of (env.CLAUDE_MEMORY_TRANSCRIPT_DIRS ?? '').split(path.delimiter)) if (extra && path.isAbsolute(extra)) folders.push(extra);
  return folders;
}

/** Whether a transcript path from a cache file resolves to a `.jsonl` file inside one of the transcript folders. */
export function transcriptAllowed(file: string, env: NodeJS.ProcessEnv = process.env): boolean {
  let real: string;
  try {
    real = fs.realpathSync(file);
    if (!real.endsWith('.jsonl') || !fs.statSync(real).isFile()) return false;
  } catch {
    return false;
  }
  return transcriptFolders(env).some((folder) => {
    try {
      return isInside(fs.realpathSync(folder), real);
    } catch {
      return false;
    }
  });
}
