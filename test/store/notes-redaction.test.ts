/** Every field of a note is redacted when the tool writes it, and the id and file name come from the redacted title. */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { addNote, findNote, saveNote } from '../../src/store/notes.js';
import { lintNotes } from '../../src/store/lint.js';
import { PLANTED_SECRETS } from '../fixtures/secrets/planted.js';
import { tempDir } from '../helpers/temp-repo.js';

const roots: string[] = [];
afterEach(() => {
  for (const dir of roots.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});
const repo = () => {
  const root = tempDir('claude-memory-redact-');
  roots.push(root);
  return root;
};

const gh = PLANTED_SECRETS.find((p) => p.kind === 'github-token')!.secret;
const pw = 'Tangerine-Orbit-4471';

describe('addNote', () => {
  it('redacts title, topic, tags, files and body, and derives id and path after redaction', () => {
    const root = repo();
    const note = addNote(root, {
      title: `Deploy with ${gh}`,
      type: 'fact',
      topic: `ops ${gh}`,
      tags: [`token=${gh}`, 'deploy'],
      files: [`scripts/deploy.sh?token=${gh}`],
      body: `DB_PASSWORD=${pw}`,
      extra: { owner: 'ops', api_token: pw },
    });
    const file = fs.readFileSync(path.join(root, note.path), 'utf8');
    for (const where of [note.id, note.path, note.title, note.topic, note.tags.join(' '), note.files.join(' '), note.body, file]) {
      expect(where).not.toContain(gh);
      expect(where).not.toContain(pw);
    }
    expect(note.title).toBe('Deploy with [REDACTED:github-token]');
    expect(note.id).toMatch(/^deploy-with-redacted-github-token-[a-z0-9]{8}$/);
    expect(note.path).toBe(`.claude-memory/notes/ops-redacted-github-token/${note.id}.md`);
    expect(file).toContain('owner: ops');
  });

  it('leaves clean notes as they were', () => {
    const root = repo();
    const note = addNote(root, {
      title: 'Retry webhooks with backoff',
      type: 'decision',
      topic: 'billing',
      tags: ['webhooks'],
      body: 'Stripe retries for 3 days.',
    });
    expect(note.title).toBe('Retry webhooks with backoff');
    expect(note.id).toMatch(/^retry-webhooks-with-backoff-[a-z0-9]{8}$/);
  });
});

describe('saveNote and lint', () => {
  it('saving a hand-edited note redacts its front matter too, and lint then finds nothing', () => {
    const root = repo();
    const note = addNote(root, { title: 'Deploy settings', type: 'fact', body: 'See the runbook.' });
    const edited = { ...note, tags: ['deploy', `key=${gh}`], data: { ...note.data, contact: `ops, token ${gh}` } };
    saveNote(root, edited);
    const text = fs.readFileSync(path.join(root, note.path), 'utf8');
    expect(text).not.toContain(gh);
    expect(findNote(root, note.id).note?.tags).toEqual(['deploy', 'key=[REDACTED:github-token]']);
    expect(lintNotes(root).problems.filter((p) => p.code === 'secret')).toEqual([]);
  });

  it('lint reports a secret written into the file by hand, by kind and line, without printing it', () => {
    const root = repo();
    const note = addNote(root, { title: 'Deploy settings', type: 'fact', body: 'See the runbook.' });
    const file = path.join(root, note.path);
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('See the runbook.', `See the runbook.\n\nGH_TOKEN=${gh}`));
    const secrets = lintNotes(root).problems.filter((p) => p.code === 'secret');
    expect(secrets).toHaveLength(1);
    expect(secrets[0]?.reason).toMatch(/^looks like a secret \(github-token\) on line \d+: "GH_TOKEN=\[REDACTED:github-token\]"/);
    expect(JSON.stringify(secrets)).not.toContain(gh.slice(4, 16));
  });
});
