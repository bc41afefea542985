/**
 * The background embedding run: `node embed-worker.js`. Started detached, never waited for, by
 * index/embeddings/background.ts when notes lack a vector (after a capture hook, a compression, a refresh from git,
 * or a search that met such notes). It runs at low priority so Claude Code and the user's own work come first, stops
 * starting new batches after EMBED_RUN_MS (what it has done is saved; the next trigger carries on), prints nothing,
 * and reports to `.claude-memory/.cache/log.jsonl`. `claude-memory embed` does the same work in the foreground.
 */
import os from 'node:os';
import { logEvent } from '../cache/log.js';
import { embedNotes } from '../flows/embed-notes.js';
import { findRepoRoot } from '../git/root.js';
import { EMBED_RUN_MS } from '../index/embeddings/background.js';

async function main(): Promise<void> {
  const root = findRepoRoot();
  if (!root) return;
  try {
    os.setPriority(os.constants.priority.PRIORITY_LOW);
  } catch {
    // not allowed here: run at normal priority
  }
  try {
    await embedNotes(root, { deadline: Date.now() + EMBED_RUN_MS });
  } catch (err) {
    logEvent(root, 'error', 'embedding failed', { reason: (err as Error).message });
    process.exitCode = 1;
  }
}

void main();
