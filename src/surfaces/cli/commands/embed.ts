import type { CommandModule } from 'yargs';
import { embedNotes } from '../../../flows/embed-notes.js';
import { resolveRoot } from '../../../git/root.js';
import { print, printJson } from '../output.js';
import { withProgress } from '../progress.js';

/** The background run's work in the foreground, for a user who wants every note searchable by meaning now. */
const command: CommandModule<object, { json: boolean }> = {
  command: 'embed',
  describe: 'give every note its vector for search by meaning now (normally done in the background)',
  builder: (y) => y.option('json', { type: 'boolean', default: false, describe: 'print JSON' }),
  handler: async (args) => {
    const root = resolveRoot();
    const result = await withProgress('Embedding notes', (onProgress) => embedNotes(root, { onProgress }));
    if (args.json) printJson(result);
    else if (result.status === 'off' || result.status === 'unavailable') print(`search stays lexical: ${result.reason ?? 'no sentence model'}`);
    else if (result.status === 'busy') print('a background embedding run is already going; try again when it is done');
    else print(`embedded ${result.embedded} notes; ${result.withVectors} of ${result.notes} notes have a vector`);
  },
};

export default command;
