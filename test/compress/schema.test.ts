import { describe, expect, it } from 'vitest';
import { RECORD_MEMORIES_TOOL, validateMemories } from '../../src/compress/schema.js';
import { operationsFromMemories } from '../../src/compress/apply.js';

const options = { maxNotes: 3, knownIds: new Set(['jwt-hs256-abc123']) };

describe('validateMemories', () => {
  it('keeps valid notes and turns updates and supersedes of shown notes into operations', () => {
    const result = validateMemories(
      {
        notes: [
          {
            title: 'Tokens are signed with RS256',
            type: 'decision',
            body: 'Verifiers hold only the public key.',
            topic: 'auth',
            files: ['config/auth.json'],
            supersedes: ['jwt-hs256-abc123'],
          },
          { title: 'Token lifetime is 15 minutes', type: 'fact', body: 'Access tokens live 15 minutes.', updates: 'jwt-hs256-abc123' },
        ],
      },
      options,
    );
    expect(result.invalid).toBe(false);
    expect(result.dropped).toEqual([]);
    const ops = operationsFromMemories(result.notes, 'sess');
    expect(ops[0]).toMatchObject({
      kind: 'create',
      note: { title: 'Tokens are signed with RS256', source: { session: 'sess' } },
      supersedes: ['jwt-hs256-abc123'],
    });
    expect(ops[1]).toMatchObject({ kind: 'update', id: 'jwt-hs256-abc123' });
  });

  it('drops each malformed note with a reason and keeps the rest', () => {
    const result = validateMemories(
      {
        notes: [
          { title: 'ok note', type: 'fact', body: 'fine' },
          { title: '', type: 'fact', body: 'no title' },
          { title: 'bad type', type: 'opinion', body: 'x' },
          { title: 'escaping path', type: 'fact', body: 'x', files: ['../../etc/passwd'] },
          { title: 'absolute path', type: 'fact', body: 'x', files: ['/etc/passwd'] },
          'not an object',
          { title: 'no body', type: 'fact' },
        ],
      },
      options,
    );
    expect(result.notes.map((n) => n.title)).toEqual(['ok note']);
    expect(result.dropped).toHaveLength(6);
    expect(result.dropped.join('\n')).toMatch(/note 4: files\.0 must be a path inside the repository/);
  });

  it('rejects input without a notes list, and never lets the model touch notes it was not shown', () => {
    for (const input of [undefined, null, 'text', { notes: 'x' }, { memories: [] }]) expect(validateMemories(input, options).invalid).toBe(true);
    const result = validateMemories(
      { notes: [{ title: 'retire everything', type: 'fact', body: 'x', updates: 'other-note-zzz999', supersedes: ['other-note-zzz999'] }] },
      options,
    );
    expect(result.notes[0]?.updates).toBeUndefined();
    expect(result.notes[0]?.supersedes).toEqual([]);
    expect(result.dropped).toHaveLength(2);
  });

  it('caps the number of notes per event', () => {
    const notes = Array.from({ length: 6 }, (_, i) => ({ title: `note number ${i}`, type: 'fact', body: 'x' }));
    expect(validateMemories({ notes }, options).notes).toHaveLength(3);
  });

  it('describes the same required fields and types to the model', () => {
    const items = RECORD_MEMORIES_TOOL.input_schema.properties.notes.items;
    expect(items.required).toEqual(['title', 'type', 'body']);
    expect(Object.keys(items.properties)).toEqual(['title', 'type', 'body', 'topic', 'tags', 'files', 'supersedes', 'updates']);
  });
});
