import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { estimateTokens } from '../../src/core/tokens.js';
import { BRANCH_CHANGES, TEAMMATE_GOTCHA, TEAM_NOTES, buildTeamScenario, notePath, noteFile, type FixtureNote } from '../fixtures/session-start/team-repo.js';
import { git, runCliSync, tempDir } from '../helpers/temp-repo.js';

/**
 * What a session start must carry, checked on real repositories: two clones of one remote, a pull that brings a
 * teammate's note, a feature branch that changes files notes are about. The context must hold the pinned note, every
 * note about the changed files, the teammate's note as new (with its author when the git hooks ran), each note once,
 * within the budget, and leave a note out only once the budget is nearly spent.
 */

const cleanup: string[] = [];
beforeAll(() => {
  process.env.CLAUDE_MEMORY_GIT_HOOK_SYNC = '1';
});
afterAll(() => {
  for (const dir of cleanup) fs.rmSync(dir, { recursive: true, force: true });
});

/** The SessionStart hook as Claude Code runs it; returns the context it injects. */
function sessionStart(root: string, sessionId: string): string {
  const result = runCliSync(root, ['hook', 'session-start'], {
    input: JSON.stringify({ session_id: sessionId, cwd: root, hook_event_name: 'SessionStart', source: 'startup' }),
  });
  expect(result.code, result.stderr).toBe(0);
  if (!result.stdout) return '';
  return (JSON.parse(result.stdout) as { hookSpecificOutput: { additionalContext: string } }).hookSpecificOutput.additionalContext;
}

const linkOf = (note: FixtureNote) => `](${notePath(note)})`;
const count = (text: string, needle: string) => text.split(needle).length - 1;
function section(text: string, heading: string): string {
  const start = text.indexOf(`\n## ${heading}`);
  if (start < 0) return '';
  const end = text.indexOf('\n\n', start + 1);
  return text.slice(start, end < 0 ? undefined : end);
}
const linked = (text: string) => [...text.matchAll(/\]\((\.claude-memory\/notes\/[^)]+)\)/g)].map((m) => m[1]!);

const aboutChangedFiles = TEAM_NOTES.filter((note) => note.files?.some((file) => [...BRANCH_CHANGES.committed, ...BRANCH_CHANGES.uncommitted].includes(file)));

describe('session start in a team repository (18 notes, a branch, a pull)', () => {
  let bob: string;
  let context: string;
  beforeAll(async () => {
    const top = tempDir('claude-memory-team-start-');
    cleanup.push(top);
    ({ bob } = await buildTeamScenario(top, { gitHooks: true, startSession: (root) => sessionStart(root, 'first-session') }));
    context = sessionStart(bob, 'second-session');
  }, 120_000);

  it('carries the pinned note, every note about the changed files, and the pulled note as new with its author', () => {
    expect(section(context, 'Pinned')).toContain(linkOf(TEAM_NOTES[0]!));
    const changed = section(context, 'Notes about files changed on this branch');
    expect(changed).toMatch(/^\n## Notes about files changed on this branch \(against (origin\/)?main, and uncommitted\)/);
    for (const note of aboutChangedFiles) if (!note.pinned) expect(changed, note.title).toContain(linkOf(note));
    const fresh = section(context, 'New since the last session in this clone');
    expect(fresh).toContain(`${linkOf(TEAMMATE_GOTCHA)} (gotcha, 2026-11-26; by Alice Martin)`);
  });

  it('shows each note once within the budget, nearly all of it used, and says how many it left out and where', () => {
    const links = linked(context);
    expect(new Set(links).size).toBe(links.length);
    expect(estimateTokens(context)).toBeLessThanOrEqual(1000);
    const all = [...TEAM_NOTES, TEAMMATE_GOTCHA];
    if (links.length < all.length) {
      expect(estimateTokens(context)).toBeGreaterThanOrEqual(850);
      expect(context).toContain(`Left out here for room: ${all.length - links.length} more note`);
    }
    // The largest topics are always listed.
    const sizes = new Map<string, number>();
    for (const note of all) sizes.set(note.topic, (sizes.get(note.topic) ?? 0) + 1);
    const largest = [...sizes].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, 5);
    for (const [topic, n] of largest) expect(section(context, 'Topics')).toContain(`[${topic}](.claude-memory/index/${topic}.md) — ${n} note`);
  });

  it('orders notes of one day by the time they were written', () => {
    // Both notes are from 2026-11-24: with dates alone they would be ordered by id (backoff first).
    const http = fs.readFileSync(path.join(bob, '.claude-memory/index/http.md'), 'utf8');
    expect(http.indexOf('Retry budget is shared per host')).toBeGreaterThan(0);
    expect(http.indexOf('Retry budget is shared per host')).toBeLessThan(http.indexOf('Retries back off with jitter'));
  });

  it('shows the pulled note as new only once: the next session finds it among the gotchas', () => {
    expect(section(runCliSync(bob, ['context']).stdout, 'New since the last session in this clone')).toBe('');
    const next = sessionStart(bob, 'third-session');
    expect(next).not.toContain('## New since');
    expect(section(next, 'Gotchas')).toContain(linkOf(TEAMMATE_GOTCHA));
    expect(count(next, linkOf(TEAMMATE_GOTCHA))).toBe(1);
  });
});

