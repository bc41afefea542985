import fs from 'node:fs';
import { cacheLayout } from '../cache/layout.js';
import type { Problem } from '../core/types.js';
import { lintNotes, type LintResult } from '../store/lint.js';
import { gitText, literal } from './exec.js';
import { nulFields } from './parse.js';

/**
 * Files of the memory that git should never track but does: the cache (local state of one clone), INDEX.md and
 * index/ (generated). They got there by a commit (`git add -f`, or a `.gitignore` that stopped ignoring them), so the
 * tool does not act on them (a tracked pending job is never run) and `lint` reports them. Costs one git process: it
 * runs off the hooks' hot path (lint, the background compression, after a pull).
 */
export async function trackedGeneratedFiles(root: string): Promise<string[]> {
  const out = await gitText(root, [
    'ls-files',
    '-z',
    '--',
    literal('.claude-memory/.cache'),
    literal('.claude-memory/INDEX.md'),
    literal('.claude-memory/index'),
  ]);
  return out ? nulFields(out).filter(Boolean) : [];
}

/** Whether git ignores what the cache folder holds, as `.claude-memory/.gitignore` (and `.cache/.gitignore`) should make it. */
export async function cacheIgnored(root: string): Promise<boolean> {
  const out = await gitText(root, ['check-ignore', '--', '.claude-memory/.cache/probe.json']);
  return Boolean(out?.trim());
}

/** Problems only git can see: generated or local files it tracks, and a cache folder it does not ignore. */
export async function trackedProblems(root: string): Promise<Problem[]> {
  const problems: Problem[] = (await trackedGeneratedFiles(root)).map((file) => ({
    path: file,
    code: 'tracked-generated',
    reason: 'tracked by git, but generated or local to one clone: claude-memory does not act on it; remove it with "git rm --cached"',
    severity: 'error',
  }));
  if (fs.existsSync(cacheLayout(root).dir) && !(await cacheIgnored(root))) {
    problems.push({
      path: '.claude-memory/.cache',
      code: 'cache-not-ignored',
      reason: 'not ignored by git: local state (sessions, log, queue) could be committed; restore ".cache/" in .claude-memory/.gitignore',
      severity: 'error',
    });
  }
  return problems;
}

/** `lint`: every note, the settings, and what git tracks that it should not. */
export async function lintRepository(root: string, options: { fix?: boolean } = {}): Promise<LintResult> {
  const result = lintNotes(root, options);
  result.problems.push(...(await trackedProblems(root)));
  result.problems.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return result;
}
