import type { CommandModule } from 'yargs';
import { resolveRoot } from '../../../git/root.js';
import { refresh } from '../../../index/refresh.js';
import { print, printJson, warnProblems } from '../output.js';
import { withProgress } from '../progress.js';

/** `index`: rebuild every derived file from the notes. The launcher runs it without yargs (surfaces/cli/fast.ts). */
export async function runIndex(json: boolean): Promise<void> {
  const root = resolveRoot();
  const result = await withProgress('Indexing notes', (onProgress) => refresh(root, { force: true, onProgress }));
  warnProblems(result.problems);
  if (json) printJson({ notes: result.notes, problems: result.problems.length });
  else print(`indexed ${result.notes} notes${result.problems.length ? ` (${result.problems.length} problems: run claude-memory lint)` : ''}`);
}

const command: CommandModule<object, { json: boolean }> = {
  command: 'index',
  describe: 'rebuild the search cache and the layered index',
  builder: (y) => y.option('json', { type: 'boolean', default: false, describe: 'print JSON' }),
  handler: (args) => runIndex(args.json),
};

export default command;
