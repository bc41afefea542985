/**
 * Token use of compression, per session and per day, in `.claude-memory/.cache/usage.json` (gitignored, local).
 * The ceilings in config are checked before a request; past them compression takes the extractive path.
 */
import { cacheLayout } from '../cache/layout.js';
import { readCacheFile } from '../cache/read.js';
import type { TokenCounts } from '../cache/schemas.js';
import { writeFileAtomic } from '../store/atomic.js';
import { withLock } from '../store/lock.js';

export interface UsageFile {
  sessions: Record<string, TokenCounts & { updated: string }>;
  days: Record<string, TokenCounts>;
}

export interface ApiUsage {
  input_tokens?: number | null;
  output_tokens?: number | null;
  cache_read_input_tokens?: number | null;
  cache_creation_input_tokens?: number | null;
}

export interface UsageSummary {
  today: TokenCounts;
  total: TokenCounts;
  sessions: number;
  /** The most recent sessions, newest first, with their total tokens. */
  recent: Array<{ session: string; tokens: number; requests: number; updated: string }>;
}

/** Sessions and days kept; older ones are dropped when the file is written. */
const KEEP_SESSIONS = 500;
const KEEP_DAYS = 90;

const zero = (): TokenCounts => ({ requests: 0, input: 0, output: 0, cacheRead: 0, cacheWrite: 0 });

export const totalTokens = (counts: TokenCounts): number => counts.input + counts.output + counts.cacheRead + counts.cacheWrite;

export function readUsage(root: string): UsageFile {
  const value = readCacheFile(cacheLayout(root).usage, 'usage');
  return { sessions: value?.sessions ?? {}, days: value?.days ?? {} };
}

function add(counts: TokenCounts, usage: ApiUsage): TokenCounts {
  return {
    requests: counts.requests + 1,
    input: counts.input + (usage.input_tokens ?? 0),
    output: counts.output + (usage.output_tokens ?? 0),
    cacheRead: counts.cacheRead + (usage.cache_read_input_tokens ?? 0),
    cacheWrite: counts.cacheWrite + (usage.cache_creation_input_tokens ?? 0),
  };
}

/** Pure: the usage file after one request. */
export function withRequest(file: UsageFile, sessionId: string, usage: ApiUsage, now: Date): UsageFile {
  const day = now.toISOString().slice(0, 10);
  const sessions = { ...file.sessions, [sessionId]: { ...add(file.sessions[sessionId] ?? zero(), usage), updated: now.toISOString() } };
  const days = { ...file.days, [day]: add(file.days[day] ?? zero(), usage) };
  const keptSessions = Object.entries(sessions)
    .sort((a, b) => (a[1].updated < b[1].updated ? 1 : -1))
    .slice(0, KEEP_SESSIONS);
  const keptDays = Object.keys(days).sort().reverse().slice(0, KEEP_DAYS);
  return { sessions: Object.fromEntries(keptSessions), days: Object.fromEntries(keptDays.map((d) => [d, days[d]!])) };
}

/** Record one request's usage; several compressions may finish at once, hence the lock. */
export function recordUsage(root: string, sessionId: string, usage: ApiUsage, now = new Date()): void {
  const { usage: file, usageLock } = cacheLayout(root);
  withLock(usageLock, () => writeFileAtomic(file, `${JSON.stringify(withRequest(readUsage(root), sessionId, usage, now), null, 1)}\n`));
}

export interface Ceilings {
  maxTokensPerSession: number;
  maxTokensPerDay: number;
}

/** Pure: why a request of about `estimate` tokens would go over a ceiling, or undefined when it fits. */
export function overBudget(file: UsageFile, sessionId: string, estimate: number, ceilings: Ceilings, now = new Date()): string | undefined {
  const session = file.sessions[sessionId];
  const spentSession = session ? totalTokens(session) : 0;
  if (spentSession + estimate > ceilings.maxTokensPerSession) return `session budget: ${spentSession} tokens spent, ${estimate} more would pass ${ceilings.maxTokensPerSession}`;
  const day = file.days[now.toISOString().slice(0, 10)];
  const spentDay = day ? totalTokens(day) : 0;
  if (spentDay + estimate > ceilings.maxTokensPerDay) return `daily budget: ${spentDay} tokens spent today, ${estimate} more would pass ${ceilings.maxTokensPerDay}`;
  return undefined;
}

/** Pure: what `stats` shows. */
export function summarizeUsage(file: UsageFile, now = new Date(), recentCount = 5): UsageSummary {
  const total = Object.values(file.days).reduce((sum, day) => ({
    requests: sum.requests + day.requests,
    input: sum.input + day.input,
    output: sum.output + day.output,
    cacheRead: sum.cacheRead + day.cacheRead,
    cacheWrite: sum.cacheWrite + day.cacheWrite,
  }), zero());
  const recent = Object.entries(file.sessions)
    .sort((a, b) => (a[1].updated < b[1].updated ? 1 : -1))
    .slice(0, recentCount)
    .map(([session, counts]) => ({ session, tokens: totalTokens(counts), requests: counts.requests, updated: counts.updated }));
  return { today: file.days[now.toISOString().slice(0, 10)] ?? zero(), total, sessions: Object.keys(file.sessions).length, recent };
}

export function readUsageSummary(root: string, now = new Date()): UsageSummary {
  return summarizeUsage(readUsage(root), now);
}
