import fs from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from '../../store/atomic.js';
import { explicitCommand, ourHookEvent, portableCommand } from '../hooks/hook-command.js';
import { CLAUDE_EVENT_NAMES, HOOK_EVENTS, type HookEvent } from '../hooks/payload.js';

/**
 * Registers the memory hooks in the project's `.claude/settings.json` (committed, so a teammate's clone gets them),
 * merged with whatever is there. Our entries are recognised by their command (see hook-command.ts), so `init` run
 * twice changes nothing and `uninstall` removes exactly them, leaving every other hook and key as it was.
 */

/** Seconds Claude Code waits for each hook. Session start may rebuild the index after a large pull. */
export const HOOK_TIMEOUTS: Record<HookEvent, number> = {
  'session-start': 15,
  'user-prompt-submit': 5,
  stop: 10,
  'pre-compact': 10,
  'session-end': 5,
};

interface HookEntry {
  type?: string;
  command?: unknown;
  timeout?: number;
  [key: string]: unknown;
}
interface HookGroup {
  matcher?: string;
  hooks?: HookEntry[];
  [key: string]: unknown;
}
type Settings = { hooks?: Record<string, HookGroup[]>; [key: string]: unknown };

const settingsFile = (root: string) => path.join(root, '.claude', 'settings.json');
const REL = '.claude/settings.json';

function readSettings(file: string): Settings {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw new Error(`${REL}: cannot read it (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
  if (!text.trim()) return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new Error(`${REL}: not valid JSON (${(err as Error).message}); fix it and run the command again`);
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw new Error(`${REL}: not a JSON object`);
  const settings = value as Settings;
  if (settings.hooks !== undefined) {
    if (!settings.hooks || typeof settings.hooks !== 'object' || Array.isArray(settings.hooks)) throw new Error(`${REL}: "hooks" is not an object`);
    for (const [event, groups] of Object.entries(settings.hooks)) {
      if (!Array.isArray(groups)) throw new Error(`${REL}: "hooks.${event}" is not a list`);
    }
  }
  return settings;
}

/** The command for an event: CLAUDE_MEMORY_BIN when set (an absolute path to the built CLI, ENTRY_POINTS.cli), else portable. */
export function commandFor(event: HookEvent, bin: string | undefined = process.env.CLAUDE_MEMORY_BIN): string {
  if (!bin) return portableCommand(event);
  if (!path.isAbsolute(bin)) throw new Error(`CLAUDE_MEMORY_BIN: "${bin}" is not an absolute path`);
  return explicitCommand(event, bin);
}

/** Pure: settings with our hooks in place; `changed` is false when they already were, exactly. */
export function withMemoryHooks(settings: Settings, command: (event: HookEvent) => string): { settings: Settings; changed: boolean } {
  const hooks: Record<string, HookGroup[]> = { ...(settings.hooks ?? {}) };
  let changed = false;
  for (const event of HOOK_EVENTS) {
    const name = CLAUDE_EVENT_NAMES[event];
    const wanted: HookEntry = { type: 'command', command: command(event), timeout: HOOK_TIMEOUTS[event] };
    let found = false;
    const groups: HookGroup[] = [];
    for (const group of hooks[name] ?? []) {
      if (!Array.isArray(group?.hooks)) {
        groups.push(group);
        continue;
      }
      const entries: HookEntry[] = [];
      for (const entry of group.hooks) {
        if (ourHookEvent(entry?.command) !== event) entries.push(entry);
        else if (found)
          changed = true; // a duplicate of ours: dropped
        else {
          found = true;
          if (entry.command !== wanted.command || entry.timeout !== wanted.timeout || entry.type !== 'command') changed = true;
          entries.push({ ...entry, ...wanted });
        }
      }
      if (entries.length) groups.push({ ...group, hooks: entries });
    }
    if (!found) {
      groups.push({ hooks: [wanted] });
      changed = true;
    }
    hooks[name] = groups;
  }
  return { settings: { ...settings, hooks }, changed };
}

/** Pure: settings without our hooks; groups, events and the `hooks` key that only held ours go too. */
export function withoutMemoryHooks(settings: Settings): { settings: Settings; removed: number } {
  if (!settings.hooks) return { settings, removed: 0 };
  let removed = 0;
  const hooks: Record<string, HookGroup[]> = {};
  for (const [name, groups] of Object.entries(settings.hooks)) {
    const kept: HookGroup[] = [];
    for (const group of groups) {
      if (!Array.isArray(group?.hooks)) {
        kept.push(group);
        continue;
      }
      const entries = group.hooks.filter((entry) => ourHookEvent(entry?.command) === undefined);
      removed += group.hooks.length - entries.length;
      if (entries.length || group.hooks.length === 0) kept.push({ ...group, hooks: entries });
    }
    if (kept.length || groups.length === 0) hooks[name] = kept;
  }
  const next: Settings = { ...settings, hooks };
  if (!Object.keys(hooks).length) delete next.hooks;
  return { settings: next, removed };
}

const write = (file: string, settings: Settings) => writeFileAtomic(file, `${JSON.stringify(settings, null, 2)}\n`);

export function installClaudeHooks(root: string): { messages: string[] } {
  const file = settingsFile(root);
  let merged: { settings: Settings; changed: boolean };
  try {
    merged = withMemoryHooks(readSettings(file), (event) => commandFor(event));
  } catch (err) {
    return { messages: [`Claude Code hooks not registered: ${(err as Error).message}`] };
  }
  const { settings: next, changed } = merged;
  if (!changed) return { messages: [] };
  write(file, next);
  return {
    messages: [
      `registered the Claude Code hooks in ${REL} (${HOOK_EVENTS.map((event) => CLAUDE_EVENT_NAMES[event]).join(', ')}); commit it so teammates get them`,
    ],
  };
}

export function uninstallClaudeHooks(root: string): { messages: string[] } {
  const file = settingsFile(root);
  if (!fs.existsSync(file)) return { messages: [] };
  const { settings, removed } = withoutMemoryHooks(readSettings(file));
  if (!removed) return { messages: [] };
  if (Object.keys(settings).length === 0) {
    // Nothing but our hooks was in it: the file goes, and the folder if it is now empty.
    fs.rmSync(file);
    try {
      fs.rmdirSync(path.dirname(file));
    } catch {
      // other files in .claude/: kept
    }
  } else write(file, settings);
  return { messages: [`removed ${removed} Claude Code hook${removed === 1 ? '' : 's'} from ${REL}`] };
}
