/**
 * The `claude` route: one headless run of the user's own Claude Code (`claude -p`) per compression event, so a user
 * signed in with a subscription gets model compression without an API key. The client authenticates itself; this
 * module never reads its credential files.
 *
 * The run answers through Claude Code's StructuredOutput tool (`--json-schema`), offers no other tool, keeps no
 * transcript, fires no hooks (`disableAllHooks`, and CLAUDE_MEMORY_NESTED=1 so ours stand down if fired anyway),
 * loads no CLAUDE.md, makes no side requests, and is capped in cost (`--max-budget-usd`), time and output size.
 * It runs in an empty temporary folder, so nothing of the repository (settings, MCP servers, CLAUDE.md) is loaded.
 * Retries on 429, 5xx and dropped connections are the client's own (CLAUDE_CODE_MAX_RETRIES).
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import type { ApiUsage } from './usage.js';

/** Set in the nested run's environment; hooks and compression that see it do nothing. */
export const NESTED_ENV = 'CLAUDE_MEMORY_NESTED';

const MAX_STDOUT_BYTES = 2 * 1024 * 1024;
const MAX_STDERR_BYTES = 64 * 1024;
const MODEL_NAME = /^[A-Za-z0-9][A-Za-z0-9._:@[\]-]{0,99}$/;

export interface ClaudeRunInput {
  systemPrompt: string;
  /** The user message: related notes and the redacted digest. Sent on stdin, never on the command line. */
  prompt: string;
  /** JSON schema of the answer (the `{ notes: [...] }` shape). */
  schema: object;
  model: string;
  maxBudgetUsd: number;
}

export interface ClaudeRunOptions {
  /** Absolute path of the user's `claude`. */
  binary: string;
  /** The user's environment; the child gets it with our markers added. */
  env: NodeJS.ProcessEnv;
  timeoutMs: number;
  maxRetries: number;
}

export type ClaudeRunResult =
  { ok: true; structured: unknown; usage: ApiUsage; costUsd?: number } | { ok: false; retryable: boolean; reason: string; usage?: ApiUsage; costUsd?: number };

/** Pure: a `--model` value that cannot be mistaken for an option; anything odd becomes the Haiku alias. */
export function safeModel(model: string): string {
  return MODEL_NAME.test(model) ? model : 'haiku';
}

/** Pure: the command line (the prompt goes on stdin). */
export function claudeArgs(input: Omit<ClaudeRunInput, 'prompt'>): string[] {
  const budget = Number.isFinite(input.maxBudgetUsd) && input.maxBudgetUsd > 0 ? input.maxBudgetUsd : 0.1;
  return [
    '-p',
    '--output-format',
    'json',
    '--json-schema',
    JSON.stringify(input.schema),
    '--tools',
    '',
    '--strict-mcp-config',
    '--no-session-persistence',
    `--model=${safeModel(input.model)}`,
    '--max-budget-usd',
    String(budget),
    `--system-prompt=${input.systemPrompt}`,
    '--settings',
    JSON.stringify({ disableAllHooks: true }),
  ];
}

/** Pure: the child's environment: the user's own (login, base URL, proxy), plus what keeps the run small and inert. */
export function childEnv(env: NodeJS.ProcessEnv, maxRetries: number): NodeJS.ProcessEnv {
  return {
    ...env,
    [NESTED_ENV]: '1',
    CLAUDE_CODE_DISABLE_CLAUDE_MDS: '1',
    CLAUDE_CODE_DISABLE_AUTO_MEMORY: '1',
    // No title or other side requests: the digest is sent once.
    CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
    CLAUDE_CODE_MAX_RETRIES: String(Math.max(0, Math.min(10, Math.floor(maxRetries)))),
  };
}

const resultSchema = z.object({
  type: z.literal('result'),
  subtype: z.string().optional(),
  is_error: z.boolean().optional(),
  api_error_status: z.number().nullable().optional(),
  result: z.string().optional(),
  structured_output: z.unknown().optional(),
  total_cost_usd: z.number().optional(),
  usage: z
    .object({
      input_tokens: z.number().nullable().optional(),
      output_tokens: z.number().nullable().optional(),
      cache_read_input_tokens: z.number().nullable().optional(),
      cache_creation_input_tokens: z.number().nullable().optional(),
    })
    .partial()
    .optional(),
  modelUsage: z
    .record(
      z.string(),
      z.object({ inputTokens: z.number(), outputTokens: z.number(), cacheReadInputTokens: z.number(), cacheCreationInputTokens: z.number() }).partial(),
    )
    .optional(),
  errors: z.array(z.string()).optional(),
});

type ClaudeResult = z.infer<typeof resultSchema>;

