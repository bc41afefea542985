import { pathToFileURL } from 'node:url';
import type { CommandModule } from 'yargs';
import { resolveRoot } from '../../../git/root.js';
import { UsageError, print } from '../output.js';

interface Args {
  out?: string;
  serve?: string;
  history: boolean;
}

/** `--serve` alone means any free port; `--serve 8080` that port. */
export function parsePort(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (value === '') return 0;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--serve: "${value}" is not a port number`);
  return port;
}

const command: CommandModule<object, Args> = {
  command: 'view',
  describe: 'generate a static site of the notes (topics, notes, history, search) and print where it is',
  builder: (y) =>
    y
      .option('out', { type: 'string', describe: 'site folder (default .claude-memory/.cache/viewer)' })
      .option('serve', { type: 'string', describe: 'also serve it on 127.0.0.1 (optional port; default any free port)' })
      .option('history', { type: 'boolean', default: true, describe: "include each note's git history (--no-history is faster on large memories)" }),
  handler: async (args) => {
    const port = parsePort(args.serve);
    const { buildViewer } = await import('../../viewer/build.js');
    const result = await buildViewer(resolveRoot(), { out: args.out, history: args.history });
    print(`${result.notes} notes, ${result.pages} pages in ${result.out}\nopen ${pathToFileURL(result.index).href}`);
    if (port === undefined) return;
    const { serveSite } = await import('../../viewer/serve.js');
    const server = await serveSite(result.out, port);
    print(`serving on ${server.url} (loopback only; Ctrl-C stops)`);
    await new Promise<void>((resolve) => {
      const stop = () => void server.close().then(resolve);
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
  },
};

export default command;
