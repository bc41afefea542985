import type { CommandModule } from 'yargs';
import { resolveRoot } from '../../../git/root.js';
import { UsageError, print, printJson } from '../output.js';

interface Args {
  format: 'agents-md' | 'claude-md';
  budget?: number;
  file?: string;
  check: boolean;
  json: boolean;
}

const command: CommandModule<object, Args> = {
  command: 'export',
  describe: 'write the memory overview into AGENTS.md or CLAUDE.md (between marker comments) for other agents',
  builder: (y) =>
    y
      .option('format', {
        type: 'string',
        choices: ['agents-md', 'claude-md'] as const,
        demandOption: true,
        describe: 'agents-md → AGENTS.md, claude-md → CLAUDE.md',
      })
      .option('budget', { type: 'number', describe: 'token budget of the section (default 1000)' })
      .option('file', { type: 'string', describe: 'write into this file instead (e.g. .github/copilot-instructions.md)' })
      .option('check', { type: 'boolean', default: false, describe: 'write nothing; exit 1 when the section is out of date (for CI)' })
      .option('json', { type: 'boolean', default: false, describe: 'print { file, upToDate, written }' }),
  handler: async (args) => {
    if (args.budget !== undefined && (!Number.isInteger(args.budget) || args.budget < 100))
      throw new UsageError('--budget must be a whole number of tokens, at least 100');
    const { exportAgentsFile } = await import('../../../flows/export.js');
    const result = exportAgentsFile(resolveRoot(), { format: args.format, budgetTokens: args.budget, file: args.file, check: args.check });
    if (args.json) printJson(result);
    else if (result.upToDate) print(`${result.file}: the claude-memory section is up to date`);
    else if (result.written) print(`wrote the claude-memory section of ${result.file}`);
    if (args.check && !result.upToDate)
      throw new Error(
        `${result.file}: the claude-memory section is out of date; run claude-memory export --format ${args.format}${args.file ? ` --file ${args.file}` : ''}${args.budget ? ` --budget ${args.budget}` : ''}`,
      );
  },
};

export default command;
