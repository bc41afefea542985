/** The `claude -p` runner's pure parts: its command line, its child's environment and how a run's result is read. */
import { describe, expect, it } from 'vitest';
import { childEnv, claudeArgs, isRetryableRun, parseClaudeOutput, safeModel } from '../../src/compress/claude-cli.js';

/** Result lines as the real client 2.1.197 printed them against the fake API (trimmed to the fields read). */
const RESULTS = {
  ok: {
    type: 'result',
    subtype: 'success',
    is_error: false,
    api_error_status: null,
    result: '{"notes":[]}',
    total_cost_usd: 0.00102,
    usage: { input_tokens: 341, output_tokens: 40 },
    modelUsage: { 'claude-haiku-4-5': { inputTokens: 780, outputTokens: 48, cacheReadInputTokens: 0, cacheCreationInputTokens: 0, costUSD: 0.00102 } },
    structured_output: { notes: [{ title: 'A decision', type: 'decision', body: 'Because.' }] },
  },
  server: {
    type: 'result',
    subtype: 'success',
    is_error: true,
    api_error_status: 500,
    result: 'API Error: 500 fake 500. This is a server-side issue, usually temporary',
    total_cost_usd: 0,
    usage: { input_tokens: 0, output_tokens: 0 },
    modelUsage: {},
  },
  limited: {
    type: 'result',
    subtype: 'success',
    is_error: true,
    api_error_status: 429,
    result: 'API Error: Server is temporarily limiting requests (not your usage limit) · fake 429',
    total_cost_usd: 0,
  },
  refused: {
    type: 'result',
    subtype: 'success',
    is_error: true,
    api_error_status: 401,
    result: 'Failed to authenticate. API Error: 401 fake 401',
    total_cost_usd: 0,
  },
  offline: {
    type: 'result',
    subtype: 'success',
    is_error: true,
    api_error_status: null,
    result: 'API Error: Unable to connect to API (ConnectionRefused)',
    total_cost_usd: 0,
  },
  loggedOut: { type: 'result', subtype: 'success', is_error: true, api_error_status: null, result: 'Not logged in · Please run /login', total_cost_usd: 0 },
  textOnly: { type: 'result', subtype: 'success', is_error: false, api_error_status: null, result: 'I will not.', total_cost_usd: 0.000835 },
  budget: {
    type: 'result',
    subtype: 'error_max_budget_usd',
    is_error: true,
    total_cost_usd: 1.4,
    modelUsage: { 'claude-haiku-4-5': { inputTokens: 900000, outputTokens: 100000 } },
    errors: ['Reached maximum budget ($0.05)'],
  },
};

const line = (value: unknown) => `${JSON.stringify(value)}\n`;

describe('reading a claude -p result', () => {
  it("takes the structured output, the whole run's tokens and its cost", () => {
    expect(parseClaudeOutput(line(RESULTS.ok), 0)).toEqual({
      ok: true,
      structured: RESULTS.ok.structured_output,
      usage: { input_tokens: 780, output_tokens: 48, cache_read_input_tokens: 0, cache_creation_input_tokens: 0 },
      costUsd: 0.00102,
    });
  });

  it.each([
    ["a 500 after the client's retries", RESULTS.server, 1, true, /API Error: 500/],
    ['a 429', RESULTS.limited, 1, true, /temporarily limiting/],
    ['no connection', RESULTS.offline, 1, true, /Unable to connect/],
    ['a refused login', RESULTS.refused, 1, false, /401/],
    ['no login at all', RESULTS.loggedOut, 1, false, /Not logged in/],
    ['an answer without the StructuredOutput call', RESULTS.textOnly, 0, false, /without structured output/],
    ['the cost ceiling', RESULTS.budget, 1, false, /cost ceiling \(Reached maximum budget/],
  ])('%s: queued when worth retrying, else extractive', (_what, result, code, retryable, reason) => {
    const parsed = parseClaudeOutput(line(result), code);
    expect(parsed).toMatchObject({ ok: false, retryable });
    expect(!parsed.ok && parsed.reason).toMatch(reason);
  });

  it('records the cost of a run stopped by its ceiling', () => {
    expect(parseClaudeOutput(line(RESULTS.budget), 1)).toMatchObject({ costUsd: 1.4, usage: { input_tokens: 900000, output_tokens: 100000 } });
  });

  it.each([
    ['nothing', ''],
    ['not JSON', 'Segmentation fault\n'],
    ['JSON of another shape', line({ hello: 'world' })],
    ['a truncated line', line(RESULTS.ok).slice(0, 80)],
  ])('says so when the output is %s', (_what, stdout) => {
    expect(parseClaudeOutput(stdout, 1)).toMatchObject({ ok: false, retryable: false, reason: expect.stringMatching(/gave no result/) });
  });

  it('classifies failures without a status by their message', () => {
    expect(isRetryableRun(undefined, 'Request timed out')).toBe(true);
    expect(isRetryableRun(null, 'Invalid model name')).toBe(false);
    expect(isRetryableRun(529, '')).toBe(true);
    expect(isRetryableRun(400, 'Unable to connect')).toBe(false);
  });
});

describe('the command line and environment of the nested run', () => {
  const args = claudeArgs({ systemPrompt: 'Be brief.', schema: { type: 'object' }, model: 'claude-haiku-4-5', maxBudgetUsd: 0.05 });

  it('asks for JSON through StructuredOutput, with no tools, no transcript, no hooks and a cost ceiling', () => {
    expect(args).toEqual([
      '-p',
      '--output-format',
      'json',
      '--json-schema',
      '{"type":"object"}',
      '--tools',
      '',
      '--strict-mcp-config',
      '--no-session-persistence',
      '--model=claude-haiku-4-5',
      '--max-budget-usd',
      '0.05',
      '--system-prompt=Be brief.',
      '--settings',
      '{"disableAllHooks":true}',
    ]);
  });

  it('never lets a configured model name pass for an option, and never runs without a ceiling', () => {
    expect(safeModel('--dangerously-skip-permissions')).toBe('haiku');
    expect(safeModel('haiku x')).toBe('haiku');
    expect(safeModel('claude-haiku-4-5-20251001')).toBe('claude-haiku-4-5-20251001');
    expect(claudeArgs({ systemPrompt: '', schema: {}, model: 'haiku', maxBudgetUsd: Number.NaN })).toContain('0.1');
    expect(claudeArgs({ systemPrompt: '', schema: {}, model: 'haiku', maxBudgetUsd: -5 })).toContain('0.1');
  });

  it("keeps the user's environment and marks the child as nested", () => {
    const env = childEnv({ HOME: '/home/dev', ANTHROPIC_BASE_URL: 'https://gateway.example', PATH: '/usr/bin' }, 3);
    expect(env).toMatchObject({
      HOME: '/home/dev',
      ANTHROPIC_BASE_URL: 'https://gateway.example',
      PATH: '/usr/bin',
      CLAUDE_MEMORY_NESTED: '1',
      CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
      CLAUDE_CODE_DISABLE_CLAUDE_MDS: '1',
      CLAUDE_CODE_MAX_RETRIES: '3',
    });
    expect(childEnv({}, 99).CLAUDE_CODE_MAX_RETRIES).toBe('10');
  });
});
