import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { mapClaudeMem, mapObservation, mapSummary, observationType, type ObservationRow, type SummaryRow } from '../../../src/capture/import/claude-mem.js';
import { readClaudeMemDb } from '../../../src/capture/import/claude-mem-db.js';
import { PROJECT_ROOT, tempDir, writeFile } from '../../helpers/temp-repo.js';

const fixture = path.join(PROJECT_ROOT, 'test/fixtures/claude-mem/acme-shop-v13.25.3.db');

const observation = (row: Partial<ObservationRow>): ObservationRow => ({
  id: 1,
  memory_session_id: 's',
  project: 'p',
  type: 'discovery',
  title: 'T',
  subtitle: null,
  narrative: null,
  text: null,
  facts: null,
  concepts: null,
  files_read: null,
  files_modified: null,
  created_at: null,
  created_at_epoch: null,
  ...row,
});

describe('claude-mem rows → import items', () => {
  it("maps the types of claude-mem's code mode, refining plain facts by concept", () => {
    expect(observationType('decision', [])).toBe('decision');
    expect(observationType('bugfix', ['gotcha'])).toBe('bugfix');
    expect(observationType('security_alert', [])).toBe('gotcha');
    expect(observationType('discovery', ['gotcha'])).toBe('gotcha');
    expect(observationType('refactor', ['pattern'])).toBe('convention');
    expect(observationType('feature', ['pattern'])).toBe('fact');
    expect(observationType('change', ['what-changed'])).toBe('fact');
    expect(observationType('something-new', [])).toBe('fact');
  });

  it('keeps title, narrative, facts, files and the creation date; leaves sensitive observations out', () => {
    const item = mapObservation(
      observation({
        title: 'Cache keys include the locale',
        subtitle: 'Found in review',
        narrative: 'Two locales shared a key.',
        facts: '["TTL 60 s","key = locale + query"]',
        concepts: '["gotcha"]',
        files_modified: '["src/cache.ts"]',
        files_read: '["src/cache.ts","src/locale.ts"]',
        created_at: '2026-02-03T10:00:00.000Z',
        type: 'change',
      }),
    );
    expect(item).toMatchObject({
      title: 'Cache keys include the locale',
      type: 'gotcha',
      files: ['src/cache.ts', 'src/locale.ts'],
      created: '2026-02-03',
      tags: ['change', 'gotcha'],
    });
    expect('body' in item && item.body).toBe('Found in review.\n\nTwo locales shared a key.\n\n- TTL 60 s\n- key = locale + query');
    expect(mapObservation(observation({ type: 'sensitive' }))).toEqual({ ref: 'observation:s:1', reason: 'claude-mem marked it "sensitive"' });
  });

  it('reads rows of the first schemas (text only, no title) and survives bad JSON in list columns', () => {
    const item = mapObservation(
      observation({
        title: null,
        text: 'Builds need Node 20. The lockfile pins it.',
        facts: 'not json',
        files_read: '{"a":1}',
        created_at_epoch: Date.parse('2025-12-01T00:00:00Z'),
      }),
    );
    expect(item).toMatchObject({ title: 'Builds need Node 20.', body: 'Builds need Node 20. The lockfile pins it.', files: [], created: '2025-12-01' });
    expect(mapObservation(observation({ title: '  ', text: null }))).toMatchObject({ reason: 'no title, narrative or text' });
  });

  it('turns a session summary into a session note with labelled sections', () => {
    const row: SummaryRow = {
      id: 7,
      memory_session_id: 's',
      project: 'p',
      request: 'Add retries',
      investigated: 'The client',
      learned: '',
      completed: 'Retries with backoff',
      next_steps: null,
      notes: null,
      files_read: '[]',
      files_edited: '["src/client.ts"]',
      created_at: '2026-01-02T00:00:00Z',
      created_at_epoch: null,
    };
    expect(mapSummary(row)).toEqual({
      ref: 'summary:s:7',
      title: 'Session: Add retries',
      type: 'session',
      body: '**Request:** Add retries\n\n**Investigated:** The client\n\n**Completed:** Retries with backoff',
      tags: ['session-summary'],
      files: ['src/client.ts'],
      created: '2026-01-02',
    });
    expect(mapSummary({ ...row, request: null, investigated: null, completed: null })).toMatchObject({ reason: 'empty session summary' });
  });
});

describe('readClaudeMemDb on a database built by claude-mem 13.25.3 itself', () => {
  it('reads the project and its worktrees, not other projects, and lists the projects there', async () => {
    const read = await readClaudeMemDb(fixture, 'acme-shop');
    expect(read.observations.map((row) => row.project)).toEqual([...Array(8).fill('acme-shop'), 'acme-shop/feature-wishlist']);
    expect(read.summaries).toHaveLength(2);
    expect(read.projects).toEqual([
      { project: 'acme-shop', observations: 8 },
      { project: 'acme-shop/feature-wishlist', observations: 1 },
      { project: 'blog-engine', observations: 1 },
    ]);
    const batch = mapClaudeMem(read.observations, read.summaries);
    expect(batch.items).toHaveLength(10);
    expect(batch.skipped).toEqual([{ ref: 'observation:mem-acme-1:4', reason: 'claude-mem marked it "sensitive"' }]);
    expect(batch.items.map((item) => item.type).sort()).toEqual([
      'bugfix',
      'convention',
      'decision',
      'decision',
      'fact',
      'fact',
      'fact',
      'gotcha',
      'session',
      'session',
    ]);
  });

  it('a project whose name is a prefix of another (acme vs acme-shop) does not take its rows', async () => {
    const read = await readClaudeMemDb(fixture, 'acme');
    expect(read.observations).toEqual([]);
  });

  it("names the file and the reason for a missing file or one that is not claude-mem's", async () => {
    await expect(readClaudeMemDb('/nonexistent/claude-mem.db', 'x')).rejects.toThrow(
      /\/nonexistent\/claude-mem\.db: cannot read the claude-mem database \(ENOENT\)/,
    );
    const text = writeFile(tempDir(), 'notes.db', 'this is not sqlite');
    await expect(readClaudeMemDb(text, 'x')).rejects.toThrow(new RegExp(`${text}: `));
  });
});
