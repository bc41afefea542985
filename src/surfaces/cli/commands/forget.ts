import type { CommandModule } from 'yargs';
import { archiveNote } from '../../../store/lifecycle.js';
import { resolveRoot } from '../../../git/root.js';
import { field, print, printJson } from '../output.js';

const command: CommandModule<object, { id: string; reason?: string; json: boolean }> = {
  command: 'forget <id>',
  describe: 'archive a note: it leaves the session context and search, and stays in git history',
  builder: (y) =>
    y
      .positional('id', { type: 'string', demandOption: true })
      .option('reason', { type: 'string', describe: 'why, recorded in the note as archivedReason' })
      .option('json', { type: 'boolean', default: false, describe: 'print JSON' }),
  handler: (args) => {
    const note = archiveNote(resolveRoot(), args.id, args.reason);
    if (args.json) printJson({ id: note.id, path: note.path, status: note.status });
    else print(`archived ${field(note.path)}`);
  },
};

export default command;
