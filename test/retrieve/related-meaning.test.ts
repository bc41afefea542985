import { describe, expect, it } from 'vitest';
import type { CatalogEntry } from '../../src/index/catalog.js';
import { blendRelated } from '../../src/retrieve/related-meaning.js';
import type { RelatedNote } from '../../src/retrieve/related.js';

const entry = (id: string, topic = 'general'): CatalogEntry => ({
  id,
  title: id,
  type: 'fact',
  topic,
  status: 'active',
  updated: '2026-01-01',
  path: `.claude-memory/notes/${topic}/${id}.md`,
  summary: '',
  tags: [],
  files: [],
  pinned: false,
  tokens: 10,
});
const related = (id: string, score: number, reasons: string[]): RelatedNote => ({ ...entry(id), score, reasons });

describe('related notes by structure and meaning', () => {
  const catalog = new Map(['linked', 'topic', 'twin', 'stranger'].map((id) => [id, entry(id)]));
  const structural = [related('linked', 5, ['links to it']), related('topic', 1, ['same topic'])];
  const similar = [
    { id: 'twin', score: 0.9 },
    { id: 'topic', score: 0.8 },
    { id: 'linked', score: 0.6 },
    { id: 'stranger', score: 0.2 },
  ];

  it('keeps strong structure first, lets meaning reorder the rest, and says why each note is there', () => {
    const notes = blendRelated(structural, similar, catalog, { weight: 0.3, floor: 0.7, limit: 10 });
    expect(notes.map((note) => [note.id, note.reasons])).toEqual([
      ['linked', ['links to it']],
      ['topic', ['same topic', 'similar in meaning (0.80)']],
      ['twin', ['similar in meaning (0.90)']],
    ]);
  });

  it('adds no note by meaning alone below the floor, and cuts at the limit', () => {
    expect(blendRelated(structural, similar, catalog, { weight: 0.3, floor: 0.95, limit: 10 }).map((note) => note.id)).toEqual(['linked', 'topic']);
    expect(blendRelated(structural, similar, catalog, { weight: 0.3, floor: 0.7, limit: 1 }).map((note) => note.id)).toEqual(['linked']);
  });
});
