import type { CommandModule } from 'yargs';
import { resolveRange, reviewChanges, reviewMarkdown } from '../../../git/review.js';
import { resolveRoot } from '../../../git/root.js';
import { print, printJson } from '../output.js';

const command: CommandModule<object, { range?: string; json: boolean }> = {
  command: 'review [range]',
  describe: 'memory changes between two commits, as markdown for a pull request (default: merge base with the default branch..HEAD)',
  builder: (y) =>
    y
      .positional('range', { type: 'string', describe: 'A..B, A...B or A (A..HEAD)' })
      .option('json', { type: 'boolean', default: false, describe: 'print { added, changed, superseded, archived, deleted }' }),
  handler: async (args) => {
    const root = resolveRoot();
    const range = await resolveRange(root, args.range);
    const review = await reviewChanges(root, range);
    if (args.json) printJson(review);
    else print(reviewMarkdown(review, range.label));
  },
};

export default command;
