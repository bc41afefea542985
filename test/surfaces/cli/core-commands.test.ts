import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCliSync, tempDir, tempRepo, writeFile } from '../../helpers/temp-repo.js';

const json = <T>(stdout: string) => JSON.parse(stdout) as T;

describe('claude-memory CLI', () => {
  it('init creates the folder from the template, is idempotent, and refuses outside a git work tree', () => {
    const root = tempRepo();
    const first = runCliSync(root, ['init', '--no-hooks', '--no-git-hooks', '--no-mcp']);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('created .claude-memory/config.json');
    for (const file of ['README.md', 'config.json', '.gitignore', 'notes/.gitkeep']) expect(fs.existsSync(path.join(root, '.claude-memory', file))).toBe(true);
    fs.writeFileSync(path.join(root, '.claude-memory/config.json'), '{"contextBudgetTokens": 500}');
    const second = runCliSync(root, ['init', '--no-hooks', '--no-git-hooks', '--no-mcp']);
    expect(second.code).toBe(0);
    expect(fs.readFileSync(path.join(root, '.claude-memory/config.json'), 'utf8')).toBe('{"contextBudgetTokens": 500}');
    const outside = runCliSync(tempDir(), ['init']);
    expect(outside.code).toBe(1);
    expect(outside.stderr).toMatch(/not inside a git work tree/);
    expect(outside.stderr).not.toMatch(/\n\s+at /);
  });

  it('add prints the id last, and show, list and search find the note', () => {
    const root = tempRepo({ initMemory: true });
    const added = runCliSync(root, [
      'add',
      '--title',
      'Invoices round half-even',
      '--type',
      'decision',
      '--topic',
      'billing',
      '--tag',
      'money',
      '--tag',
      'rounding',
      '--file',
      'services/billing/round.ts',
      '--body',
      'Banker’s rounding matches the ledger.',
    ]);
    expect(added.code).toBe(0);
    const id = added.stdout.trim().split('\n').pop()!;
    expect(id).toMatch(/^invoices-round-half-even-[0-9a-z]{8}$/);
    expect(runCliSync(root, ['show', id]).stdout).toContain('tags: [money, rounding]');
    expect(json<{ id: string; tags: string[] }>(runCliSync(root, ['show', id, '--json']).stdout)).toMatchObject({ id, tags: ['money', 'rounding'] });
    expect(json<Array<{ id: string }>>(runCliSync(root, ['list', '--json', '--type', 'decision']).stdout).map((n) => n.id)).toEqual([id]);
    expect(json<unknown[]>(runCliSync(root, ['list', '--json', '--type', 'gotcha']).stdout)).toEqual([]);
    const hits = json<Array<{ id: string; title: string; type: string; path: string; score: number }>>(
      runCliSync(root, ['search', 'ledger rounding', '--json']).stdout,
    );
    expect(hits[0]).toMatchObject({ id, title: 'Invoices round half-even', type: 'decision', path: `.claude-memory/notes/billing/${id}.md` });
    expect(hits[0]!.score).toBeGreaterThan(0);
  });

  it('add reads the body from stdin with --body - and prints { id, path } with --json', () => {
    const root = tempRepo({ initMemory: true });
    const out = runCliSync(root, ['add', '--title', 'From stdin', '--type', 'fact', '--body', '-', '--json'], { input: 'Piped body text.\n' });
    const { id, path: rel } = json<{ id: string; path: string }>(out.stdout);
    expect(fs.readFileSync(path.join(root, rel), 'utf8')).toContain('Piped body text.');
    expect(id).toMatch(/^from-stdin-/);
  });

  it.each([
    [['add', '--title', 'x'], /Missing required argument: type/],
    [['add', '--title', 'x', '--type', 'musing'], /Invalid values/],
    [['search', 'x', '--limit', '0'], /--limit must be a positive whole number/],
    [['frobnicate'], /Unknown argument|Unknown command/],
    [[], /Name a command/],
  ])('exits 2 with a usage message for %j', (args, message) => {
    const out = runCliSync(tempRepo({ initMemory: true }), args);
    expect(out.code).toBe(2);
    expect(out.stderr).toMatch(message);
  });

  it('show exits 1 with a clear message for an unknown or hostile id', () => {
    const root = tempRepo({ initMemory: true });
    expect(runCliSync(root, ['show', 'nope-12345678'])).toMatchObject({ code: 1, stderr: expect.stringMatching(/no note with id "nope-12345678"/) });
    expect(runCliSync(root, ['show', '../../etc/passwd'])).toMatchObject({ code: 1, stderr: expect.stringMatching(/not a valid note id/) });
  });

  it('search hides superseded and archived notes unless --all', () => {
    const root = tempRepo({ initMemory: true });
    writeFile(root, '.claude-memory/notes/ops/old.md', '---\ntitle: Deploy with fabric\ntype: howto\nstatus: superseded\n---\nfab deploy');
    writeFile(root, '.claude-memory/notes/ops/new.md', '---\ntitle: Deploy with argo\ntype: howto\n---\nargo sync; replaces fabric');
    expect(json<Array<{ id: string }>>(runCliSync(root, ['search', 'deploy', '--json']).stdout).map((h) => h.id)).toEqual(['new']);
    expect(
      json<Array<{ id: string }>>(runCliSync(root, ['search', 'deploy', '--json', '--all']).stdout)
        .map((h) => h.id)
        .sort(),
    ).toEqual(['new', 'old']);
  });

  it('lint passes a minimal hand-written note, reports every problem with file and reason, and --fix fills defaults', () => {
    const root = tempRepo({ initMemory: true });
    writeFile(root, '.claude-memory/notes/a/minimal.md', '---\ntitle: Minimal\ntype: fact\n---\nOnly the essentials.\n');
    expect(runCliSync(root, ['lint'])).toMatchObject({ code: 0 });
    writeFile(root, '.claude-memory/notes/a/bad-yaml.md', '---\ntitle: [oops\n---\n');
    writeFile(root, '.claude-memory/notes/a/heading-only.md', '# Just a heading\n\nText.\n');
    writeFile(
      root,
      '.claude-memory/notes/a/broken-link.md',
      '---\ntitle: Links\ntype: fact\n---\nSee [other](../b/missing.md) and [escape](../../../../../etc/passwd).\n',
    );
    writeFile(root, '.claude-memory/notes/a/zdupe.md', '---\nid: minimal\ntitle: Dupe\ntype: fact\n---\n');
    const lint = runCliSync(root, ['lint']);
    expect(lint.code).toBe(1);
    for (const [file, reason] of [
      ['bad-yaml.md', 'invalid front matter'],
      ['heading-only.md', 'no front matter'],
      ['broken-link.md', 'points to a note that does not exist'],
      ['broken-link.md', 'leads outside the repository'],
      ['zdupe.md', 'also used by'],
    ])
      expect(lint.stdout).toMatch(new RegExp(`notes/a/${file}: (error|warning): [^\\n]*${reason}`));
    const fixed = runCliSync(root, ['lint', '--fix']);
    expect(fixed.stdout).toContain('fixed .claude-memory/notes/a/heading-only.md');
    const text = fs.readFileSync(path.join(root, '.claude-memory/notes/a/heading-only.md'), 'utf8');
    expect(text).toMatch(/^---\nid: heading-only\ntitle: Just a heading\ntype: fact\ntopic: a\ncreated: \d{4}-\d\d-\d\d/);
    expect(text).toContain('Text.');
  });

  it('context prints layer 0, index rebuilds, and stats counts by type, topic and status', () => {
    const root = tempRepo({ initMemory: true });
    runCliSync(root, ['add', '--title', 'Tabs not spaces in Makefiles', '--type', 'convention', '--topic', 'build']);
    runCliSync(root, ['add', '--title', 'Use the staging VPN', '--type', 'gotcha', '--topic', 'ops']);
    const context = runCliSync(root, ['context']);
    expect(context.stdout).toContain('# Project memory');
    expect(context.stdout).toContain('Tabs not spaces in Makefiles');
    expect(runCliSync(root, ['index']).stdout).toBe('indexed 2 notes\n');
    const stats = json<{
      notes: number;
      byType: Record<string, number>;
      byTopic: Record<string, number>;
      byStatus: Record<string, number>;
      tokens: { layer0: number };
    }>(runCliSync(root, ['stats', '--json']).stdout);
    expect(stats).toMatchObject({ notes: 2, byType: { convention: 1, gotcha: 1 }, byTopic: { build: 1, ops: 1 }, byStatus: { active: 2 } });
    expect(stats.tokens.layer0).toBeGreaterThan(20);
  });

  it.each(['init', 'add', 'show', 'list', 'search', 'index', 'lint', 'context', 'stats'])('%s --help explains itself', (command) => {
    const out = runCliSync(tempRepo(), [command, '--help']);
    expect(out.code).toBe(0);
    expect(out.stdout).toContain(`claude-memory ${command}`);
  });

  it('prints no progress bar when output is not a terminal', () => {
    const root = tempRepo({ initMemory: true });
    for (let i = 0; i < 3; i++) runCliSync(root, ['add', '--title', `n${i}`, '--type', 'fact']);
    const out = runCliSync(root, ['index']);
    expect(out.stderr).toBe('');
  });
});
