import fs from 'node:fs';
import { isRecord } from './json-file.js';

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
    /** Environment variable that holds the API key. */
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


/** Overlay user values on defaults, keeping only keys and types the defaults know. */
function overlay<T extends object>(base: T, user: unknown): T {
  if (!isRecord(user)) return base;
  const out: Record<string, unknown> = { ...(base as Record<string, unknown>) };
  for (const [key, def] of Object.entries(base)) {
    const value = user[key];
    if (value === undefined) continue;
    if (isRecord(def)) out[key] = overlay(def as object, value);
    else if (Array.isArray(def)) {
      if (Array.isArray(value)) out[key] = value;
    } else if (typeof value === typeof def) out[key] = value;
  }
  return out as T;
}

/** Pure: config from the text of config.json (or null when absent). Bad JSON yields defaults plus an error. */
export function parseConfig(text: string | null, file: string): { config: MemoryConfig; error?: string } {
  if (text === null) return { config: DEFAULT_CONFIG };
  try {
    const config = overlay(DEFAULT_CONFIG, JSON.parse(text));
    if (!['off', 'stage', 'commit'].includes(config.onNewNotes)) config.onNewNotes = DEFAULT_CONFIG.onNewNotes;
    return { config };
  } catch (err) {
    return { config: DEFAULT_CONFIG, error: `${file}: invalid JSON (${(err as Error).message}); using defaults` };
  }
}

export function loadConfig(file: string): { config: MemoryConfig; error?: string } {
  let text: string | null = null;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    text = null;
  }
  return parseConfig(text, file);
}
