import fs from 'node:fs';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { installGitHooks } from '../../src/git/hooks-install.js';
import { cloneRepo, git, initMemoryOnly, runCliSync, tempDir, linkInstalledPackage } from '../helpers/temp-repo.js';
import { commitAll } from './notes-in-repo.js';

/**
 * Two people edit the same note on two clones; the second pull stops on a conflict and leaves git's markers in
 * the file. Until someone resolves it, the note is out of the context and search, lint and the guard name it, and
 * `lint --fix` never picks a side.
 */

const top = tempDir('claude-memory-conflict-');
afterAll(() => fs.rmSync(top, { recursive: true, force: true }));

const NOTE = '.claude-memory/notes/http/retries-k2j4.md';
const note = (body: string) =>
  `---\nid: retries-k2j4\ntitle: HTTP client retries\ntype: decision\ntopic: http\ncreated: 2026-11-20T09:00:00Z\nupdated: 2026-11-20T09:00:00Z\nstatus: active\n---\n${body}\n`;

const clone = (name: string) => cloneRepo(top, name);

describe('a note two people edited', () => {
  it('is left out of context and search until resolved; lint and the guard name it; lint --fix picks no side', { timeout: 60_000 }, async () => {
    git(top, 'init', '-q', '--bare', '-b', 'main', 'remote.git');
    const a = clone('a');
    initMemoryOnly(a);
    fs.mkdirSync(path.join(a, '.claude-memory/notes/http'), { recursive: true });
    fs.writeFileSync(path.join(a, NOTE), note('Retries use exponential backoff.'));
    fs.writeFileSync(
      path.join(a, '.claude-memory/notes/http/timeouts-a1b2.md'),
      '---\ntitle: Requests time out after 10 s\ntype: fact\ntopic: http\n---\nSet in client.ts.\n',
    );
    commitAll(a, 'notes');
    git(a, 'push', '-q', 'origin', 'main');
    const b = clone('b');
    // The guard finds the program where a project dependency would be (the launcher never runs a checkout's path).
    linkInstalledPackage(b);
    await installGitHooks(b, { guard: true });

    fs.writeFileSync(path.join(a, NOTE), note('Retries use exponential backoff with jitter.'));
    commitAll(a, 'jitter');
    git(a, 'push', '-q', 'origin', 'main');
    fs.writeFileSync(path.join(b, NOTE), note('Retries use a fixed 2 s delay.'));
    commitAll(b, 'fixed delay');
    expect(() => git(b, 'pull', '-q', '--no-rebase', 'origin', 'main')).toThrow();
    const conflicted = fs.readFileSync(path.join(b, NOTE), 'utf8');
    expect(conflicted).toMatch(/^<{7} /m);

    const lint = runCliSync(b, ['lint']);
    expect(lint.code).toBe(1);
    expect(lint.stdout).toMatch(/notes\/http\/retries-k2j4\.md: error: git conflict markers on lines \d+, \d+, \d+/);
    expect(runCliSync(b, ['lint', '--fix']).code).toBe(1);
    expect(fs.readFileSync(path.join(b, NOTE), 'utf8')).toBe(conflicted);

    const context = runCliSync(b, ['context']).stdout;
    expect(context).not.toContain('<<<<<<<');
    expect(context).not.toContain('](.claude-memory/notes/http/retries-k2j4.md)');
    expect(context).toContain('Left out until their git conflict markers are resolved: .claude-memory/notes/http/retries-k2j4.md');
    expect(context).toContain('Requests time out after 10 s');
    expect(runCliSync(b, ['search', 'retries', '--json']).stdout).not.toContain('retries-k2j4');

    git(b, 'add', NOTE);
    let refused = '';
    try {
      execFileSync('git', ['commit', '-q', '--no-edit'], { cwd: b, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });
    } catch (err) {
      refused = (err as { stderr?: string }).stderr ?? 'refused';
    }
    expect(refused).toMatch(/retries-k2j4\.md: invalid note: git conflict markers/);

    // Resolved by hand: both sides' intent in one text, markers gone.
    fs.writeFileSync(path.join(b, NOTE), note('Retries use exponential backoff with jitter, capped at 2 s.'));
    git(b, 'add', NOTE);
    git(b, 'commit', '-q', '--no-edit');
    expect(runCliSync(b, ['lint']).code).toBe(0);
    expect(runCliSync(b, ['context']).stdout).toContain('](.claude-memory/notes/http/retries-k2j4.md)');
  });
});
