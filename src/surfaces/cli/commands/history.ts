import type { CommandModule } from 'yargs';
import { noteHistory, pathInHistory } from '../../../git/provenance.js';
import { findNote } from '../../../store/notes.js';
import { resolveRoot } from '../../../git/root.js';
import { field, print, printJson } from '../output.js';

const command: CommandModule<object, { id: string; json: boolean }> = {
  command: 'history <id>',
  describe: "the note's commits, newest first, following renames (works for deleted notes too)",
  builder: (y) => y.positional('id', { type: 'string', demandOption: true }).option('json', { type: 'boolean', default: false, describe: 'print JSON' }),
  handler: async (args) => {
    const root = resolveRoot();
    const { note, problems } = findNote(root, args.id);
    if (!note && problems[0]?.code === 'invalid-id') throw new Error(`${args.id}: ${problems[0].reason}`);
    const notePath = note?.path ?? (await pathInHistory(root, args.id));
    if (!notePath) throw new Error(`no note with id "${args.id}" in the work tree or in the history of HEAD`);
    const entries = await noteHistory(root, notePath);
    if (args.json) printJson(entries);
    else if (!entries.length) print(`${field(notePath)}: not committed yet`);
    else {
      const word: Record<string, string> = { A: 'added', M: 'changed', D: 'deleted', R: 'renamed', C: 'copied' };
      print(
        entries
          .map(
            (e) =>
              `${field(e.commit.slice(0, 10))}  ${field(e.date.slice(0, 10))}  ${field(e.author)}  ${field(word[e.status] ?? e.status)}${e.from ? ` from ${field(e.from)}` : ''}  ${field(e.subject)}`,
          )
          .join('\n'),
      );
    }
  },
};

export default command;
