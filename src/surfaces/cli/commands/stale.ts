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

const command: CommandModule<object, { fix: boolean; ack: string[]; json: boolean; quiet: boolean }> = {
  command: 'stale',
  describe: 'notes whose files were deleted, renamed or changed heavily since the note was last committed',
  builder: (y) =>
    y
      .option('fix', { type: 'boolean', default: false, describe: 'update the paths of renamed files in the notes' })
      .option('ack', {
        type: 'string',
        array: true,
        default: [],
        describe: 'clear the stale flag of note ID in this clone, without editing the note (until another reason appears)',
      })
      .option('json', { type: 'boolean', default: false, describe: 'print JSON' })
      .option('quiet', { type: 'boolean', default: false, describe: 'only update the cache session start reads' }),
  handler: async (args) => {
    const ack = args.ack
      .flatMap((value) => String(value).split(','))
      .map((id) => id.trim())
      .filter(Boolean);
    const report = await updateStale(resolveRoot(), { fix: args.fix, ack });
    const notStale = report.notStale.length ? new Error(`not a stale note, nothing to acknowledge: ${report.notStale.join(', ')}`) : undefined;
    if (args.quiet || args.json) {
      if (args.json) printJson(report);
      if (notStale) throw notStale;
      return;
    }
    const lines = report.fixed.map((file) => `fixed paths in ${field(file)}`);
    for (const id of report.acknowledged) lines.push(`acknowledged ${field(id)}: its stale flag is cleared in this clone until another reason appears`);
    const silenced = new Set(report.silenced);
    const flagged = report.notes.filter((note) => !silenced.has(note.id));
    if (!flagged.length) lines.push(silenced.size ? `No stale notes (${silenced.size} acknowledged).` : 'No stale notes.');
    else {
      lines.push(`${flagged.length} note${flagged.length === 1 ? '' : 's'} may be stale${silenced.size ? ` (${silenced.size} more acknowledged)` : ''}:`);
      for (const note of flagged) {
        lines.push(`  ${field(note.id)}  ${field(note.title)} (${field(note.path)})`);
        for (const reason of note.reasons) lines.push(`    ${field(reason.file)}: ${field(describe(reason))}`);
      }
      if (flagged.some((note) => note.reasons.some((reason) => reason.kind === 'renamed')))
        lines.push('Run "claude-memory stale --fix" to update renamed paths.');
      lines.push('Review a note and edit it (which clears the flag), or keep it as it is with "claude-memory stale --ack ID".');
    }
    print(lines.join('\n'));
    if (notStale) throw notStale;
  },
};

export default command;
