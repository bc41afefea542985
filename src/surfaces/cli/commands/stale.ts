import type { CommandModule } from 'yargs';
import { updateStale, type StaleReason } from '../../../git/stale.js';
import { resolveRoot } from '../../../git/root.js';
import { field, print, printJson } from '../output.js';

function describe(reason: StaleReason): string {
  if (reason.kind === 'renamed') return `renamed to ${reason.to}`;
  if (reason.kind === 'changed') return `changed heavily (${reason.churn} lines added or deleted, file has ${reason.lines})`;
  if (reason.kind === 'missing') return 'does not exist';
  return 'deleted';
}

const command: CommandModule<object, { fix: boolean; json: boolean; quiet: boolean }> = {
  command: 'stale',
  describe: 'notes whose files were deleted, renamed or changed heavily since the note was last committed',
  builder: (y) =>
    y
      .option('fix', { type: 'boolean', default: false, describe: 'update the paths of renamed files in the notes' })
      .option('json', { type: 'boolean', default: false, describe: 'print JSON' })
      .option('quiet', { type: 'boolean', default: false, describe: 'only update the cache session start reads' }),
  handler: async (args) => {
    const report = await updateStale(resolveRoot(), { fix: args.fix });
    if (args.quiet) return;
    if (args.json) {
      printJson(report);
      return;
    }
    const lines = report.fixed.map((file) => `fixed paths in ${field(file)}`);
    if (!report.notes.length) lines.push('No stale notes.');
    else {
      lines.push(`${report.notes.length} note${report.notes.length === 1 ? '' : 's'} may be stale:`);
      for (const note of report.notes) {
        lines.push(`  ${field(note.id)}  ${field(note.title)} (${field(note.path)})`);
        for (const reason of note.reasons) lines.push(`    ${field(reason.file)}: ${field(describe(reason))}`);
      }
      if (report.notes.some((note) => note.reasons.some((reason) => reason.kind === 'renamed'))) lines.push('Run "claude-memory stale --fix" to update renamed paths.');
    }
    print(lines.join('\n'));
  },
};

export default command;
