import { parseArgs } from 'node:util';
import { requireMemory } from '../install/memory-required.js';
import { resolveRoot } from '../../git/root.js';
import { formatHits, print, printJson } from './output.js';
import type { EarlyStart } from '../hooks/early-start.js';

/**
 * The commands Claude Code runs on every session and prompt skip yargs (about 60 ms to load, as much as the whole
 * budget) and parse with node's built-in parseArgs; so does `index`, which should not wait for the whole CLI.
 * Anything this parser does not accept returns false and the full yargs CLI handles it, with its help and usage
 * errors.
 */
/** The repository, which must have `.claude-memory/` (see install/memory-required.ts). */
function memoryRoot(): string {
  const root = resolveRoot();
  requireMemory(root);
  return root;
}

/** `early`: what the launcher started before loading this module (surfaces/hooks/early-start.ts). */
export async function runFast(argv: string[], early?: EarlyStart): Promise<boolean> {
  const [command, ...rest] = argv;
  if (rest.some((arg) => arg === '--help' || arg === '-h' || arg === '--version')) return false;
  let parsed;
  try {
    if (command === 'search') {
      parsed = parseArgs({
        args: rest,
        allowPositionals: true,
        options: {
          limit: { type: 'string', short: 'n' },
          json: { type: 'boolean' },
          all: { type: 'boolean' },
          type: { type: 'string' },
          topic: { type: 'string' },
          lexical: { type: 'boolean' },
        },
      });
      const limit = parsed.values.limit === undefined ? 10 : Number(parsed.values.limit);
      if (parsed.positionals.length !== 1 || !Number.isInteger(limit) || limit < 1) return false;
      const root = memoryRoot();
      // Loaded here, not at the top: `context` must not pay for MiniSearch and the stemmer.
      const { searchNotes } = await import('../../retrieve/search.js');
      const hits = await searchNotes(root, parsed.positionals[0]!, {
        limit,
        all: parsed.values.all,
        type: parsed.values.type,
        topic: parsed.values.topic,
        lexical: parsed.values.lexical,
      });
      if (parsed.values.json) {
        // Loaded only for --json: provenance costs a git process the plain listing does not need.
        const { withProvenance } = await import('../../git/provenance.js');
        printJson(await withProvenance(root, hits));
      } else print(formatHits(hits));
      return true;
    }
    if (command === 'context') {
      parsed = parseArgs({ args: rest, allowPositionals: false, options: { json: { type: 'boolean' } } });
      const root = memoryRoot();
      // Exactly what the session-start hook injects, so a user can see what Claude is told.
      const { sessionStartContext } = await import('../../flows/session-start.js');
      const { text: context } = await sessionStartContext(root, { changedFiles: early?.root === root ? early.changedFiles : undefined });
      if (parsed.values.json) printJson({ context });
      else print(context);
      return true;
    }
    if (command === 'index') {
      parsed = parseArgs({ args: rest, allowPositionals: false, options: { json: { type: 'boolean' } } });
      memoryRoot();
      // The full CLI takes about 300 ms to load, a tenth of a 10,000-note rebuild.
      const { runIndex } = await import('./commands/index-notes.js');
      await runIndex(parsed.values.json === true);
      return true;
    }
  } catch (err) {
    if ((err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) return false;
    throw err;
  }
  return false;
}
