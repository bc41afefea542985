import { describe, expect, it } from 'vitest';
import { autoMemoryDir, mapAutoMemory, pointerTitles, projectSlug, type MemoryFile } from '../../../src/capture/import/auto-memory.js';

const at = Date.parse('2026-04-01T12:00:00Z');
const file = (name: string, text: string): MemoryFile => ({ name, text, mtimeMs: at });

describe('where Claude Code keeps auto memory', () => {
  it('names the project folder after the path with every non-alphanumeric character as -', () => {
    expect(projectSlug('/home/ana/src/acme.shop_v2')).toBe('-home-ana-src-acme-shop-v2');
    expect(autoMemoryDir('/home/ana/src/acme.shop_v2', '/home/ana/.claude')).toBe('/home/ana/.claude/projects/-home-ana-src-acme-shop-v2/memory');
  });

  it('cuts paths past 200 characters and tells them apart by a hash', () => {
    const long = `/work/${'deeply-nested/'.repeat(20)}repo`;
    const other = `/work/${'deeply-nested/'.repeat(20)}repo2`;
    expect(projectSlug(long)).toMatch(/^-work-deeply-nested-.{180,}-[0-9a-z]+$/);
    expect(projectSlug(long).slice(0, 200)).toBe(projectSlug(other).slice(0, 200));
    expect(projectSlug(long)).not.toBe(projectSlug(other));
  });
});

describe('auto memory files → import items', () => {
  const index = [
    '- [Integration tests use a real database](feedback_real_db.md) — never mocks',
    '- [Release freeze](project_freeze.md) — until the 14th',
    '- [Who I am](user_role.md) — backend engineer',
  ].join('\n');

  it('maps topic files with top-level or nested type, keeps description as title, the date, and aliases for [[links]]', () => {
    const batch = mapAutoMemory([
      file('MEMORY.md', index),
      file(
        'feedback_real_db.md',
        '---\nname: real-db-tests\ndescription: Integration tests hit a real database, never mocks\nmetadata:\n  type: feedback\n---\nA mocked database hid a broken migration.\n**Why:** the mock passed while production failed.\n**How to apply:** use the compose database.\n',
      ),
      file(
        'project_freeze.md',
        '---\nname: release-freeze\ntype: project\n---\n# Release freeze\n\nNo merges to main until 2026-04-14; see [[real-db-tests]].\n',
      ),
      file(
        'reference_dash.md',
        '---\nname: grafana\ndescription: Latency dashboard is grafana.internal/d/api\ntype: reference\n---\nCheck it before and after deploys.\n',
      ),
      file('user_role.md', '---\nname: role\ndescription: The user is a backend engineer\ntype: user\n---\nPrefers terse answers.\n'),
    ]);
    expect(batch.source).toBe('auto-memory');
    expect(batch.items.map(({ ref, title, type, tags, created }) => ({ ref, title, type, tags, created }))).toEqual([
      {
        ref: 'feedback_real_db.md',
        title: 'Integration tests hit a real database, never mocks',
        type: 'convention',
        tags: ['feedback'],
        created: '2026-04-01',
      },
      { ref: 'project_freeze.md', title: 'Release freeze', type: 'fact', tags: ['project'], created: '2026-04-01' },
      { ref: 'reference_dash.md', title: 'Latency dashboard is grafana.internal/d/api', type: 'fact', tags: ['reference'], created: '2026-04-01' },
    ]);
    expect(batch.items[1]!.body).toBe('No merges to main until 2026-04-14; see [[real-db-tests]].');
    expect(batch.items[0]!.aliases).toEqual(['real-db-tests', 'feedback_real_db', 'feedback_real_db']);
    expect(batch.skipped).toEqual([{ ref: 'user_role.md', reason: 'a "user" memory (about the person, not the project); --include-user imports it' }]);
    expect(mapAutoMemory([file('user_role.md', '---\ntype: user\n---\nPrefers terse answers.\n')], { includeUser: true }).items).toHaveLength(1);
  });

  it('takes the title from the MEMORY.md pointer when the file has no description', () => {
    const batch = mapAutoMemory([
      file('MEMORY.md', index),
      file('project_freeze.md', '---\nname: release-freeze\ntype: project\n---\nNo merges until the 14th.\n'),
    ]);
    expect(batch.items[0]!.title).toBe('Release freeze');
    expect(pointerTitles('- [A](./a.md) — x\n* [B](sub/b.md)\n- [C](https://example.com/c.md)')).toEqual(
      new Map([
        ['a.md', 'A'],
        ['sub/b.md', 'B'],
      ]),
    );
  });

  it('imports memories written straight into MEMORY.md (older auto memory), one note per section, pointers left out', () => {
    const batch = mapAutoMemory([
      file(
        'MEMORY.md',
        '# Project notes\n\n- [Pointer](p.md) — a topic file\n\n## Build\n- `make dev` starts everything\n- Node 20 only\n\n## Empty\n\n## Style\nTabs, not spaces.\n',
      ),
    ]);
    expect(batch.items.map(({ ref, title, body }) => ({ ref, title, body }))).toEqual([
      { ref: 'MEMORY.md#1', title: 'Build', body: '- `make dev` starts everything\n- Node 20 only' },
      { ref: 'MEMORY.md#2', title: 'Style', body: 'Tabs, not spaces.' },
    ]);
  });

  it('reports files it cannot use instead of failing the import', () => {
    const batch = mapAutoMemory([
      file('bad.md', '---\n: [unclosed\n---\nbody'),
      file('empty.md', '---\nname: x\ntype: project\n---\n'),
      file('js.md', '---js\n{}\n---\nx'),
    ]);
    expect(batch.items).toEqual([]);
    expect(batch.skipped.map((skip) => skip.ref)).toEqual(['bad.md', 'empty.md', 'js.md']);
    expect(batch.skipped[0]!.reason).toMatch(/^invalid front matter: /);
    expect(batch.skipped[2]!.reason).toMatch(/not allowed; use YAML/);
  });
});
