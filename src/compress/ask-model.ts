/**
 * The model side of one compression event, whichever route it takes: choose the route, build one request from the
 * redacted digest, check the token and cost ceilings, make exactly one call (one SDK request with the SDK's own
 * retries, or one `claude -p` run with the client's own retries), record what it used, validate what came back.
 * Both routes share the request, the redaction, the validation and the outcome; only the transport differs.
 */
import type { Digest } from '../capture/digest.js';
import { redactedValuesOf, renderDigest } from '../capture/digest.js';
import type { MemoryConfig } from '../core/config.js';
import { logEvent } from '../cache/log.js';
import { redactWithValues } from '../core/redact/index.js';
import { NESTED_ENV, runClaudeCompression } from './claude-cli.js';
import { findClaudeBinary } from './find-claude.js';
import {
  buildCompressionRequest,
  buildUserPrompt,
  callCompressionModel,
  estimateRequestTokens,
  noteBudget,
  outputCap,
  systemPromptFor,
  type RelatedNote,
} from './llm.js';
import { estimateCostUsd } from './pricing.js';
import { chooseRoute, normalizeRoutes, type ModelRoute } from './route.js';
import { RECORD_MEMORIES_TOOL, TOOL_NAME, validateMemories, type MemoryNoteInput } from './schema.js';
import { scrubModelNotes } from './scrub-output.js';
import { overBudget, readUsage, recordUsage } from './usage.js';

/** The tool Claude Code offers for `--json-schema` answers. */
const STRUCTURED_OUTPUT_TOOL = 'StructuredOutput';

export interface ModelAsk {
  root: string;
  config: MemoryConfig;
  digest: Digest;
  sessionId: string;
  /** Tokens of the transcript range: the notes' budget is a few percent of it. */
  sourceTokens: number;
  /** The environment of the person running compression: credentials, base URL, PATH. */
  env: NodeJS.ProcessEnv;
  now: Date;
  /** Existing notes to show the model; only asked for when a model route is taken. */
  related: () => Promise<RelatedNote[]>;
}

export type ModelOutcome =
  | { path: 'llm'; route: ModelRoute; notes: MemoryNoteInput[] }
  /** The API was unavailable after every retry: the range waits in the queue. */
  | { path: 'queued'; route: ModelRoute; reason: string }
  /** No model route, over a ceiling, or an unusable answer: the caller writes the extractive note. */
  | { path: 'extractive'; route?: ModelRoute; reason: string };

type CallOutcome = { ok: true; input: unknown } | { ok: false; retryable: boolean; reason: string };

function positive(value: number, fallback: number): number {
  return Number.isFinite(value) && value > 0 ? value : fallback;
}

export async function askModel(ask: ModelAsk): Promise<ModelOutcome> {
  const { root, env, now, sessionId } = ask;
  const c = ask.config.compression;
  const apiKey = env[c.apiKeyEnv] || undefined;
  const authToken = env.ANTHROPIC_AUTH_TOKEN || undefined;
  const nested = env[NESTED_ENV] === '1';
  const routes = normalizeRoutes(c.routes);
  const binary = routes.includes('claude') && !nested ? findClaudeBinary(env, root) : undefined;
  const choice = chooseRoute({
    routes,
    useLlm: c.useLlm,
    hasApiCredential: Boolean(apiKey || authToken),
    apiKeyEnv: c.apiKeyEnv,
    claudeBinary: binary !== undefined,
    nested,
  });
  if (choice.route === 'extractive') return { path: 'extractive', reason: choice.reason };
  const route = choice.route;

  const related = await ask.related();
  const budget = noteBudget(ask.sourceTokens);
  // The digest was cleaned piece by piece; this second pass covers anything assembled around the pieces.
  const rendered = redactWithValues(renderDigest(ask.digest, c.maxDigestTokens));
  const input = {
    model: c.model,
    maxOutputTokens: outputCap(budget, c.maxOutputTokens),
    maxNotes: c.maxNotesPerEvent,
    noteBudgetTokens: budget,
    digest: rendered.text,
    related,
  };
  const request = buildCompressionRequest(input);
  const usage = readUsage(root);
  const maxUsdPerDay = positive(c.maxUsdPerDay, 2);
  const over = overBudget(usage, sessionId, estimateRequestTokens(request), { ...c, maxUsdPerDay }, now);
  if (over) return { path: 'extractive', route, reason: over };

  let call: CallOutcome;
  if (route === 'sdk') {
    const result = await callCompressionModel(request, {
      apiKey,
      authToken: apiKey ? undefined : authToken,
      baseURL: env.ANTHROPIC_BASE_URL || undefined,
      timeoutMs: c.timeoutMs,
      maxRetries: c.maxRetries,
    });
    if (result.usage) recordUsage(root, sessionId, result.usage, now, { route, costUsd: estimateCostUsd(c.model, result.usage) });
    call = result.ok ? { ok: true, input: result.toolInput } : result;
  } else {
    const spentToday = usage.days[now.toISOString().slice(0, 10)]?.costUsd ?? 0;
    const result = await runClaudeCompression(
      {
        systemPrompt: systemPromptFor(STRUCTURED_OUTPUT_TOOL),
        prompt: buildUserPrompt(input, STRUCTURED_OUTPUT_TOOL),
        schema: RECORD_MEMORIES_TOOL.input_schema,
        model: c.model,
        // One run never spends more than is left of the day.
        maxBudgetUsd: Math.min(positive(c.maxBudgetUsd, 0.1), Math.max(0.001, maxUsdPerDay - spentToday)),
      },
      // The client retries inside the run; the whole run gets the time of every attempt.
      { binary: binary!, env, timeoutMs: c.timeoutMs * (c.maxRetries + 1), maxRetries: c.maxRetries },
    );
    if (result.usage || result.costUsd) recordUsage(root, sessionId, result.usage ?? {}, now, { route, costUsd: result.costUsd });
    call = result.ok ? { ok: true, input: result.structured } : result;
  }

  if (!call.ok) {
    if (call.retryable) return { path: 'queued', route, reason: call.reason };
    return { path: 'extractive', route, reason: call.reason };
  }
  const validated = validateMemories(call.input, { maxNotes: c.maxNotesPerEvent, knownIds: new Set(related.map((note) => note.id)) });
  if (validated.dropped.length)
    logEvent(root, 'warn', 'compression: dropped invalid notes from the model', { session: sessionId, route, dropped: validated.dropped.join('; ') });
  if (validated.invalid || (validated.notes.length === 0 && validated.dropped.length > 0)) {
    return { path: 'extractive', route, reason: `unusable ${TOOL_NAME} input: ${validated.dropped[0] ?? 'invalid'}` };
  }
  const scrubbed = scrubModelNotes(validated.notes, [...redactedValuesOf(ask.digest), ...rendered.values]);
  if (scrubbed.changed)
    logEvent(root, 'warn', 'compression: the model repeated values redacted from its input; scrubbed', { session: sessionId, route, notes: scrubbed.changed });
  return { path: 'llm', route, notes: scrubbed.notes };
}
