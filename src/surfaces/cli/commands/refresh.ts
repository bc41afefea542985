import type { CommandModule } from 'yargs';
import { resolveRoot } from '../../../git/root.js';
import { refreshAfterGit, refreshNow } from '../../../flows/refresh-after-git.js';
import { print } from '../output.js';

/** The git hooks run bin/git-hook.ts directly, without the CLI; `--git-hook` does the same from the CLI. */
const command: CommandModule<object, { gitHook?: string; quiet: boolean }> = {
  command: 'refresh',
  describe: 'bring the derived files (search cache, INDEX.md, stale notes) up to date; the git hooks run this',
  builder: (y) =>
    y
      .option('git-hook', { type: 'string', describe: 'the git hook calling (stale notes are then recomputed in the background)' })
      .option('quiet', { type: 'boolean', default: false }),
  handler: async (args) => {
    if (args.gitHook) return refreshAfterGit(args.gitHook);
    const root = resolveRoot();
    const result = await refreshNow(root);
    if (!args.quiet) print(`${result.status}: ${result.notes} notes`);
  },
};

export default command;
