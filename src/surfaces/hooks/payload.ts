/**
 * The hook's input: one JSON object on stdin from Claude Code. Everything in it is checked before use; a payload
 * that is not what we expect makes the hook do nothing rather than fail.
 */

export const HOOK_EVENTS = ['session-start', 'user-prompt-submit', 'stop', 'pre-compact', 'session-end'] as const;
export type HookEvent = (typeof HOOK_EVENTS)[number];

export interface HookPayload {
  sessionId?: string;
  transcriptPath?: string;
  cwd?: string;
  eventName?: string;
  prompt?: string;
  /** SessionStart: startup | resume | clear | compact. */
  source?: string;
}

const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

/** Pure: the fields we use, from the raw stdin text; an empty payload when it is not a JSON object. */
export function parsePayload(raw: string): HookPayload {
  let value: unknown;
  try {
    value = raw.trim() ? JSON.parse(raw) : {};
  } catch {
    return {};
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return {};
  const v = value as Record<string, unknown>;
  return {
    sessionId: text(v.session_id),
    transcriptPath: text(v.transcript_path),
    cwd: text(v.cwd),
    eventName: text(v.hook_event_name),
    prompt: text(v.prompt),
    source: text(v.source),
  };
}

/** Pure: `SessionStart`, `session_start`, `session-start` … all name the same event. */
export function normalizeEvent(name: string | undefined): HookEvent | undefined {
  if (!name) return undefined;
  const kebab = name
    .replace(/([a-z])([A-Z])/g, '$1-$2')
    .replace(/_/g, '-')
    .toLowerCase();
  return (HOOK_EVENTS as readonly string[]).includes(kebab) ? (kebab as HookEvent) : undefined;
}

/** Claude Code's own name for an event, as `hookSpecificOutput.hookEventName` wants it. */
export const CLAUDE_EVENT_NAMES: Record<HookEvent, string> = {
  'session-start': 'SessionStart',
  'user-prompt-submit': 'UserPromptSubmit',
  stop: 'Stop',
  'pre-compact': 'PreCompact',
  'session-end': 'SessionEnd',
};

/** Session ids name files (state, cursor): only characters safe in a file name, or no id at all. */
export function safeSession(sessionId: unknown): string | undefined {
  if (typeof sessionId !== 'string') return undefined;
  const safe = sessionId.replace(/[^A-Za-z0-9_-]/g, '').slice(0, 80);
  return safe || undefined;
}
