/**
 * What git's hooks run (the scripts git/hooks-install.ts writes call `claude-memory git-hook <hook>`; bin/git-hook.ts
 * runs the same without the CLI). Only the code the hook needs is loaded: a git hook should cost git users as little
 * as possible.
 *
 *   post-merge | post-checkout | post-rewrite   bring the memory's derived files up to date (flows/refresh-after-git)
 *   pre-commit                                  the guard: refuse secrets and invalid notes (GUARD_REFUSED_EXIT refuses)
 *   --stale-only                                the detached second half of a refresh: recompute stale notes
 *   --verify-notes                              detached from the hot path: state every note, refresh edits in place
 *
 * Never rejects: every stage logs its own failure, and whatever is left must not fail the git operation.
 */
export async function runGitHook(argv: string[]): Promise<number> {
  const [hook] = argv;
  try {
    // Not GUARD_HOOK from git/hooks-install.ts: that module loads simple-git, which the refresh hooks do not need.
    if (hook === 'pre-commit') {
      const { runGuard } = await import('../cli/commands/guard.js');
      return await runGuard();
    }
    const { findRepoRoot } = await import('../../git/root.js');
    if (hook === '--verify-notes') {
      const root = findRepoRoot();
      // Stating the notes needs only fs; the refresh (remark, the YAML parser) loads when one changed.
      const [{ memoryPaths }, { freshness }] = await Promise.all([import('../../core/paths.js'), import('../../index/freshness.js')]);
      if (root && freshness(memoryPaths(root), 'full') === 'stale')
        (await import('../../index/refresh.js')).refresh(root, { mode: 'full', lockTimeoutMs: 10_000 });
      return 0;
    }
    const { refreshAfterGit, updateStaleCache } = await import('../../flows/refresh-after-git.js');
    if (hook === '--stale-only') {
      const root = findRepoRoot();
      if (root) await updateStaleCache(root);
      return 0;
    }
    await refreshAfterGit(hook);
  } catch {
    // see above: nothing may fail the git operation
  }
  return 0;
}
