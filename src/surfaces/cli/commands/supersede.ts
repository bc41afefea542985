import type { CommandModule } from 'yargs';
import { supersedeNote } from '../../../store/lifecycle.js';
import { resolveRoot } from '../../../git/root.js';
import { field, print, printJson } from '../output.js';

const command: CommandModule<object, { old: string; new: string; json: boolean }> = {
  command: 'supersede <old> <new>',
  describe: 'mark note OLD as superseded by note NEW (both keep a link to the other)',
  builder: (y) =>
    y
      .positional('old', { type: 'string', demandOption: true })
      .positional('new', { type: 'string', demandOption: true })
      .option('json', { type: 'boolean', default: false, describe: 'print JSON' }),
  handler: (args) => {
    const { old, replacement } = supersedeNote(resolveRoot(), args.old, args.new);
    if (args.json) printJson({ superseded: { id: old.id, path: old.path }, by: { id: replacement.id, path: replacement.path } });
    else print(`superseded ${field(old.path)}\n        by ${field(replacement.path)}`);
  },
};

export default command;
