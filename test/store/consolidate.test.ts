/** `consolidate`: a dry run that proposes, `--apply` that merges; through the built CLI in a real repository. */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { planConsolidation } from '../../src/store/consolidate.js';
import { lintNotes } from '../../src/store/lint.js';
import { addNote, findNote, loadNotes } from '../../src/store/notes.js';
import { supersedeNote } from '../../src/store/lifecycle.js';
import { allFiles } from '../compress/compress-repo.js';
import { runCliSync, tempRepo } from '../helpers/temp-repo.js';

const repos: string[] = [];
afterAll(() => {
  for (const dir of repos) fs.rmSync(dir, { recursive: true, force: true });
});

function memoryWithDuplicates() {
  const root = tempRepo({ initMemory: true });
  repos.push(root);
  const first = addNote(
    root,
    {
      title: 'Access tokens are signed with RS256',
      type: 'decision',
      topic: 'auth',
      tags: ['jwt'],
      files: ['config/auth.json'],
      body: 'Billing and search verify tokens with the public key only, so they cannot mint them.',
    },
    new Date('2026-01-10'),
  );
  const second = addNote(
    root,
    {
      title: 'Access tokens are signed with RS256.',
      type: 'decision',
      topic: 'security',
      tags: ['tokens'],
      files: ['src/auth/jwt.ts'],
      body: 'Search and billing verify tokens with only the public key.\nKeys rotate every 90 days through the JWKS endpoint.',
    },
    new Date('2026-02-01'),
  );
  const other = addNote(root, { title: 'Refresh tokens are out of scope', type: 'decision', topic: 'auth', body: 'Not before the mobile app ships.' });
  const a = addNote(root, { title: 'Deploy with Capistrano', type: 'decision', body: 'ruby' });
  const b = addNote(root, { title: 'Deploy with Ansible', type: 'decision', body: 'yaml' });
  const c = addNote(root, { title: 'Deploy with Argo CD', type: 'decision', body: 'gitops' });
  supersedeNote(root, a.id, b.id);
  supersedeNote(root, b.id, c.id);
  return { root, first, second, other, chain: [a.id, b.id, c.id] };
}

describe('claude-memory consolidate', () => {
  it('proposes the merge and lists the chain in a dry run, and writes nothing', () => {
    const { root, first, second, chain } = memoryWithDuplicates();
    const before = allFiles(path.join(root, '.claude-memory', 'notes'));
    const result = runCliSync(root, ['consolidate']);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(
      [
        'Proposed merges (1):',
        `  keep ${first.path}  "${first.title}"`,
        `    fold ${second.path}  "${second.title}" — same title`,
        'Chains of superseded notes (1); the last is in use:',
        `  ${chain.join(' → ')}`,
        'Dry run: nothing was written. Run with --apply to merge, then review the diff in a pull request.',
        '',
      ].join('\n'),
    );
    expect(allFiles(path.join(root, '.claude-memory', 'notes'))).toEqual(before);
    expect(JSON.parse(runCliSync(root, ['consolidate', '--json']).stdout)).toMatchObject({
      plan: { merges: [{ keep: { id: first.id }, fold: [{ id: second.id, reason: 'same title' }] }], chains: [chain.map((id) => ({ id }))] },
    });
  });

  it('with --apply folds the duplicate into the oldest note and supersedes it, so lint is clean', () => {
    const { root, first, second, other } = memoryWithDuplicates();
    expect(lintNotes(root).problems.map((p) => p.code)).toEqual(['similar-title']);
    const result = runCliSync(root, ['consolidate', '--apply']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Merged 1 notes into 1; review the change');
    const kept = findNote(root, first.id).note!;
    expect(kept).toMatchObject({ status: 'active', tags: ['jwt', 'tokens'], files: ['config/auth.json', 'src/auth/jwt.ts'], supersedes: [second.id] });
    expect(kept.body).toBe(
      'Billing and search verify tokens with the public key only, so they cannot mint them.\nKeys rotate every 90 days through the JWKS endpoint.',
    );
    expect(findNote(root, second.id).note).toMatchObject({ status: 'superseded', data: expect.objectContaining({ supersededBy: first.id }) });
    expect(findNote(root, other.id).note!.status).toBe('active');
    expect(lintNotes(root).problems).toEqual([]);
    expect(planConsolidation(loadNotes(root).notes).merges).toEqual([]);
  });
});