describe('session start without the git hooks', () => {
  it('still shows the pulled note as new, without an author', async () => {
    const top = tempDir('claude-memory-team-nohooks-');
    cleanup.push(top);
    const { bob } = await buildTeamScenario(top, { gitHooks: false, startSession: (root) => sessionStart(root, 'first') });
    const context = sessionStart(bob, 'second');
    expect(section(context, 'New since the last session in this clone')).toContain(`${linkOf(TEAMMATE_GOTCHA)} (gotcha, 2026-11-26) — `);
  }, 120_000);
});

describe('session start in a repository too large for the budget', () => {
  it('keeps what it must, never repeats a note, uses at least 85 % of the budget and counts what it left out', async () => {
    const top = tempDir('claude-memory-team-large-');
    cleanup.push(top);
    const { bob } = await buildTeamScenario(top, {
      gitHooks: true,
      startSession: (root) => {
        // 300 more notes by earlier sessions, committed on main before the teammate's pull.
        const types = ['decision', 'convention', 'fact', 'gotcha', 'bugfix', 'howto', 'todo', 'session'];
        for (let i = 0; i < 300; i++) {
          const note: FixtureNote = {
            id: `bulk-${i}`,
            title: `Note ${i} about the ${['queue', 'gateway', 'billing', 'web'][i % 4]} code and why it is so`,
            type: types[i % types.length]!,
            topic: `area-${i % 23}`,
            updated: `2026-10-${String(1 + (i % 28)).padStart(2, '0')}T0${i % 10}:00:00Z`,
            body: `Explanation number ${i}, one sentence long.`,
          };
          fs.mkdirSync(path.dirname(path.join(root, notePath(note))), { recursive: true });
          fs.writeFileSync(path.join(root, notePath(note)), noteFile(note));
        }
        git(root, 'add', '-A');
        git(root, 'commit', '-qm', 'older notes');
        sessionStart(root, 'first');
      },
    });
    const context = sessionStart(bob, 'second');
    const links = linked(context);
    expect(new Set(links).size).toBe(links.length);
    expect(estimateTokens(context)).toBeLessThanOrEqual(1000);
    expect(estimateTokens(context)).toBeGreaterThanOrEqual(850);
    expect(section(context, 'Pinned')).toContain(linkOf(TEAM_NOTES[0]!));
    for (const note of aboutChangedFiles) expect(context, note.title).toContain(linkOf(note));
    expect(section(context, 'New since the last session in this clone')).toContain(linkOf(TEAMMATE_GOTCHA));
    const left = /Left out here for room: (\d+) more notes \(([^)]+)\), each listed in \.claude-memory\/index\/<topic>\.md/.exec(context);
    expect(left).not.toBeNull();
    expect(Number(left![1])).toBe(TEAM_NOTES.length + 1 + 300 - links.length);
    expect(section(context, 'Topics').split('\n').length).toBeGreaterThanOrEqual(1 + 5);
  }, 180_000);
});
