/**
 * What git's hooks run (see git/hooks-install.ts): `node git-hook.js <hook name>`. Only the code the hook needs is
 * loaded, never the whole CLI: a git hook should cost git users as little as possible.
 *
 *   post-merge | post-checkout | post-rewrite   bring the memory's derived files up to date (flows/refresh-after-git)
 *   pre-commit                                  the guard: refuse secrets and invalid notes (exit 3 refuses)
 *   --stale-only                                the detached second half of a refresh: recompute stale notes
 */
async function main(argv: string[]): Promise<number> {
  const [hook] = argv;
  // Not GUARD_HOOK from git/hooks-install.ts: that module loads simple-git, which the refresh hooks do not need.
  if (hook === 'pre-commit') {
    const { runGuard } = await import('../surfaces/cli/commands/guard.js');
    return runGuard();
  }
  const { findRepoRoot } = await import('../git/root.js');
  const { refreshAfterGit, updateStaleCache } = await import('../flows/refresh-after-git.js');
  if (hook === '--stale-only') {
    const root = findRepoRoot();
    if (root) await updateStaleCache(root);
    return 0;
  }
  await refreshAfterGit(hook);
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  () => {
    // Every stage logs its own failure; whatever is left must not fail the git operation.
    process.exitCode = 0;
  },
);
