import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { findSecrets, placeholderFor, redact, stripPrivate } from '../../../src/core/redact/index.js';
import { PLANTED_SECRETS } from '../../fixtures/secrets/planted.js';
import { HANG_TEST_TIMEOUT_MS, redactInWorker } from '../../helpers/hang-guard.js';
import { mulberry32 } from '../../helpers/prng.js';

// Deterministic filler for property-style tests.
const prng = mulberry32;

const sha1 = (s: string): string => createHash('sha1').update(s).digest('hex');
const sha256 = (s: string): string => createHash('sha256').update(s).digest('hex');

describe('non-secrets survive unchanged', () => {
  const commit = sha1('initial commit');
  const cases: string[] = [
    `Fixed in ${commit} yesterday, see ${commit.slice(0, 7)} too.`,
    `commit ${commit}\nAuthor: Dev <dev@example.com>\nDate:   Mon Jan 1 10:00:00 2024 +0000`,
    `${commit.slice(0, 7)} Fix the flaky redact test`,
    `Merge: ${commit.slice(0, 7)} ${sha1('b').slice(0, 7)}`,
    `{"sha": "${commit}", "parent": "${sha1('p')}"}`,
    `HEAD is now at ${commit.slice(0, 10)} chore: bump deps`,
    `image: node@sha256:${sha256('img')}`,
    `sha256: ${sha256('tarball')}`,
    `checksum = "${sha256('x')}"`,
    `"integrity": "sha512-${Buffer.from(sha256('a') + sha256('b'), 'hex').toString('base64')}"`,
    'sessionId: 550e8400-e29b-41d4-a716-446655440000',
    '{"uuid": "6ba7b810-9dad-11d1-80b4-00c04fd430c8", "parentUuid": null}',
    'path: /home/user/projects/claude-memory/src/capture/redact.ts',
    'file = "src/components/UserProfileCard2.tsx"',
    'cwd: "/Users/alice/Documents/Project2024/src"',
    'url: https://github.com/anthropics/claude-code/blob/main/README.md',
    'git clone git@github.com:acme/app.git && cd app',
    'open https://example.com:8080/path?query=1&page=2#top',
    "import { readFile } from 'node:fs/promises';",
    'import Card from "@acme/ui-kit/dist/esm/components/Card2";',
    'const handler = "handleUserAuthentication2";',
    'key: "someVeryLongFunctionNameHere"',
    'event: "onBase64ToUint8ArrayConverted"',
    '"model": "claude-sonnet-4-20250514"',
    '{"id": "msg_01XFDUDYJgAACzvnptvVoYEL", "type": "message"}',
    '{"type": "tool_result", "tool_use_id": "toolu_01A09q90qw90lq917835lq9"}',
    '"typescript": "5.9.3", "vitest": "^4.1.12", version: v20.11.1',
    'The password must be at least 12 characters long.',
    'Note: tokens expire after one hour, so refresh them.',
    'interface User { password: string; token?: string | undefined }',
    'def login(username, password=None):',
    'const token = req.headers.authorization;',
    'password: z.string().min(12),',
    'password = getpass.getpass("Password: ")',
    'const { password } = await prompt("Password: ");',
    'this.password = password;',
    '  apiKey: apiKey,',
    'token: ${{ secrets.GITHUB_TOKEN }}',
    'TOKEN=$(gh auth token)',
    'export GITHUB_TOKEN=${GITHUB_TOKEN:-}',
    'password: process.env.DB_PASSWORD,',
    'Authorization: `Bearer ${token}`',
    "headers: { Authorization: 'Bearer ' + token }",
    'max_tokens: 4096, "input_tokens": 1234, token_type: bearer',
    'password_file: /run/secrets/db_password',
    'api_key_env: ANTHROPIC_API_KEY',
    'tokenizer: cl100k_base',
    'docker run -u 1000:1000 node:20',
    'git push -u origin feature/redact',
    'Tokens start with ghp_ or gho_, and AWS keys with AKIA.',
    '<div class="sk-folding-cube-animation-delay">',
    'data: aGVsbG8gd29ybGQ=',
    'See [REDACTED:github-token] above; placeholders are inert.',
    'Set-Cookie header explained: a cookie is a small file',
    "fetch(url, { credentials: 'include' })",
    '{"pass": 12, "fail": 0}',
    'password: $DB_PASSWORD',
    'curl -H "Authorization: Bearer $token" https://api.test',
    'password = $userPassword;',
  ];
  it.each(cases)('%s', (text) => {
    expect(findSecrets(text)).toEqual([]);
    expect(redact(text).text).toBe(text);
  });
});

