import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { CommandModule } from 'yargs';
import { logEvent } from '../../../core/log.js';
import { memoryPaths } from '../../../core/paths.js';
import { findRepoRoot } from '../../../git/root.js';
import { refresh } from '../../../index/refresh.js';
import { isEntryPoint } from '../entry.js';

/**
 * What the post-merge, post-checkout and post-rewrite git hooks run: bring the index up to date now (incremental,
 * cheap), then recompute stale notes in a detached process so the git command returns at once. Never fails.
 * The hooks run this file directly (`node …/commands/refresh.js --git-hook post-merge`) rather than through the
 * CLI, which would load every command first.
 */
export async function refreshAfterGit(hook: string | undefined, cwd = process.cwd()): Promise<void> {
  const root = findRepoRoot(cwd);
  if (!root || !fs.existsSync(memoryPaths(root).memoryDir)) return;
  try {
    refresh(root, { lockTimeoutMs: 5_000 });
    // Tests and CI can ask for the stale computation to finish before the hook returns.
    if (process.env.CLAUDE_MEMORY_GIT_HOOK_SYNC === '1') await updateStaleCache(root);
    else spawn(process.execPath, [fileURLToPath(import.meta.url), '--stale-only'], { cwd: root, detached: true, stdio: 'ignore' }).unref();
  } catch (err) {
    logEvent(root, 'warn', `refresh after git ${hook ?? 'command'} failed: ${(err as Error).message}`);
  }
}

async function updateStaleCache(root: string): Promise<void> {
  try {
    const { updateStale } = await import('../../../git/stale.js');
    await updateStale(root);
  } catch (err) {
    logEvent(root, 'warn', `stale notes not recomputed: ${(err as Error).message}`);
  }
}

const command: CommandModule<object, { gitHook?: string; quiet: boolean }> = {
  command: 'refresh',
  describe: 'bring the derived files (search cache, INDEX.md, stale notes) up to date; the git hooks run this',
  builder: (y) =>
    y
      .option('git-hook', { type: 'string', describe: 'the git hook calling (stale notes are then recomputed in the background)' })
      .option('quiet', { type: 'boolean', default: false }),
  handler: async (args) => {
    if (args.gitHook) return refreshAfterGit(args.gitHook);
    const root = findRepoRoot();
    if (!root) throw new Error(`${process.cwd()}: not inside a git work tree`);
    const result = refresh(root);
    await updateStaleCache(root);
    if (!args.quiet) process.stdout.write(`${result.status}: ${result.notes} notes\n`);
  },
};

export default command;

if (isEntryPoint(import.meta.url)) {
  const args = process.argv.slice(2);
  const root = findRepoRoot();
  const run = args[0] === '--stale-only' ? (root ? updateStaleCache(root) : Promise.resolve()) : refreshAfterGit(args[0] === '--git-hook' ? args[1] : undefined);
  run.finally(() => {
    process.exitCode = 0;
  });
}
