import fs from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../core/config.js';
import { logEvent } from '../core/log.js';
import { memoryPaths } from '../core/paths.js';
import { readCursor } from '../capture/cursor.js';
import { readSessionState, writeSessionState } from '../capture/session-state.js';
import { entryPoint } from '../bin/paths.js';
import { startDetached } from '../core/detached.js';
import type { HookHandler } from '../surfaces/hooks/run.js';

export interface CompressDecisionInput {
  transcriptSize: number;
  /** Where compression has got to (the session's cursor). */
  cursorOffset: number;
  /** Transcript size when a compression was last started for this session. */
  startedAt?: number;
  minNewBytes: number;
  /** PreCompact and SessionEnd: whatever remains goes, however little. */
  final: boolean;
}

/** Pure: start a compression now? Material already handed to a running compression does not count again. */
export function shouldCompress(input: CompressDecisionInput): boolean {
  const from = Math.max(input.cursorOffset, input.startedAt ?? 0);
  const fresh = input.transcriptSize - from;
  if (fresh <= 0) return false;
  return input.final || fresh >= input.minNewBytes;
}

/**
 * Stop, PreCompact and SessionEnd: look at how much transcript has not been compressed yet and, when it is enough,
 * hand it to a detached `claude-memory compress`. Returns at once either way.
 */
export function triggerCompression(root: string, sessionId: string, transcriptPath: string, final: boolean): boolean {
  // The transcript is Claude Code's own file under ~/.claude; it must at least be a regular .jsonl file.
  if (!path.isAbsolute(transcriptPath) || !transcriptPath.endsWith('.jsonl')) return false;
  let size: number;
  try {
    const stat = fs.statSync(transcriptPath);
    if (!stat.isFile()) return false;
    size = stat.size;
  } catch {
    return false;
  }
  const { config } = loadConfig(memoryPaths(root).configFile);
  const state = readSessionState(root, sessionId);
  const cursor = readCursor(root, sessionId);
  const go = shouldCompress({ transcriptSize: size, cursorOffset: cursor?.offset ?? 0, startedAt: state.compressStartedAt, minNewBytes: config.compression.minNewBytes, final });
  if (!go) return false;
  const pid = startDetached(entryPoint('compressWorker'), ['--transcript', transcriptPath, '--session', sessionId], root);
  writeSessionState(root, { ...state, compressStartedAt: size });
  logEvent(root, pid ? 'info' : 'warn', pid ? 'compression started in the background' : 'could not start the background compression', { session: sessionId, bytes: size - (cursor?.offset ?? 0), final });
  return true;
}

export const onStop: HookHandler = async ({ root, sessionId, payload }) => {
  if (sessionId && payload.transcriptPath) triggerCompression(root, sessionId, payload.transcriptPath, false);
  return undefined;
};

/** PreCompact and SessionEnd: compress whatever remains. */
export const onFinal: HookHandler = async ({ root, sessionId, payload }) => {
  if (sessionId && payload.transcriptPath) triggerCompression(root, sessionId, payload.transcriptPath, true);
  return undefined;
};