describe('fail-closed edge cases', () => {
  it('still finds a secret key nested in a value that was judged to be code', () => {
    const out = redact('password=a;x,password=hunter2;y').text;
    expect(out).not.toContain('hunter2');
  });

  it('redacts a truncated private key through its body only', () => {
    const begin = '-----BEGIN ' + 'RSA PRIVATE KEY-----';
    const body = 'MIIEow' + 'Ab3'.repeat(20);
    const out = redact(`${begin}\n${body}\n${body}\n\nThe key above was cut off.`).text;
    expect(out).toBe('[REDACTED:private-key]\n\nThe key above was cut off.');
  });

  it('folds secrets exposed by joining lines back into the findings', () => {
    const begin = '-----BEGIN ' + 'PRIVATE KEY-----';
    const end = '-----END ' + 'PRIVATE KEY-----';
    const input = `API_TOKEN=abc123 ${begin}\n${'QUJD'.repeat(16)}\n${end}trailing words`;
    const r = redact(input);
    expect(redact(r.text).text).toBe(r.text);
    expect(r.text).not.toContain('QUJD');
  });
});

/** Rebuilds redact() output from its findings: they must be offsets into the private-stripped input. */
function rebuild(input: string, findings: ReadonlyArray<{ kind: string; start: number; end: number }>): string {
  const base = stripPrivate(input);
  let out = '';
  let last = 0;
  for (const f of findings) {
    out += base.slice(last, f.start) + placeholderFor(f.kind);
    last = f.end;
  }
  return out + base.slice(last);
}

describe('idempotence', () => {
  it.each(PLANTED_SECRETS.map((p, i) => [i, p.kind, p.text] as const))('#%i %s', (_i, _kind, text) => {
    const r = redact(text);
    expect(redact(r.text).text).toBe(r.text);
    expect(findSecrets(r.text)).toEqual([]);
    expect(rebuild(text, r.findings)).toBe(r.text);
  });

  it('holds for random mixtures of secrets, prose and punctuation', () => {
    const rand = prng(42);
    const fragments = [
      ...PLANTED_SECRETS.map((p) => p.text),
      'plain prose about passwords and tokens',
      'key: value',
      '"quoted"',
      ' = ',
      ': ',
      '\n',
      '@',
      '://',
      ';',
      '&',
      'export ',
      placeholderFor('jwt'),
      '<private>',
      '</private>',
    ];
    for (let n = 0; n < 300; n++) {
      let doc = '';
      const parts = 2 + Math.floor(rand() * 8);
      for (let i = 0; i < parts; i++) doc += fragments[Math.floor(rand() * fragments.length)];
      const r = redact(doc);
      expect(redact(r.text).text, doc).toBe(r.text);
      expect(rebuild(doc, r.findings)).toBe(r.text);
    }
  });
});