/** Pure: tokens of the whole run; `modelUsage` counts every request of it, `usage` only the last. */
export function runUsage(result: ClaudeResult): ApiUsage {
  const models = Object.values(result.modelUsage ?? {});
  if (models.length) {
    const sum = (key: 'inputTokens' | 'outputTokens' | 'cacheReadInputTokens' | 'cacheCreationInputTokens') =>
      models.reduce((total, m) => total + (m[key] ?? 0), 0);
    return {
      input_tokens: sum('inputTokens'),
      output_tokens: sum('outputTokens'),
      cache_read_input_tokens: sum('cacheReadInputTokens'),
      cache_creation_input_tokens: sum('cacheCreationInputTokens'),
    };
  }
  return { ...(result.usage ?? {}) };
}

/** Pure: whether a failed run is worth queueing (the API was down, slow or rate-limited after the client's retries). */
export function isRetryableRun(status: number | null | undefined, message: string): boolean {
  if (typeof status === 'number') return status === 408 || status === 409 || status === 429 || status >= 500;
  return /unable to connect|connection|timed? ?out|ECONN|ETIMEDOUT|overloaded|socket/i.test(message);
}

/** Pure: the outcome of a run from its exit code and stdout. */
export function parseClaudeOutput(stdout: string, exitCode: number | null): ClaudeRunResult {
  const line = stdout
    .trim()
    .split('\n')
    .reverse()
    .find((l) => l.trim().startsWith('{'));
  let json: unknown;
  try {
    json = line ? JSON.parse(line) : undefined;
  } catch {
    json = undefined;
  }
  const parsed = resultSchema.safeParse(json);
  if (!parsed.success)
    return { ok: false, retryable: false, reason: `claude -p gave no result (exit ${exitCode ?? 'signal'}): ${stdout.trim().slice(0, 200) || 'no output'}` };
  const result = parsed.data;
  const usage = runUsage(result);
  const cost = result.total_cost_usd !== undefined ? { costUsd: result.total_cost_usd } : {};
  if (result.subtype === 'error_max_budget_usd')
    return { ok: false, retryable: false, reason: `claude -p stopped at its cost ceiling (${result.errors?.[0] ?? 'max budget'})`, usage, ...cost };
  if (result.is_error || exitCode !== 0) {
    const message = (result.result ?? result.errors?.join('; ') ?? result.subtype ?? 'error').slice(0, 300);
    return { ok: false, retryable: isRetryableRun(result.api_error_status, message), reason: `claude -p failed: ${message}`, usage, ...cost };
  }
  if (result.structured_output === undefined) return { ok: false, retryable: false, reason: 'claude -p answered without structured output', usage, ...cost };
  return { ok: true, structured: result.structured_output, usage, ...cost };
}

function killTree(pid: number | undefined): void {
  if (!pid) return;
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}

/** Run `claude -p` once; never throws. */
export async function runClaudeCompression(input: ClaudeRunInput, options: ClaudeRunOptions): Promise<ClaudeRunResult> {
  const cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'claude-memory-compress-'));
  try {
    return await new Promise<ClaudeRunResult>((resolve) => {
      let settled = false;
      const child = spawn(options.binary, claudeArgs(input), {
        cwd,
        env: childEnv(options.env, options.maxRetries),
        stdio: ['pipe', 'pipe', 'pipe'],
        detached: process.platform !== 'win32',
        windowsHide: true,
      });
      const timer = setTimeout(() => {
        killTree(child.pid);
        finish({ ok: false, retryable: true, reason: `claude -p timed out after ${options.timeoutMs} ms` });
      }, options.timeoutMs);
      function finish(result: ClaudeRunResult): void {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve(result);
      }
      const out: Buffer[] = [];
      let outBytes = 0;
      let errText = '';
      child.stdout.on('data', (chunk: Buffer) => {
        outBytes += chunk.length;
        if (outBytes > MAX_STDOUT_BYTES) {
          killTree(child.pid);
          finish({ ok: false, retryable: false, reason: `claude -p printed more than ${MAX_STDOUT_BYTES} bytes` });
          return;
        }
        out.push(chunk);
      });
      child.stderr.on('data', (chunk: Buffer) => {
        if (errText.length < MAX_STDERR_BYTES) errText += chunk.toString('utf8');
      });
      child.on('error', (err) => finish({ ok: false, retryable: false, reason: `could not run ${options.binary}: ${err.message}` }));
      child.on('close', (code) => {
        const result = parseClaudeOutput(Buffer.concat(out).toString('utf8'), code);
        if (!result.ok && errText.trim() && /gave no result/.test(result.reason)) result.reason += ` (${errText.trim().slice(0, 200)})`;
        finish(result);
      });
      child.stdin.on('error', () => {
        // the child exited before reading its prompt; its exit tells why
      });
      child.stdin.end(input.prompt);
    });
  } finally {
    fs.rmSync(cwd, { recursive: true, force: true });
  }
}
