import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { KEYWORDS, asCacheValue, compile } from '../../src/cache/read.js';
import { CACHE_SCHEMAS, type CacheFileKind, type JsonSchema } from '../../src/cache/schemas.js';
import { JSON_SCHEMAS } from '../../src/cache/schemas.generated.js';
import { mulberry32 } from '../helpers/prng.js';

const kinds = Object.keys(CACHE_SCHEMAS) as CacheFileKind[];

function jsonSchemaOf(kind: CacheFileKind): JsonSchema {
  const { $schema: _, ...rest } = z.toJSONSchema(CACHE_SCHEMAS[kind], { io: 'input' }) as JsonSchema & { $schema?: string };
  return rest;
}

function render(): string {
  const body = kinds.map((kind) => `  ${kind}: ${JSON.stringify(jsonSchemaOf(kind))},`).join('\n');
  return [
    '// Generated from schemas.ts by test/cache/schemas.test.ts; after changing a schema run `npm run gen:cache-schemas`.',
    "import type { CacheFileKind, JsonSchema } from './schemas.js';",
    '',
    'export const JSON_SCHEMAS: Record<CacheFileKind, JsonSchema> = {',
    body,
    '};',
    '',
  ].join('\n');
}

/** A valid example of each kind, to mutate. */
const SAMPLES: Record<CacheFileKind, unknown> = {
  manifest: {
    format: 8,
    configMtimeMs: 1,
    dirs: { '.claude-memory/notes': 2 },
    files: { '.claude-memory/notes/t/a.md': [3, 4] },
    noteCount: 1,
    problems: [{ path: 'b.md', reason: 'bad', severity: 'error', code: 'x' }],
  },
  catalog: {
    '.claude-memory/notes/t/a.md': {
      id: 'a',
      title: 'A',
      type: 'fact',
      topic: 't',
      status: 'active',
      updated: '2025-01-01',
      path: '.claude-memory/notes/t/a.md',
      summary: 's',
      tags: ['x'],
      files: ['f.ts'],
      pinned: false,
      tokens: 12,
      embeddingKey: 'k',
    },
  },
  freshStamp: { format: 8, manifest: '1:2', configMtimeMs: 0, dirs: { '.claude-memory/notes/t': 1 }, noteCount: 3 },
  fileNotesStamp: { stamp: '8:1:2' },
  fileNotesShard: { 'src/a.ts': [{ id: 'a', title: 'A', type: 'fact', path: '.claude-memory/notes/t/a.md', updated: '2025-01-01', summary: 's' }] },
  sessionState: { sessionId: 's', given: ['a', 'b'], compressStartedAt: 10, updatedAt: 'now' },
  cursor: { sessionId: 's', transcriptPath: '/t.jsonl', offset: 10, updatedAt: 'now' },
  pendingJob: { id: 's-0-10', sessionId: 's', transcriptPath: '/t.jsonl', fromOffset: 0, toOffset: 10, createdAt: 'now', attempts: 1, lastError: 'down' },
  doneRecord: { id: 's-0-10', created: ['a'], updated: [], path: 'llm', at: 'now' },
  usage: {
    sessions: { s: { requests: 1, input: 2, output: 3, cacheRead: 4, cacheWrite: 5, updated: 'now' } },
    days: { '2025-01-01': { requests: 1, input: 2, output: 3, cacheRead: 4, cacheWrite: 5 } },
  },
  staleCache: {
    format: 8,
    head: 'abc',
    computed: 'now',
    notes: [{ id: 'a', path: '.claude-memory/notes/t/a.md', kinds: ['renamed'], reasons: [{ file: 'src/a.ts', kind: 'renamed', to: 'src/b.ts' }] }],
  },
  staleAcks: { acks: { a: 'src/a.ts:deleted' } },
  arrivals: { since: 1, seen: { a: 0, b: 5 }, authors: { b: 'Ann' }, committed: { b: '2026-01-02T03:04:05Z' } },
  lastSession: { startedAt: 10 },
  contextMemo: { key: 'k', lastArrival: 5, arrivalsSince: 1, text: 't', ids: ['a'], newShown: 0, newTotal: 0 },
  contextCandidates: {
    format: 9,
    catalog: '9:1:2',
    budgetTokens: 1000,
    notes: ['a\tt\t[A](a.md)\tfact\tfact, 2026-01-01\t — s.\t5\tAnn'],
    tiers: { recent: [0] },
    arrivals: [0],
    arrivalTimes: [5],
    arrivalsSince: 1,
    topics: [['t', 1, 'index/t.md']],
    topicCount: 1,
    active: 1,
    inactive: 0,
    conflicts: [],
  },
  vectorCache: { format: 1, model: 'm@1', dimensions: 2, vectors: { k: 'AAAAAAAA' } },
  embedState: { model: 'm@1', catalog: '1:2', notes: 3, embedded: 2, finishedAt: 'now', error: 'no model' },
  topicLines: { format: 11, lines: { '["../"]': '- [a](../notes/t/a.md) (fact)' } },
  searchState: {
    format: 9,
    fields: ['title', 'body'],
    documentCount: 2,
    averageFieldLength: [1.5, 20],
    segments: [{ file: 'g1-0-a.seg', rows: 3, live: 2, deleted: 'Ag==' }],
    generation: 1,
  },
};

