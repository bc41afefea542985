import type { CommandModule } from 'yargs';
import { reviewMemory } from '../../../flows/review.js';
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
    const { review, markdown } = await reviewMemory(resolveRoot(), args.range);
    if (args.json) printJson(review);
    else print(markdown);
  },
};

export default command;
