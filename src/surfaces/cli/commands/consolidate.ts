import type { CommandModule } from 'yargs';
import { consolidate, type NoteRef } from '../../../store/consolidate.js';
import { resolveRoot } from '../../../git/root.js';
import { print, printJson } from '../output.js';

const show = (note: NoteRef) => `${note.path ?? note.id}${note.title ? `  "${note.title}"` : ''}`;

const command: CommandModule<object, { apply: boolean; json: boolean }> = {
  command: 'consolidate',
  describe: 'propose merges of near-duplicate notes and list chains of superseded notes (--apply writes the merges)',
  builder: (y) =>
    y
      .option('apply', { type: 'boolean', default: false, describe: 'merge each group into one note and supersede the others by it' })
      .option('json', { type: 'boolean', default: false, describe: 'print JSON' }),
  handler: (args) => {
    const result = consolidate(resolveRoot(), { apply: args.apply });
    if (args.json) {
      printJson(result);
      return;
    }
    const { merges, chains } = result.plan;
    const lines: string[] = [];
    lines.push(merges.length ? `Proposed merges (${merges.length}):` : 'No near-duplicate notes.');
    for (const merge of merges) {
      lines.push(`  keep ${show(merge.keep)}`);
      for (const fold of merge.fold) lines.push(`    fold ${show(fold)} — ${fold.reason}`);
    }
    if (chains.length) {
      lines.push(`Chains of superseded notes (${chains.length}); the last is in use:`);
      for (const chain of chains) lines.push(`  ${chain.map((note) => note.id).join(' → ')}`);
    }
    if (result.applied) {
      const { updated, superseded, skipped } = result.applied;
      lines.push(`Merged ${superseded.length} notes into ${updated.length}; review the change (git diff, claude-memory review) before committing.`);
      for (const reason of skipped) lines.push(`  skipped ${reason}`);
    } else if (merges.length) lines.push('Dry run: nothing was written. Run with --apply to merge, then review the diff in a pull request.');
    print(lines.join('\n'));
  },
};

export default command;
