import path from 'node:path';
import fs from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { CI_MARKER, ciMarkdown, escapeMarkdown } from '../../src/surfaces/ci/report.js';
import { PLANTED_SECRETS } from '../fixtures/secrets/planted.js';
import { commitAll } from '../git/notes-in-repo.js';
import { git, runCliSync, tempDir, tempRepo, writeFile } from '../helpers/temp-repo.js';

/**
 * A repository whose main branch has code and notes (one of them already with a broken link), and a feature
 * branch that adds a note, deletes code a note describes and renames code another note names.
 */
const token = PLANTED_SECRETS.find((planted) => planted.kind === 'github-token')!;
let root: string;

function note(id: string, fields: Record<string, string | string[]>, body: string): string {
  const rel = `.claude-memory/notes/${String(fields.topic ?? 'general')}/${id}.md`;
  writeFile(
    root,
    rel,
    `---\n${Object.entries({ id, ...fields })
      .map(([key, value]) => `${key}: ${JSON.stringify(value)}`)
      .join('\n')}\n---\n${body}\n`,
  );
  return rel;
}

function ci(args: string[] = [], cwd = root) {
  return runCliSync(cwd, ['ci', ...args]);
}

beforeAll(() => {
  root = tempRepo({ initMemory: true });
  writeFile(root, 'src/legacy.ts', 'export const cron = 1;\n');
  writeFile(root, 'src/pay.ts', 'export const pay = 1;\n');
  writeFile(root, 'src/untouched.ts', 'export const x = 1;\n');
  note('legacy-cron', { title: 'Cron lives in legacy.ts', type: 'fact', topic: 'ops', files: ['src/legacy.ts'] }, 'Runs nightly.');
  note('pay-retries', { title: 'Payments retry twice', type: 'decision', topic: 'billing', files: ['src/pay.ts'] }, 'Two retries, then fail.');
  note(
    'old-untouched',
    { title: 'Untouched code note', type: 'fact', topic: 'misc', files: ['src/untouched.ts', 'src/gone-long-ago.ts'] },
    'Links to [nowhere](missing.md).',
  );
  commitAll(root, 'main: code and notes');
  git(root, 'checkout', '-q', '-b', 'feature');
  fs.rmSync(path.join(root, 'src/legacy.ts'));
  git(root, 'mv', 'src/pay.ts', 'src/payments.ts');
  note('webhooks-signed', { title: 'Webhooks are signed with HMAC', type: 'convention', topic: 'billing' }, 'Verify the signature header before parsing.');
  commitAll(root, 'feature: webhooks note, legacy cron removed, pay renamed');
});

describe('claude-memory ci', () => {
  it('passes a clean branch, listing the notes its code changes made stale and the memory changes', () => {
    const out = ci(['--base', 'main']);
    expect(out.code, out.stderr).toBe(0);
    const report = out.stdout;
    expect(report.startsWith(`${CI_MARKER}\n## claude-memory check passed\n`)).toBe(true);
    expect(report).toContain('`main...HEAD`: 1 memory file added or changed, 0 errors, 0 warnings, 2 notes made stale by code changes.');
    expect(report).toContain('- **Cron lives in legacy.ts** (`.claude-memory/notes/ops/legacy-cron.md`): `src/legacy.ts` was deleted');
    expect(report).toContain('- **Payments retry twice** (`.claude-memory/notes/billing/pay-retries.md`): `src/pay.ts` was renamed to `src/payments.ts`');
    // The untouched note's missing file is not this branch's doing; its broken link is reported, not failing.
    expect(report).not.toContain('gone-long-ago');
    expect(report).toContain('### Memory changes');
    expect(report).toContain('- convention: **Webhooks are signed with HMAC**');
    expect(report).toMatch(
      /<details><summary>1 lint finding in notes this change did not touch<\/summary>\n\n- `\.claude-memory\/notes\/misc\/old-untouched\.md`: error: link "missing\.md" points to a note that does not exist/,
    );
  });

  it('fails on a secret or an invalid note the branch adds, naming file, kind and line, never the secret', () => {
    const bad = path.join(tempDir(), 'bad');
    git(path.dirname(bad), 'clone', '-q', '--branch', 'feature', root, bad);
    git(bad, 'config', 'user.email', 'test@example.com');
    git(bad, 'config', 'user.name', 'Test User');
    const ci = (args: string[]) => runCliSync(bad, ['ci', ...args]);
    const note = (id: string, fields: Record<string, unknown>, body: string) =>
      writeFile(
        bad,
        `.claude-memory/notes/ops/${id}.md`,
        `---\n${Object.entries({ id, ...fields })
          .map(([key, value]) => `${key}: ${JSON.stringify(value)}`)
          .join('\n')}\n---\n${body}\n`,
      );
    note('deploy-token', { title: 'Deploy token', type: 'fact', topic: 'ops' }, `The deploy uses:\n\n${token.text}`);
    writeFile(bad, '.claude-memory/notes/ops/broken.md', '---\ntitle: [unclosed\n---\nbody\n');
    writeFile(bad, '.claude-memory/config.json', `{"note": "${token.text.replace(/"/g, '')}"}\n`);
    commitAll(bad, 'bad: secret and invalid note');
    const out = ci(['--base', 'origin/main']);
    expect(out.code).toBe(1);
    expect(out.stderr).toContain('memory check failed: 3 errors');
    expect(out.stdout).toContain('## claude-memory check failed: 3 errors');
    expect(out.stdout).toContain('- `.claude-memory/notes/ops/deploy-token.md`: looks like a secret \\(github-token\\) on line 9');
    expect(out.stdout).toContain('- `.claude-memory/config.json`: looks like a secret \\(github-token\\) on line 1');
    expect(out.stdout).toMatch(/- `\.claude-memory\/notes\/ops\/broken\.md`: invalid note: invalid front matter: /);
    expect(out.stdout).not.toContain(token.secret);
    const json = JSON.parse(ci(['--base', 'origin/main', '--json']).stdout) as { passed: boolean; errors: unknown[] };
    expect(json.passed).toBe(false);
    expect(json.errors).toHaveLength(3);
  });

  it('without --base compares with the default branch, as in a clone whose origin/HEAD names it', () => {
    const clone = path.join(tempDir(), 'clone');
    git(path.dirname(clone), 'clone', '-q', '--branch', 'feature', root, clone);
    git(clone, 'remote', 'set-head', 'origin', 'main');
    const out = ci([], clone);
    expect(out.code, out.stderr).toBe(0);
    expect(out.stdout).toContain('`origin/main...HEAD`: 1 memory file added or changed');
  });

  it('keeps note titles from becoming links, mentions or HTML in the comment', () => {
    expect(escapeMarkdown('[x](javascript:alert(1)) @team <img src=x> `code`')).toBe('\\[x\\]\\(javascript:alert\\(1\\)\\) \\@team \\<img src=x\\> \\`code\\`');
    const report = ciMarkdown({
      range: { from: 'a', to: 'b', label: 'main...HEAD' },
      checkedFiles: 0,
      errors: [],
      warnings: [],
      stale: [{ id: 'x', title: '<script>@everyone</script>', path: 'p.md', reasons: [{ file: 'a`b.ts', kind: 'deleted' }] }],
      elsewhere: [],
      review: '### Memory changes\n\nNo memory changes in `main...HEAD`.\n',
    });
    expect(report).toContain("- **\\<script\\>\\@everyone\\</script\\>** (`p.md`): `a'b.ts` was deleted");
  });
});