const ODD_VALUES: unknown[] = [null, true, 0, -1, 1.5, 2 ** 60, '', 'x', [], [1], {}, { a: 1 }];

/** One random change somewhere in a JSON value: replace, delete, add or retype a part of it. */
function mutate(value: unknown, random: () => number): unknown {
  const pick = <T>(items: T[]): T => items[Math.floor(random() * items.length)]!;
  if (random() < 0.2 || value === null || typeof value !== 'object') return pick(ODD_VALUES);
  const copy: Record<string, unknown> | unknown[] = Array.isArray(value) ? [...value] : { ...(value as Record<string, unknown>) };
  const keys = Object.keys(copy);
  const roll = random();
  if (!keys.length || roll < 0.15) {
    if (Array.isArray(copy)) copy.push(pick(ODD_VALUES));
    else copy[pick(['extra', 'id', 'given', '__proto__'])] = pick(ODD_VALUES);
  } else if (roll < 0.3) {
    const key = pick(keys);
    if (Array.isArray(copy)) copy.splice(Number(key), 1);
    else delete copy[key];
  } else {
    const key = pick(keys);
    (copy as Record<string, unknown>)[key] = mutate((copy as Record<string, unknown>)[key], random);
  }
  return copy;
}

describe('cache schemas', () => {
  it('schemas.generated.ts is the JSON Schema form of schemas.ts', async () => {
    await expect(render()).toMatchFileSnapshot('../../src/cache/schemas.generated.ts');
    for (const kind of kinds) expect(JSON_SCHEMAS[kind]).toEqual(jsonSchemaOf(kind));
  });

  it('the generated schemas use only keywords the light validator knows', () => {
    const seen = new Set<string>();
    const walk = (node: unknown): void => {
      if (Array.isArray(node)) node.forEach(walk);
      else if (node && typeof node === 'object') {
        for (const [key, child] of Object.entries(node)) {
          seen.add(key);
          // properties and records name keys of the file, not keywords
          if (key === 'properties') Object.values(child as object).forEach(walk);
          else walk(child);
        }
      }
    };
    for (const kind of kinds) walk(JSON_SCHEMAS[kind]);
    expect([...seen].filter((key) => !KEYWORDS.has(key))).toEqual([]);
  });

  it('the light validator agrees with zod on valid files and on thousands of damaged ones', () => {
    const random = mulberry32(20250107);
    for (const kind of kinds) {
      const check = compile(JSON_SCHEMAS[kind]);
      expect(CACHE_SCHEMAS[kind].safeParse(SAMPLES[kind]).success, kind).toBe(true);
      expect(check(SAMPLES[kind]), kind).toBe(true);
      expect(asCacheValue(kind, SAMPLES[kind]), kind).toBeDefined();
      for (let i = 0; i < 1500; i++) {
        let value = SAMPLES[kind];
        for (let n = 1 + Math.floor(random() * 3); n > 0; n--) value = mutate(value, random);
        // what a file can hold: JSON
        value = JSON.parse(JSON.stringify(value) ?? 'null');
        const expected = CACHE_SCHEMAS[kind].safeParse(value).success;
        if (check(value) !== expected) expect({ kind, value, zod: expected }).toBeUndefined();
        // The reader also confines paths and names (test/cache/confined-values.test.ts): it never accepts more than zod.
        if (asCacheValue(kind, value) !== undefined) expect(expected).toBe(true);
      }
    }
  });
});
