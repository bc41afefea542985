/**
 * The background compression: `node compress-worker.js --transcript FILE --session ID`, or `--pending` to retry the
 * queue. The Stop, PreCompact and SessionEnd hooks and session start leave it running detached (flows/capture-session,
 * flows/session-start) and return at once. It prints nothing, skips the CLI and its argument parser, and reports its
 * problems to `.claude-memory/.cache/log.jsonl`; `claude-memory compress` does the same work in the foreground.
 */
import { parseArgs } from 'node:util';
import { checkMemoryTree, ensureCacheIgnored } from '../cache/guard.js';
import { logEvent } from '../cache/log.js';
import { findRepoRoot } from '../git/root.js';
import { compressPending, compressTranscript } from '../flows/compress-session.js';

async function main(argv: string[]): Promise<void> {
  const root = findRepoRoot();
  if (!root) return;
  try {
    checkMemoryTree(root);
    ensureCacheIgnored(root);
    const { values } = parseArgs({ args: argv, options: { transcript: { type: 'string' }, session: { type: 'string' }, pending: { type: 'boolean' } } });
    if (values.pending) await compressPending(root);
    else if (values.transcript && values.session) await compressTranscript(root, { transcriptPath: values.transcript, sessionId: values.session });
    else throw new Error(`compress-worker: give --transcript FILE --session ID, or --pending (got: ${argv.join(' ')})`);
  } catch (err) {
    logEvent(root, 'error', 'compress failed', { reason: (err as Error).message });
    process.exitCode = 1;
  }
}

void main(process.argv.slice(2));
