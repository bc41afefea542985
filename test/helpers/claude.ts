/**
 * Runs the real `claude` binary headless against a fake API, isolated from the machine's own Claude settings.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, realpathSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const CLAUDE_BIN = path.join(REPO_ROOT, 'node_modules', '.bin', 'claude');

export const DEFAULT_ALLOWED_TOOLS = ['Bash', 'Write', 'Read', 'Edit'];

export interface RunClaudeOptions {
  cwd: string;
  home: string;
  baseUrl: string;
  prompt: string;
  allowedTools?: string[];
  /** Added after the defaults; a value of `undefined` removes a variable. */
  env?: Record<string, string | undefined>;
  timeoutMs?: number;
  /** Fixes the transcript's file name (`<sessionId>.jsonl`); must be a UUID. */
  sessionId?: string;
  /** Continue an earlier session instead of starting a new one. */
  resume?: string;
  extraArgs?: string[];
}

export interface RunClaudeResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
  durationMs: number;
}

/**
 * Variables that keep the client off the network and away from anything but the fake server.
 * CLAUDE_CODE_MAX_RETRIES=0: by default the client retries a 5xx about ten times with backoff, so a test whose fake
 * handler throws would sit for minutes instead of failing with the handler's message on stdout.
 */
export function claudeEnv(home: string, baseUrl: string): Record<string, string> {
  return {
    HOME: home,
    ANTHROPIC_BASE_URL: baseUrl,
    ANTHROPIC_API_KEY: 'test-key',
    DISABLE_TELEMETRY: '1',
    DISABLE_AUTOUPDATER: '1',
    DISABLE_ERROR_REPORTING: '1',
    CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
    CLAUDE_CODE_MAX_RETRIES: '0',
  };
}

// The parent may itself run inside Claude Code; its ANTHROPIC_ and CLAUDE variables must not steer the child.
function inheritedEnv(): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (v === undefined) continue;
    // ...except the test environment's sentence-model switch (vitest.config.ts), which the hooks and the server obey.
    if (/^(ANTHROPIC_|CLAUDE)/.test(k) && k !== 'CLAUDE_MEMORY_EMBEDDINGS') continue;
    if (k === 'XDG_CONFIG_HOME' || k === 'HOME') continue;
    out[k] = v;
  }
  return out;
}

/**
 * Signs the client in the way a subscription user is: an OAuth credentials file in `$HOME/.claude`, with token
 * strings the fake ignores and an expiry in the future. No API key is involved.
 */
export function writeOAuthLogin(home: string): void {
  mkdirSync(path.join(home, '.claude'), { recursive: true });
  const claudeAiOauth = {
    accessToken: 'sk-ant-oat01-fake-access',
    refreshToken: 'sk-ant-ort01-fake-refresh',
    expiresAt: Date.now() + 24 * 3600_000,
    scopes: ['user:inference', 'user:profile'],
    subscriptionType: 'pro',
  };
  writeFileSync(path.join(home, '.claude', '.credentials.json'), JSON.stringify({ claudeAiOauth }), { mode: 0o600 });
}

/**
 * What a subscription user's shell gives compression: their HOME (with the login), the fake as base URL, a PATH on
 * which the real `claude` is found, and no API key at all.
 */
export function subscriptionEnv(home: string, baseUrl: string): Record<string, string> {
  const { ANTHROPIC_API_KEY: _key, ...rest } = claudeEnv(home, baseUrl);
  return { ...rest, PATH: `${path.dirname(CLAUDE_BIN)}${path.delimiter}${process.env.PATH ?? ''}` };
}

export function runClaude(opts: RunClaudeOptions): Promise<RunClaudeResult> {
  const allowed = opts.allowedTools ?? DEFAULT_ALLOWED_TOOLS;
  const args = ['-p', opts.prompt];
  if (allowed.length > 0) args.push('--allowedTools', allowed.join(','));
  if (opts.sessionId) args.push('--session-id', opts.sessionId);
  if (opts.resume) args.push('--resume', opts.resume);
  args.push(...(opts.extraArgs ?? []));

  const env: Record<string, string> = { ...inheritedEnv(), ...claudeEnv(opts.home, opts.baseUrl) };
  for (const [k, v] of Object.entries(opts.env ?? {})) {
    if (v === undefined) delete env[k];
    else env[k] = v;
  }

  const timeoutMs = opts.timeoutMs ?? 60_000;
  const started = Date.now();
  return new Promise((resolve, reject) => {
    // stdin is closed at once: in -p mode the client otherwise waits a while for piped input.
    const child = spawn(CLAUDE_BIN, args, { cwd: opts.cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(new Error(`could not start ${CLAUDE_BIN}: ${err.message}`));
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr, timedOut, durationMs: Date.now() - started });
    });
  });
}

/** Claude Code names a project's folder after its real path with every non-alphanumeric character turned into `-`. */
export function projectDirName(cwd: string): string {
  const real = existsSync(cwd) ? realpathSync(cwd) : cwd;
  return real.replace(/[^a-zA-Z0-9]/g, '-');
}

export function transcriptPathFor(home: string, cwd: string, sessionId: string): string {
  return path.join(home, '.claude', 'projects', projectDirName(cwd), `${sessionId}.jsonl`);
}

/** All transcript files under `$HOME/.claude/projects`, sub-agent files included, sorted by path. */
export function findTranscripts(home: string): string[] {
  const root = path.join(home, '.claude', 'projects');
  if (!existsSync(root)) return [];
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile() && entry.name.endsWith('.jsonl')) out.push(full);
    }
  };
  walk(root);
  return out.sort();
}
