/**
 * Token use and cost of compression, per session, per day and per route, in `.claude-memory/.cache/usage.json`
 * (gitignored, local). The ceilings in config are checked before a request; past them compression takes the
 * extractive path.
 */
import { cacheLayout } from '../cache/layout.js';
import { readCacheFile } from '../cache/read.js';
import type { TokenCounts as StoredCounts } from '../cache/schemas.js';
import { writeFileAtomic } from '../store/atomic.js';
import { withLock } from '../store/lock.js';

export interface TokenCounts {
  requests: number;
  input: number;
  output: number;
  cacheRead: number;
  cacheWrite: number;
  /** US dollars: reported by the `claude` route, estimated from list prices for the SDK route. */
  costUsd: number;
}

export interface UsageFile {
  sessions: Record<string, TokenCounts & { updated: string }>;
  days: Record<string, TokenCounts>;
  /** Totals per compression route (`sdk`, `claude`); absent in files written before routes existed. */
  routes?: Record<string, TokenCounts>;
}

/** Which route made a request and what it cost, when known. */
export interface RequestMeta {
  route?: string;
  costUsd?: number;
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
  routes: Record<string, TokenCounts>;
  sessions: number;
  /** The most recent sessions, newest first, with their total tokens. */
  recent: Array<{ session: string; tokens: number; requests: number; updated: string }>;
}

/** Sessions and days kept; older ones are dropped when the file is written. */
const KEEP_SESSIONS = 500;
const KEEP_DAYS = 90;

const zero = (): TokenCounts => ({ requests: 0, input: 0, output: 0, cacheRead: 0, cacheWrite: 0, costUsd: 0 });

export const totalTokens = (counts: TokenCounts): number => counts.input + counts.output + counts.cacheRead + counts.cacheWrite;

/** Files written before cost was recorded have no `costUsd`: it reads as 0. */
function counted<T extends StoredCounts>(record: Record<string, T> | undefined): Record<string, Omit<T, 'costUsd'> & { costUsd: number }> {
  const out: Record<string, Omit<T, 'costUsd'> & { costUsd: number }> = {};
  for (const [key, counts] of Object.entries(record ?? {})) out[key] = { ...counts, costUsd: counts.costUsd ?? 0 };
  return out;
}

export function readUsage(root: string): UsageFile {
  const value = readCacheFile(cacheLayout(root).usage, 'usage');
  return { sessions: counted(value?.sessions), days: counted(value?.days), routes: counted(value?.routes) };
}

function add(counts: TokenCounts, usage: ApiUsage, costUsd = 0): TokenCounts {
  return {
    requests: counts.requests + 1,
    input: counts.input + (usage.input_tokens ?? 0),
    output: counts.output + (usage.output_tokens ?? 0),
    cacheRead: counts.cacheRead + (usage.cache_read_input_tokens ?? 0),
    cacheWrite: counts.cacheWrite + (usage.cache_creation_input_tokens ?? 0),
    // Files written before cost was recorded have none.
    costUsd: (counts.costUsd ?? 0) + (Number.isFinite(costUsd) && costUsd > 0 ? costUsd : 0),
  };
}

/** Pure: the usage file after one request (one `claude -p` run counts as one request). */
export function withRequest(file: UsageFile, sessionId: string, usage: ApiUsage, now: Date, meta: RequestMeta = {}): UsageFile {
  const day = now.toISOString().slice(0, 10);
  const cost = meta.costUsd ?? 0;
  const sessions = { ...file.sessions, [sessionId]: { ...add(file.sessions[sessionId] ?? zero(), usage, cost), updated: now.toISOString() } };
  const days = { ...file.days, [day]: add(file.days[day] ?? zero(), usage, cost) };
  const routes = meta.route ? { ...(file.routes ?? {}), [meta.route]: add(file.routes?.[meta.route] ?? zero(), usage, cost) } : { ...(file.routes ?? {}) };
  const keptSessions = Object.entries(sessions)
    .sort((a, b) => (a[1].updated < b[1].updated ? 1 : -1))
    .slice(0, KEEP_SESSIONS);
  const keptDays = Object.keys(days).sort().reverse().slice(0, KEEP_DAYS);
  return { sessions: Object.fromEntries(keptSessions), days: Object.fromEntries(keptDays.map((d) => [d, days[d]!])), routes };
}

/** Record one request's usage; several compressions may finish at once, hence the lock. */
export function recordUsage(root: string, sessionId: string, usage: ApiUsage, now = new Date(), meta: RequestMeta = {}): void {
  const { usage: file, usageLock } = cacheLayout(root);
  withLock(usageLock, () => writeFileAtomic(file, `${JSON.stringify(withRequest(readUsage(root), sessionId, usage, now, meta), null, 1)}\n`));
}

export interface Ceilings {
  maxTokensPerSession: number;
  maxTokensPerDay: number;
  /** Dollars per day, all routes together; absent means no cost ceiling. */
  maxUsdPerDay?: number;
}

/** Pure: why a request of about `estimate` tokens would go over a ceiling, or undefined when it fits. */
export function overBudget(file: UsageFile, sessionId: string, estimate: number, ceilings: Ceilings, now = new Date()): string | undefined {
  const session = file.sessions[sessionId];
  const spentSession = session ? totalTokens(session) : 0;
  if (spentSession + estimate > ceilings.maxTokensPerSession)
    return `session budget: ${spentSession} tokens spent, ${estimate} more would pass ${ceilings.maxTokensPerSession}`;
  const day = file.days[now.toISOString().slice(0, 10)];
  const spentDay = day ? totalTokens(day) : 0;
  if (spentDay + estimate > ceilings.maxTokensPerDay)
    return `daily budget: ${spentDay} tokens spent today, ${estimate} more would pass ${ceilings.maxTokensPerDay}`;
  const spentUsd = day?.costUsd ?? 0;
  if (ceilings.maxUsdPerDay !== undefined && spentUsd >= ceilings.maxUsdPerDay)
    return `daily cost ceiling: $${spentUsd.toFixed(4)} spent today, the ceiling is $${ceilings.maxUsdPerDay}`;
  return undefined;
}

/** Pure: what `stats` shows. */
export function summarizeUsage(file: UsageFile, now = new Date(), recentCount = 5): UsageSummary {
  const total = Object.values(file.days).reduce(
    (sum, day) => ({
      requests: sum.requests + day.requests,
      input: sum.input + day.input,
      output: sum.output + day.output,
      cacheRead: sum.cacheRead + day.cacheRead,
      cacheWrite: sum.cacheWrite + day.cacheWrite,
      costUsd: sum.costUsd + (day.costUsd ?? 0),
    }),
    zero(),
  );
  const recent = Object.entries(file.sessions)
    .sort((a, b) => (a[1].updated < b[1].updated ? 1 : -1))
    .slice(0, recentCount)
    .map(([session, counts]) => ({ session, tokens: totalTokens(counts), requests: counts.requests, updated: counts.updated }));
  return { today: file.days[now.toISOString().slice(0, 10)] ?? zero(), total, routes: file.routes ?? {}, sessions: Object.keys(file.sessions).length, recent };
}

export function readUsageSummary(root: string, now = new Date()): UsageSummary {
  return summarizeUsage(readUsage(root), now);
}
