import path from 'node:path';
import type { CommandModule } from 'yargs';
import { logEvent } from '../../../cache/log.js';
import { compressPending, compressTranscript, type CompressResult } from '../../../flows/compress-session.js';
import { resolveRoot } from '../../../git/root.js';
import { UsageError, field, print, printJson } from '../output.js';

interface Args {
  transcript?: string;
  session?: string;
  pending: boolean;
  json: boolean;
}

function report(result: Pick<CompressResult, 'created' | 'updated'>): string {
  return [...result.created.map((id) => `created ${field(id)}`), ...result.updated.map((id) => `updated ${field(id)}`)].join('\n');
}

/** The hooks run this same command in the background; with nothing new it prints nothing and exits 0. */
const command: CommandModule<object, Args> = {
  command: 'compress',
  describe: 'turn new transcript lines into notes (or retry queued work with --pending)',
  builder: (y) =>
    y
      .option('transcript', { type: 'string', describe: 'Claude Code transcript (.jsonl)' })
      .option('session', { type: 'string', describe: 'session id (default: the transcript file name)' })
      .option('pending', { type: 'boolean', default: false, describe: 'retry compressions queued while the API was unavailable' })
      .option('json', { type: 'boolean', default: false, describe: 'print JSON' })
      .check((args) => {
        if (!args.pending && !args.transcript) throw new UsageError('give --transcript FILE, or --pending');
        return true;
      }),
  handler: async (args) => {
    const root = resolveRoot();
    try {
      if (args.pending) {
        const result = await compressPending(root);
        const created = result.results.flatMap((r) => r.created);
        const updated = result.results.flatMap((r) => r.updated);
        if (args.json)
          printJson({ created, updated, done: result.results.length, remaining: result.remaining, dropped: result.dropped, ignored: result.ignored });
        else {
          const lines = report({ created, updated });
          if (lines) print(lines);
          if (result.remaining) print(`${result.remaining} compressions still pending (the API is unavailable)`);
        }
        return;
      }
      const transcript = args.transcript!;
      const sessionId = args.session ?? path.basename(transcript).replace(/\.jsonl$/, '');
      const result = await compressTranscript(root, { transcriptPath: transcript, sessionId });
      if (args.json)
        printJson({
          created: result.created,
          updated: result.updated,
          path: result.path,
          ...(result.route ? { route: result.route } : {}),
          ...(result.reason ? { reason: result.reason } : {}),
        });
      else {
        const lines = report(result);
        if (lines) print(lines);
        if (result.path === 'queued') print('the API is unavailable: queued; run "claude-memory compress --pending" later');
      }
    } catch (err) {
      logEvent(root, 'error', 'compress failed', { reason: (err as Error).message });
      throw err;
    }
  },
};

export default command;