describe('linear time on adversarial input', () => {
  const MB = 1_000_000;
  const begin = '-----BEGIN ' + 'PRIVATE KEY-----';
  // Probes for catastrophic backtracking: few or no findings, so 5 MB each.
  const sparse: Array<[string, () => string]> = [
    ['a x 5MB', () => 'a'.repeat(5 * MB)],
    ['BEGIN without END + 1MB', () => begin + '\n' + 'A'.repeat(MB)],
    ['BEGIN without END + 1MB of lines', () => begin + '\n' + 'QUJD\n'.repeat(MB / 5)],
    ['eyJ x 1M', () => 'eyJ'.repeat(MB)],
    ['eyJ. x 1.25M', () => 'eyJ.'.repeat(1.25 * MB)],
    ['eyJ- x 1.25M', () => 'eyJ-'.repeat(1.25 * MB)],
    ['a://b: x 800k', () => 'a://b:'.repeat(0.8 * MB)],
    ['password= x 500k', () => 'password='.repeat(0.5 * MB)],
    ['<private> x 500k', () => '<private>'.repeat(0.5 * MB)],
    ['<private x 600k', () => '<private '.repeat(0.6 * MB)],
    ['Authorization: x 350k', () => 'Authorization: '.repeat(0.35 * MB)],
    ['Bearer x 700k', () => 'Bearer '.repeat(0.7 * MB)],
    ['quotes', () => '"'.repeat(5 * MB)],
    ['k=" x 1.6M', () => 'k="'.repeat(1.6 * MB)],
    ['whitespace', () => ' '.repeat(5 * MB) + 'x'],
    ['sk- x 1.6M', () => 'sk-'.repeat(1.6 * MB)],
    ['<a> x 1.6M', () => '<a>'.repeat(1.6 * MB)],
    ['hex in quotes', () => ('x="' + 'ab12'.repeat(10) + '" ').repeat(100_000)],
  ];
  // Floods of real matches: these measure throughput, and a quadratic bug
  // would still take minutes at 1 MB, so 1 MB keeps CI time sane.
  const dense: Array<[string, () => string]> = [
    ['BEGIN headers repeated', () => (begin + '\n').repeat(MB / 28)],
    ['password: " x 90k', () => 'password: "'.repeat(MB / 11)],
    ['-u a: x 200k', () => '-u a:'.repeat(MB / 5)],
    ['password=x  x 90k', () => 'password=x '.repeat(MB / 11)],
    ['token=a& x 125k', () => 'token=a&'.repeat(MB / 8)],
    ['PASSWORD=a;b x 80k', () => 'PASSWORD=a;b'.repeat(MB / 12)],
    ['DB_PASSWORD lines x 50k', () => 'DB_PASSWORD=hunter2\n'.repeat(MB / 20)],
    ['password=a;x, x 77k', () => 'password=a;x,'.repeat(MB / 13)],
    ['password=a[;x, x 70k', () => 'password=a[;x,'.repeat(MB / 14)],
    [
      'random base64 with = context',
      () => {
        const rand = prng(7);
        const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
        const chunks: string[] = [];
        for (let i = 0; i < 20_000; i++) {
          let s = 'k=';
          for (let j = 0; j < 48; j++) s += alphabet[Math.floor(rand() * 64)];
          chunks.push(s);
        }
        return chunks.join(' ');
      },
    ],
  ];
  const big = [...sparse, ...dense];

  // A hang guard, not a stopwatch: the worker is stopped and the test fails only if redaction never finishes.
  it.each(big)('%s', { timeout: HANG_TEST_TIMEOUT_MS }, async (_name, make) => {
    const input = make();
    const { texts } = await redactInWorker('redact', [input]);
    expect(texts).toHaveLength(1);
    // What comes out is final: redacting it again changes nothing.
    expect(redact(texts[0]!).text).toBe(texts[0]);
  });

  it('redacts everything in a huge input, not just a prefix', () => {
    const gh = 'gh' + 'p_' + 'Qw3'.repeat(12);
    const input = 'filler text. '.repeat(400_000) + `token ${gh}`;
    expect(redact(input).text).not.toContain(gh);
  });

  it('finishes when any planted line prefix is repeated', { timeout: HANG_TEST_TIMEOUT_MS }, async () => {
    // Repeating a partial match is the classic way to expose backtracking; at
    // 128 KB a quadratic pattern would still need ~10^10 steps and time out.
    const fragments = new Set<string>();
    for (const p of PLANTED_SECRETS) {
      fragments.add(p.text.slice(0, 12));
      fragments.add(p.secret.slice(0, Math.ceil(p.secret.length / 2)));
      fragments.add(p.text.slice(0, -1));
    }
    const inputs = [...fragments].filter((frag) => frag.length > 0).map((frag) => frag.repeat(Math.ceil(128_000 / frag.length)));
    const { texts } = await redactInWorker('redact', inputs);
    expect(texts).toHaveLength(inputs.length);
    expect(texts.every((text) => typeof text === 'string')).toBe(true);
  });
});
