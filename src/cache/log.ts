import fs from 'node:fs';
import path from 'node:path';
import { cacheLayout } from './layout.js';
import { assertWritableDir } from '../core/confine.js';
import type { LoadedConfig } from '../core/config.js';
import { redactText } from '../core/redact/index.js';
import { escapeJsonText } from '../core/text-safety.js';

const MAX_LOG_BYTES = 1024 * 1024;

/**
 * Append one line to `.claude-memory/.cache/log.jsonl`. Hooks report every failure here instead of to Claude.
 * Messages are redacted and the log rotates at 1 MiB, so it can neither leak a secret nor grow without bound.
 * Never throws: a failing log must not turn into a failing hook.
 */
export function logEvent(
  root: string,
  level: 'info' | 'warn' | 'error',
  message: string,
  fields: Record<string, string | number | boolean | undefined> = {},
): void {
  try {
    const file = cacheLayout(root).log;
    assertWritableDir(path.dirname(file));
    fs.mkdirSync(path.dirname(file), { recursive: true });
    try {
      if (fs.lstatSync(file).size > MAX_LOG_BYTES) fs.renameSync(file, `${file}.1`);
    } catch {
      // no log yet
    }
    const safe: Record<string, string | number | boolean> = {};
    for (const [key, value] of Object.entries(fields)) {
      if (value !== undefined) safe[key] = typeof value === 'string' ? redactText(value).slice(0, 2000) : value;
    }
    // JSON escapes C0 controls; the others that act on a terminal (someone will `cat` or `tail` this) too.
    const line = escapeJsonText(JSON.stringify({ time: new Date().toISOString(), level, message: redactText(message).slice(0, 2000), ...safe }));
    // O_NOFOLLOW: a log file planted as a link is not written through; O_NONBLOCK: nor does a FIFO block the hook.
    const fd = fs.openSync(
      file,
      fs.constants.O_WRONLY | fs.constants.O_APPEND | fs.constants.O_CREAT | (fs.constants.O_NOFOLLOW ?? 0) | (fs.constants.O_NONBLOCK ?? 0),
      0o644,
    );
    try {
      fs.writeSync(fd, `${line}\n`);
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    // see above
  }
}

/** The settings a flow ignored or changed on the way in (core/config.ts), one log line each, so a user sees why. */
export function logConfigNotices(root: string, loaded: LoadedConfig): void {
  if (loaded.error) logEvent(root, 'warn', loaded.error);
  for (const notice of loaded.notices)
    logEvent(root, notice.kind === 'machine-setting' ? 'warn' : 'info', `config: ${notice.message}`, { file: notice.file, key: notice.key });
}
