import fs from 'node:fs';
import path from 'node:path';
import { isRecord } from './json-file.js';

/**
 * Settings, from two sides of the trust boundary (docs/security.md):
 *
 * - the repository's `.claude-memory/config.json` arrives by `git pull` from anyone who can push. It may tune the
 *   memory (budgets, thresholds, what to do with new notes), but every number is clamped to a safe range, and it may
 *   not choose anything that belongs to the machine: which environment variable holds a credential, hosts, commands
 *   or paths. Such keys are ignored and reported (`lint`, and a log line from the flows that would have used them);
 * - the user's own settings, `$XDG_CONFIG_HOME/claude-memory/config.json` (default `~/.config/claude-memory/`), or
 *   the file `CLAUDE_MEMORY_USER_CONFIG` names, and the environment: trusted, and they win over the repository.
 */

export type OnNewNotes = 'off' | 'stage' | 'commit';

export interface MemoryConfig {
  /** Token budget of the session-start context (layer 0 plus notes about changed files). */
  contextBudgetTokens: number;
  /** Token budget of the pointers injected at prompt time. */
  promptBudgetTokens: number;
  /** Minimum BM25 score (as MiniSearch computes it) for a prompt-time pointer; two matched words and half the best score are also required. */
  promptMinScore: number;
  promptMaxPointers: number;
  /** What compression does with the notes it writes. */
  onNewNotes: OnNewNotes;
  compression: {
    model: string;
    maxDigestTokens: number;
    maxOutputTokens: number;
    /** New transcript bytes that make the Stop hook start a background compression. */
    minNewBytes: number;
    maxTokensPerSession: number;
    maxTokensPerDay: number;
    timeoutMs: number;
    /** Attempts after the first on 429, 5xx, timeouts and dropped connections (the SDK's own backoff). */
    maxRetries: number;
    /** Notes one compression event may create or update. */
    maxNotesPerEvent: number;
    /** Environment variable that holds the API key. Machine-owned: only the user's settings may change it. */
    apiKeyEnv: string;
    /** false: always use the offline extractive path, even with a key. */
    useLlm: boolean;
    /**
     * Model routes tried in this order: `sdk` (ANTHROPIC_API_KEY or ANTHROPIC_AUTH_TOKEN), `claude` (the user's own
     * `claude` binary, headless), `extractive`. The repository chooses among routes; which binary, credentials and
     * host they use comes from the environment only.
     */
    routes: string[];
    /** Cost ceiling of one `claude -p` compression (`--max-budget-usd`). */
    maxBudgetUsd: number;
    /** Spend per day, all routes together, past which compression takes the extractive path. */
    maxUsdPerDay: number;
  };
}

export const DEFAULT_CONFIG: MemoryConfig = {
  contextBudgetTokens: 1000,
  promptBudgetTokens: 200,
  promptMinScore: 6,
  promptMaxPointers: 3,
  onNewNotes: 'stage',
  compression: {
    model: 'claude-haiku-4-5',
    maxDigestTokens: 8000,
    maxOutputTokens: 2000,
    minNewBytes: 20_000,
    maxTokensPerSession: 60_000,
    maxTokensPerDay: 400_000,
    timeoutMs: 60_000,
    maxRetries: 3,
    maxNotesPerEvent: 4,
    apiKeyEnv: 'ANTHROPIC_API_KEY',
    useLlm: true,
    routes: ['sdk', 'claude', 'extractive'],
    maxBudgetUsd: 0.1,
    maxUsdPerDay: 2,
  },
};

/**
 * The range a repository may set each number in. Upper bounds keep a commit from flooding the model's context,
 * spending the user's tokens or holding a process for long; lower bounds keep it from making the hooks fire on every
 * line or a pointer out of every word. The user's own settings may go past them.
 */
export const REPOSITORY_LIMITS: Record<string, { min: number; max: number; integer?: boolean }> = {
  contextBudgetTokens: { min: 100, max: 2_000, integer: true },
  promptBudgetTokens: { min: 0, max: 400, integer: true },
  promptMinScore: { min: 2, max: 1_000 },
  promptMaxPointers: { min: 0, max: 5, integer: true },
  'compression.maxDigestTokens': { min: 500, max: 16_000, integer: true },
  'compression.maxOutputTokens': { min: 256, max: 4_096, integer: true },
  'compression.minNewBytes': { min: 4_096, max: 100_000_000, integer: true },
  'compression.maxTokensPerSession': { min: 0, max: 120_000, integer: true },
  'compression.maxTokensPerDay': { min: 0, max: 800_000, integer: true },
  'compression.timeoutMs': { min: 100, max: 120_000, integer: true },
  'compression.maxRetries': { min: 0, max: 4, integer: true },
  'compression.maxNotesPerEvent': { min: 1, max: 8, integer: true },
  'compression.maxBudgetUsd': { min: 0, max: 0.5 },
  'compression.maxUsdPerDay': { min: 0, max: 5 },
};

