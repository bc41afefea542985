import { changedFiles, type ChangedFiles } from '../../git/changed-files.js';
import { hookRepository } from './hook-input.js';
import { normalizeEvent, parsePayload } from './payload.js';

/**
 * Session start asks git which files the branch changed, and in a repository of 100,000 notes git reads a 14 MB
 * index to answer (about 20 ms). The launcher (bin/launch.ts) asks here, before it loads the hook's bundle, so git
 * works while node compiles the rest; run.ts uses the answer when it is for the same repository.
 */

export interface EarlyStart {
  root: string;
  changedFiles: Promise<ChangedFiles>;
}

/** For a session start in a repository with memory: git asked already. Anything else: undefined. */
export function startEarly(argv: string[], stdin: string): EarlyStart | undefined {
  if (process.env.CLAUDE_MEMORY_NESTED === '1') return undefined;
  const payload = parsePayload(stdin);
  if (normalizeEvent(argv.find((arg) => !arg.startsWith('-')) ?? payload.eventName) !== 'session-start') return undefined;
  return startEarlyAt(payload.cwd);
}

/** The same for `claude-memory context`, in the repository around `cwd`. */
export function startEarlyAt(cwd: string | undefined): EarlyStart | undefined {
  const root = hookRepository(cwd);
  return root ? { root, changedFiles: changedFiles(root).catch((): ChangedFiles => ({ files: [] })) } : undefined;
}
