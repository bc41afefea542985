import fs from 'node:fs';
import path from 'node:path';
import { checkMemoryTree, ensureCacheIgnored } from '../../cache/guard.js';
import type { CaptureTrigger } from '../../flows/capture-session.js';
import type { ChangedFiles } from '../../git/changed-files.js';
import type { EarlyStart } from './early-start.js';
import { hookRepository, readHookStdin } from './hook-input.js';
import { CLAUDE_EVENT_NAMES, normalizeEvent, parsePayload, safeSession, type HookEvent, type HookPayload } from './payload.js';

/**
 * `claude-memory hook [EVENT]`: what Claude Code runs on its hook events. bin/claude-memory.ts calls this before loading yargs,
 * and each event loads only the modules it needs, so the two hooks on the hot path (session start, prompt) stay
 * within a few milliseconds of a bare `node`. Hooks fail open: whatever happens the exit code is 0, stdout carries
 * the JSON answer or nothing, and problems go to `.claude-memory/.cache/log.jsonl`, never into Claude's context.
 */

interface HookInput {
  root: string;
  payload: HookPayload;
  sessionId?: string;
  /** Session start: git already asked, so it works while the flow's modules load. */
  changedFiles?: Promise<ChangedFiles>;
  /** Run by the plugin's hooks (`--plugin`): the plugin's MCP server is there too. */
  plugin: boolean;
}

/**
 * Each event is one flow call, loaded only for that event. What a flow returns is context for Claude (session start
 * and prompt only); the capture flows return nothing.
 */
const FLOWS: Record<HookEvent, (input: HookInput) => Promise<string | undefined>> = {
  'session-start': async ({ root, payload, sessionId, changedFiles, plugin }) =>
    (await import('../../flows/session-start.js')).startSession(root, { sessionId, source: payload.source, changedFiles, plugin }),
  'user-prompt-submit': async ({ root, payload, sessionId }) =>
    payload.prompt ? (await import('../../flows/prompt-recall.js')).recallForSession(root, payload.prompt, sessionId) : undefined,
  stop: async (input) => capture(input, 'stop'),
  'pre-compact': async (input) => capture(input, 'pre-compact'),
  'session-end': async (input) => capture(input, 'session-end'),
};

async function capture({ root, payload, sessionId }: HookInput, trigger: CaptureTrigger): Promise<undefined> {
  if (sessionId && payload.transcriptPath)
    (await import('../../flows/capture-session.js')).captureSession(root, { sessionId, transcriptPath: payload.transcriptPath, trigger });
  return undefined;
}

/** Pure: the event and flags from the arguments after `hook`. */
export function parseHookArgs(argv: string[]): { event?: string; plugin: boolean } {
  return { event: argv.find((arg) => !arg.startsWith('-')), plugin: argv.includes('--plugin') };
}

/**
 * The plugin's hooks and the ones `init` wrote into `.claude/settings.json` would both run; when the project has
 * its own, the plugin's copy stands down so the session gets the memory once.
 */
async function projectHasOwnHooks(root: string, event: HookEvent): Promise<boolean> {
  const { ourHookEvent } = await import('./hook-command.js');
  try {
    const settings = JSON.parse(fs.readFileSync(path.join(root, '.claude', 'settings.json'), 'utf8')) as {
      hooks?: Record<string, Array<{ hooks?: Array<{ command?: unknown }> }>>;
    };
    const groups = settings.hooks?.[CLAUDE_EVENT_NAMES[event]];
    return Array.isArray(groups) && groups.some((group) => Array.isArray(group?.hooks) && group.hooks.some((entry) => ourHookEvent(entry?.command) === event));
  } catch {
    return false;
  }
}

/** One synchronous write: the answer is a few kilobytes, and process.stdout would load the stream machinery. */
function writeStdout(text: string): void {
  const bytes = Buffer.from(text, 'utf8');
  let written = 0;
  try {
    while (written < bytes.length) written += fs.writeSync(1, bytes, written);
  } catch {
    process.stdout.write(bytes.subarray(written));
  }
}

/** Where a hook's input comes from and its answer goes: stdin and stdout, unless a test runs the hook in-process. */
export interface HookIo {
  stdin?: string;
  write?: (text: string) => void;
  /** What the launcher started before loading this module (early-start.ts). */
  early?: EarlyStart;
}

export async function runHookCommand(argv: string[], io: HookIo = {}): Promise<number> {
  // Inside the `claude -p` that compression starts: its hooks are off, and if one fires anyway it does nothing.
  if (process.env.CLAUDE_MEMORY_NESTED === '1') return 0;
  let root: string | undefined;
  let event: HookEvent | undefined;
  try {
    const args = parseHookArgs(argv);
    const payload = parsePayload(io.stdin ?? readHookStdin());
    event = normalizeEvent(args.event ?? payload.eventName);
    if (!event) return 0;
    // A repository without .claude-memory/ has not opted in (the plugin runs everywhere): do nothing.
    root = hookRepository(payload.cwd);
    if (!root) return 0;
    // A link planted where the memory tree has a folder (or INDEX.md): do nothing, say why in the log.
    checkMemoryTree(root);
    ensureCacheIgnored(root, { onlyNew: true });
    if (args.plugin && (await projectHasOwnHooks(root, event))) return 0;
    const changedFiles =
      event !== 'session-start'
        ? undefined
        : io.early?.root === root
          ? io.early.changedFiles
          : (await import('../../git/changed-files.js')).changedFiles(root).catch((): ChangedFiles => ({ files: [] }));
    const context = await FLOWS[event]({ root, payload, sessionId: safeSession(payload.sessionId), changedFiles, plugin: args.plugin });
    if (context) (io.write ?? writeStdout)(JSON.stringify({ hookSpecificOutput: { hookEventName: CLAUDE_EVENT_NAMES[event], additionalContext: context } }));
  } catch (err) {
    if (root) {
      const { logEvent } = await import('../../cache/log.js');
      logEvent(root, 'error', `hook ${event ?? argv[0] ?? '?'} failed: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  return 0;
}