/** The compression routes there are; a repository may order or drop them, not name others. */
const ROUTES: readonly string[] = ['sdk', 'claude', 'extractive'];

/** Keys only the user's settings may set: a credential's name, and (as they are added) hosts, commands and paths. */
export const MACHINE_KEYS = new Set(['compression.apiKeyEnv']);

/** A model name a repository may choose: Anthropic's own naming, nothing that could smuggle a URL or a flag. */
const MODEL_NAME = /^claude-[a-z0-9][a-z0-9.-]{0,62}$/;
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,127}$/;
const ON_NEW_NOTES: readonly string[] = ['off', 'stage', 'commit'];
const USER_CONFIG_HINT = '~/.config/claude-memory/config.json';
/** A config file is a few hundred bytes; anything much larger is not one. */
const MAX_CONFIG_BYTES = 64 * 1024;

export interface ConfigNotice {
  /** The file the setting came from, as shown to the user. */
  file: string;
  /** Dotted key, e.g. `compression.apiKeyEnv`. */
  key: string;
  kind: 'machine-setting' | 'clamped' | 'invalid' | 'unknown';
  message: string;
}

export interface LoadedConfig {
  config: MemoryConfig;
  /** The repository file could not be used at all (not JSON, a link, too large): defaults apply. */
  error?: string;
  /** Settings ignored or changed on the way in, each naming its file and key. */
  notices: ConfigNotice[];
}

type Source = 'repository' | 'user';

/** Overlay one file's values on `base`, keeping only known keys of the right type, and applying `source`'s rules. */
function overlay(
  base: Record<string, unknown>,
  value: unknown,
  prefix: string,
  source: Source,
  file: string,
  notices: ConfigNotice[],
): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  if (!isRecord(value)) return out;
  const notice = (key: string, kind: ConfigNotice['kind'], message: string) => notices.push({ file, key, kind, message });
  for (const [name, given] of Object.entries(value)) {
    const key = `${prefix}${name}`;
    if (!Object.prototype.hasOwnProperty.call(base, name)) {
      notice(key, 'unknown', `unknown setting "${key}"; ignored`);
      continue;
    }
    const def = base[name];
    if (isRecord(def)) {
      out[name] = overlay(def, given, `${key}.`, source, file, notices);
      continue;
    }
    if (source === 'repository' && MACHINE_KEYS.has(key)) {
      if (given !== def)
        notice(key, 'machine-setting', `"${key}" belongs to this machine, not the repository: ignored (set it in your own ${USER_CONFIG_HINT} if you need it)`);
      continue;
    }
    if (typeof given !== typeof def || (typeof given === 'number' && !Number.isFinite(given))) {
      notice(key, 'invalid', `"${key}" must be a ${typeof def}; ignored`);
      continue;
    }
    out[name] = checked(key, given, source, notice);
  }
  return out;
}

/** One value after its rules: numbers rounded and clamped (repository) or kept non-negative (user); names checked. */
function checked(key: string, given: unknown, source: Source, notice: (key: string, kind: ConfigNotice['kind'], message: string) => void): unknown {
  if (typeof given === 'number') {
    const limit = REPOSITORY_LIMITS[key];
    let value = limit?.integer ? Math.round(given) : given;
    if (source === 'user') return Math.max(0, value);
    if (limit && (value < limit.min || value > limit.max)) {
      const clamped = Math.min(limit.max, Math.max(limit.min, value));
      notice(key, 'clamped', `"${key}" is ${given}; a repository may set ${limit.min} to ${limit.max}, so ${clamped} is used`);
      value = clamped;
    }
    return value;
  }
  if (key === 'compression.model' && !MODEL_NAME.test(given as string)) {
    notice(key, 'invalid', `"${key}" is not a model name (claude-…); ignored`);
    return DEFAULT_CONFIG.compression.model;
  }
  if (key === 'compression.apiKeyEnv' && !ENV_NAME.test(given as string)) {
    notice(key, 'invalid', `"${key}" is not an environment variable name; ignored`);
    return DEFAULT_CONFIG.compression.apiKeyEnv;
  }
  if (key === 'compression.routes') {
    const routes = Array.isArray(given) ? given.filter((route): route is string => typeof route === 'string' && ROUTES.includes(route)) : [];
    if (!Array.isArray(given) || routes.length !== given.length) notice(key, 'invalid', `"${key}" may list only ${ROUTES.join(', ')}; others ignored`);
    return [...new Set(routes)];
  }
  if (key === 'onNewNotes' && !ON_NEW_NOTES.includes(given as string)) {
    notice(key, 'invalid', `"onNewNotes" must be off, stage or commit; ignored`);
    return DEFAULT_CONFIG.onNewNotes;
  }
  return given;
}

