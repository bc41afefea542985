import type { CommandModule } from 'yargs';
import { resolveRoot } from '../../../git/root.js';
import { ciMarkdown, ciPassed } from '../../ci/report.js';
import { print, printJson } from '../output.js';

const command: CommandModule<object, { base?: string; json: boolean }> = {
  command: 'ci',
  describe: "check a pull request's memory (guard, lint, stale notes, review) as one markdown report; exit 1 on errors",
  builder: (y) =>
    y
      .option('base', { type: 'string', describe: 'the branch the pull request targets, e.g. origin/main (default: the default branch)' })
      .option('json', { type: 'boolean', default: false, describe: 'print the result as JSON' }),
  handler: async (args) => {
    const { runCi } = await import('../../../flows/ci.js');
    const result = await runCi(resolveRoot(), { base: args.base });
    if (args.json) printJson({ passed: ciPassed(result), ...result });
    else print(ciMarkdown(result));
    if (!ciPassed(result)) throw new Error(`memory check failed: ${result.errors.length} error${result.errors.length === 1 ? '' : 's'}`);
  },
};

export default command;
