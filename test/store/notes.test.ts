import fs from 'node:fs';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { addNote, findNote, loadNotes, saveNote } from '../../src/store/notes.js';
import { searchNotes } from '../../src/retrieve/search.js';
import { PROJECT_ROOT, tempRepo, writeFile } from '../helpers/temp-repo.js';

describe('note store', () => {
  it('adds a note as one file named after its id, and finds it again', () => {
    const root = tempRepo({ initMemory: true });
    const note = addNote(
      root,
      { title: 'Retry webhooks with backoff', type: 'decision', topic: 'Billing Service', tags: ['webhooks'], body: 'Stripe retries for 3 days.' },
      new Date('2026-11-23T10:00:00Z'),
    );
    expect(note.path).toBe(`.claude-memory/notes/billing-service/${note.id}.md`);
    expect(fs.readFileSync(path.join(root, note.path), 'utf8')).toContain('created: 2026-11-23');
    expect(findNote(root, note.id).note).toMatchObject({ title: 'Retry webhooks with backoff', tags: ['webhooks'] });
  });

  it('does not touch the file when an unchanged note is saved again', () => {
    const root = tempRepo({ initMemory: true });
    const note = addNote(root, { title: 'T', type: 'fact', body: 'b' });
    const file = path.join(root, note.path);
    const before = fs.statSync(file).mtimeMs;
    const loaded = findNote(root, note.id).note!;
    expect(saveNote(root, loaded)).toEqual({ written: false });
    expect(fs.statSync(file).mtimeMs).toBe(before);
  });

  it('keeps unknown keys of a hand-written note when the tool rewrites it', () => {
    const root = tempRepo({ initMemory: true });
    writeFile(
      root,
      '.claude-memory/notes/ops/deploy-freeze.md',
      '---\ntitle: Deploy freeze on Fridays\ntype: convention\nowner: ops-team\nreviewed: [alice]\n---\nNo deploys after 15:00 on Fridays.\n',
    );
    const note = findNote(root, 'deploy-freeze').note!;
    saveNote(root, { ...note, tags: ['deploy'] });
    const text = fs.readFileSync(path.join(root, '.claude-memory/notes/ops/deploy-freeze.md'), 'utf8');
    expect(text).toContain('owner: ops-team');
    expect(text).toContain('reviewed: [alice]');
    expect(text).toContain('id: deploy-freeze');
  });

  it('skips bad files with a problem naming the file and reason, and keeps the rest', () => {
    const root = tempRepo({ initMemory: true });
    const outside = path.join(path.dirname(root), `outside-${path.basename(root)}.md`);
    fs.writeFileSync(outside, '---\ntitle: Outside secret\ntype: fact\n---\nshould never be read');
    writeFile(root, '.claude-memory/notes/a/good.md', '---\ntitle: Good\ntype: fact\n---\nfine');
    writeFile(root, '.claude-memory/notes/a/binary.md', Buffer.from([0x2d, 0x2d, 0x2d, 0x0a, 0x00, 0x01]));
    writeFile(root, '.claude-memory/notes/a/latin1.md', Buffer.from('---\ntitle: caf\xe9\ntype: fact\n---\n', 'latin1'));
    writeFile(root, '.claude-memory/notes/a/huge.md', `---\ntitle: Huge\ntype: fact\n---\n${'x'.repeat(300_000)}`);
    writeFile(root, '.claude-memory/notes/a/zdup.md', '---\nid: good\ntitle: Dup\ntype: fact\n---\n');
    fs.symlinkSync(outside, path.join(root, '.claude-memory/notes/a/link-out.md'));
    fs.symlinkSync(path.join(root, '.claude-memory/notes'), path.join(root, '.claude-memory/notes/a/loop'));
    const { notes, problems } = loadNotes(root);
    expect(notes.map((n) => n.title)).toEqual(['Good']);
    const byFile = Object.fromEntries(problems.map((p) => [path.basename(p.path), p.code]));
    expect(byFile).toEqual({
      'binary.md': 'not-text',
      'latin1.md': 'not-text',
      'huge.md': 'too-large',
      'zdup.md': 'duplicate-id',
      'link-out.md': 'symlink-outside',
    });
    for (const problem of problems) expect(problem.reason.length).toBeGreaterThan(5);
  });

  it('leaves 400 valid notes after 8 processes add 50 notes each at once', async () => {
    const root = tempRepo({ initMemory: true });
    const worker = path.join(PROJECT_ROOT, 'test/helpers/add-notes-worker.mjs');
    const runs = Array.from(
      { length: 8 },
      (_, w) =>
        new Promise<number>((resolve) => {
          const child = spawn(process.execPath, [worker, root, String(w), '50'], { stdio: 'inherit' });
          child.on('close', (code) => resolve(code ?? 1));
        }),
    );
    expect(await Promise.all(runs)).toEqual(Array(8).fill(0));
    const { notes, problems } = loadNotes(root);
    expect(problems).toEqual([]);
    expect(notes).toHaveLength(400);
    expect(new Set(notes.map((n) => n.id)).size).toBe(400);
    const leftovers = fs.readdirSync(path.join(root, '.claude-memory/notes'), { recursive: true }).filter((f) => String(f).endsWith('.tmp'));
    expect(leftovers).toEqual([]);
    // The index written by the racing refreshes agrees with the notes on disk.
    for (const word of ['alpha', 'bravo', 'charlie', 'delta', 'echo', 'foxtrot', 'golf', 'hotel']) {
      expect(await searchNotes(root, word, { limit: 100 })).toHaveLength(50);
    }
  }, 120_000);
});