/** Where the user's own settings live (machine side): never inside a repository. */
export function userConfigFile(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.CLAUDE_MEMORY_USER_CONFIG) return path.resolve(env.CLAUDE_MEMORY_USER_CONFIG);
  const xdg = env.XDG_CONFIG_HOME;
  if (xdg && path.isAbsolute(xdg)) return path.join(xdg, 'claude-memory', 'config.json');
  return env.HOME ? path.join(env.HOME, '.config', 'claude-memory', 'config.json') : undefined;
}

/** JSON text → value, with a reason that never quotes the text (the file may be a planted link to a secret). */
function parseJson(text: string): { value?: unknown; error?: string } {
  try {
    return { value: JSON.parse(text) };
  } catch {
    return { error: 'invalid JSON' };
  }
}

/**
 * Pure: the settings from the repository file's text and the user file's text (null when absent). The repository
 * layer is clamped and loses machine-owned keys; the user layer goes on top.
 */
export function resolveConfig(
  repository: { text: string | null; file: string },
  user: { text: string | null; file: string } = { text: null, file: '' },
): LoadedConfig {
  const notices: ConfigNotice[] = [];
  let error: string | undefined;
  let merged = DEFAULT_CONFIG as unknown as Record<string, unknown>;
  if (repository.text !== null) {
    const parsed = parseJson(repository.text);
    if (parsed.error) error = `${repository.file}: ${parsed.error}; using defaults`;
    else merged = overlay(merged, parsed.value, '', 'repository', repository.file, notices);
  }
  if (user.text !== null) {
    const parsed = parseJson(user.text);
    if (parsed.error) notices.push({ file: user.file, key: '', kind: 'invalid', message: `${parsed.error}; your own settings are not used` });
    else merged = overlay(merged, parsed.value, '', 'user', user.file, notices);
  }
  return { config: merged as unknown as MemoryConfig, notices, ...(error ? { error } : {}) };
}

/** A config file's text; null when absent; an error (never its content) when it is a link, not a file, or huge. */
function readConfigText(file: string): { text: string | null; error?: string } {
  let fd: number;
  try {
    fd = fs.openSync(file, fs.constants.O_RDONLY | (fs.constants.O_NOFOLLOW ?? 0) | (fs.constants.O_NONBLOCK ?? 0));
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return { text: null };
    return { text: null, error: code === 'ELOOP' ? 'is a symbolic link; not read' : `cannot be read (${code ?? 'error'})` };
  }
  try {
    const stat = fs.fstatSync(fd);
    if (!stat.isFile()) return { text: null, error: 'is not a file; not read' };
    if (stat.size > MAX_CONFIG_BYTES) return { text: null, error: `is larger than ${MAX_CONFIG_BYTES} bytes; not read` };
    return { text: fs.readFileSync(fd, 'utf8') };
  } catch (err) {
    return { text: null, error: `cannot be read (${(err as NodeJS.ErrnoException).code ?? 'error'})` };
  } finally {
    fs.closeSync(fd);
  }
}

/** The settings for a repository: its `config.json` (`file`) under the user's own settings. */
export function loadConfig(file: string, env: NodeJS.ProcessEnv = process.env): LoadedConfig {
  const repository = readConfigText(file);
  const userFile = userConfigFile(env);
  const user = userFile ? readConfigText(userFile) : { text: null };
  const loaded = resolveConfig({ text: repository.text, file }, { text: user.text, file: userFile ?? '' });
  if (repository.error) loaded.error = `${file}: ${repository.error}; using defaults`;
  if (user.error && userFile) loaded.notices.push({ file: userFile, key: '', kind: 'invalid', message: `${user.error}; your own settings are not used` });
  return loaded;
}
