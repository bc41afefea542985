import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { autoMemoryDir } from '../../src/capture/import/auto-memory.js';
import { runClaude } from '../helpers/claude.js';
import {
  assistantTurns,
  isMainLoopRequest,
  startFakeAnthropic,
  textReply,
  toolUseReply,
  type FakeAnthropic,
  type FakeRequest,
} from '../helpers/fake-anthropic.js';
import { git, initMemoryOnly, PROJECT_ROOT, runCliSync, tempDir, tempRepo, writeFile } from '../helpers/temp-repo.js';

interface Report {
  created: Array<{ id: string; path: string; ref: string; title: string; type: string }>;
  alreadyImported: number;
  skipped: Array<{ ref: string; reason: string }>;
  problems: unknown[];
}

const claudeMemDb = path.join(PROJECT_ROOT, 'test/fixtures/claude-mem/acme-shop-v13.25.3-live.db');

function importJson(root: string, args: string[], env?: Record<string, string>): Report {
  const out = runCliSync(root, ['import', ...args, '--json'], { env });
  if (out.code !== 0) throw new Error(`import ${args.join(' ')} exited ${out.code}: ${out.stderr}`);
  return JSON.parse(out.stdout) as Report;
}

const read = (root: string, rel: string) => fs.readFileSync(path.join(root, rel), 'utf8');

describe('import claude-mem', () => {
  it("imports the project's observations and summaries once, redacted, dated as recorded, linted clean and searchable", () => {
    const root = tempRepo({ initMemory: true });
    const first = importJson(root, ['claude-mem', '--db', claudeMemDb, '--project', 'acme-shop']);
    expect(first.created).toHaveLength(11); // 9 observations (one of them still in the WAL) + 2 summaries
    expect(first.skipped).toEqual([{ ref: 'observation:mem-acme-1:4', reason: 'claude-mem marked it "sensitive"' }]);
    expect(first.problems).toEqual([]);
    const payment = first.created.find((note) => note.title.startsWith('Payment sandbox'))!;
    const text = read(root, payment.path);
    expect(text).not.toContain('q8Zr2vT9xL4mN7pK1wB6yH3cJ5dF0gS');
    expect(text).toContain('[REDACTED:');
    expect(text).toMatch(/^created: 2026-03-02(T00:00:00Z)?$/m);
    expect(text).toMatch(/^source: \{ import: claude-mem, ref: "observation:mem-acme-1:3" \}$/m);

    const second = importJson(root, ['claude-mem', '--db', claudeMemDb, '--project', 'acme-shop']);
    expect(second.created).toEqual([]);
    expect(second.alreadyImported).toBe(11);
    expect(runCliSync(root, ['lint']).code).toBe(0);
    const hits = JSON.parse(runCliSync(root, ['search', 'order emails queue', '--json']).stdout) as Array<{ title: string }>;
    expect(hits[0]!.title).toBe('Order emails go through the job queue');
  });

  it('--dry-run writes nothing; an unknown project lists the projects the database has; no init, no import', () => {
    const root = tempRepo({ initMemory: true });
    const dry = importJson(root, ['claude-mem', '--db', claudeMemDb, '--project', 'acme-shop', '--dry-run']);
    expect(dry.created).toHaveLength(11);
    expect(fs.readdirSync(path.join(root, '.claude-memory/notes'))).toEqual(['.gitkeep']);
    const unknown = runCliSync(root, ['import', 'claude-mem', '--db', claudeMemDb]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(
      /nothing recorded for project "claude-memory-repo-\w+"; projects there: acme-shop \(9\), acme-shop\/feature-wishlist \(1\), blog-engine \(1\); pass --project NAME/,
    );
    const bare = tempRepo();
    const refused = runCliSync(bare, ['import', 'claude-mem', '--db', claudeMemDb, '--project', 'acme-shop']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/has no \.claude-memory\/ folder yet; run "claude-memory init" there first/);
  });

  it('defaults to ~/.claude-mem/claude-mem.db and to the repository folder name as project', () => {
    const parent = tempDir();
    const root = path.join(parent, 'acme-shop');
    fs.mkdirSync(root);
    git(root, 'init', '-q');
    initMemoryOnly(root);
    const home = tempDir();
    fs.mkdirSync(path.join(home, '.claude-mem'));
    fs.copyFileSync(claudeMemDb, path.join(home, '.claude-mem', 'claude-mem.db'));
    fs.copyFileSync(`${claudeMemDb}-wal`, path.join(home, '.claude-mem', 'claude-mem.db-wal'));
    expect(importJson(root, ['claude-mem'], { HOME: home }).created).toHaveLength(11);
  });
});

describe('import markdown', () => {
  it('imports a vault once, turning [[wikilinks]] between its notes into links that lint accepts', () => {
    const vault = path.join(tempDir(), 'vault');
    writeFile(vault, 'Ops/Deploys.md', '---\ntags: [ops]\n---\n# Deploys\n\nDeploys run from CI; when one fails follow [[Rollbacks|the rollback steps]].\n');
    writeFile(vault, 'Ops/Rollbacks.md', '# Rollbacks\n\nRevert the release tag, then redeploy. See also [[Missing note]].\n');
    writeFile(vault, '.obsidian/workspace.md', '# not a note\n\nObsidian settings.\n');
    writeFile(vault, 'big.md', `# Big\n\n${'x'.repeat(300 * 1024)}`);
    const outside = writeFile(tempDir(), 'secret.md', '# Outside\n\nShould not be read.\n');
    fs.symlinkSync(outside, path.join(vault, 'link.md'));
    const root = tempRepo({ initMemory: true });

    const first = importJson(root, ['markdown', vault]);
    expect(first.created.map((note) => note.title)).toEqual(['Deploys', 'Rollbacks']);
    expect(first.skipped.map((skip) => skip.ref).sort()).toEqual(['vault/big.md', 'vault/link.md']);
    const deploys = read(root, first.created[0]!.path);
    const rollbacks = first.created[1]!;
    expect(deploys).toContain(`[the rollback steps](${path.basename(rollbacks.path)})`);
    expect(read(root, rollbacks.path)).toContain('[[Missing note]]');
    expect(first.created[0]!.path).toMatch(/^\.claude-memory\/notes\/ops\//);
    expect(runCliSync(root, ['lint']).code).toBe(0);
    expect(importJson(root, ['markdown', vault]).alreadyImported).toBe(2);
  });
});

describe('import auto-memory, written by the real Claude Code client', () => {
  let fake: FakeAnthropic;
  let memoryDirSeen = '';
  const memories: Record<string, string> = {
    'feedback_real_db.md':
      '---\nname: real-db-tests\ndescription: Integration tests hit a real database, never mocks\nmetadata:\n  type: feedback\n---\nA mocked database hid a broken migration.\n**Why:** the mock passed while production failed.\n**How to apply:** use the compose database; see [[release-freeze]].\n',
    'project_freeze.md':
      '---\nname: release-freeze\ndescription: No merges to main until 2026-04-14 (release freeze)\nmetadata:\n  type: project\n---\nThe mobile release is cut on the 14th.\n',
    'user_role.md': '---\nname: role\ndescription: The user is a backend engineer\nmetadata:\n  type: user\n---\nPrefers terse answers.\n',
    'MEMORY.md':
      '- [Real database in tests](feedback_real_db.md) — never mocks\n- [Release freeze](project_freeze.md) — until the 14th\n- [Role](user_role.md) — backend\n',
  };
  const order = Object.keys(memories);

  function handler(req: FakeRequest) {
    if (!isMainLoopRequest(req.body)) return textReply('Fake side reply.');
    const system = JSON.stringify(req.body?.system ?? '');
    const dir = /persistent file-based memory at `([^`]+)`/.exec(system)?.[1];
    if (!dir) return textReply('No memory directory in the system prompt.');
    memoryDirSeen = dir;
    const turn = assistantTurns(req.body);
    const name = order[turn];
    return name ? toolUseReply('Write', { file_path: path.join(dir, name), content: memories[name] }) : textReply('Saved.');
  }

  beforeAll(async () => {
    fake = await startFakeAnthropic(handler);
  });
  afterAll(async () => {
    await fake.close();
  });

  it('finds the folder Claude Code wrote to for this repository and imports it; a second run adds nothing', async () => {
    const parent = tempDir();
    const root = path.join(parent, 'acme.shop_v2');
    fs.mkdirSync(root);
    git(root, 'init', '-q', '-b', 'main');
    initMemoryOnly(root);
    const home = tempDir();
    const run = await runClaude({ cwd: root, home, baseUrl: fake.url, prompt: 'Remember how we test and the release freeze.' });
    expect(run.code, run.stderr).toBe(0);
    expect(path.resolve(memoryDirSeen)).toBe(autoMemoryDir(fs.realpathSync(root), path.join(home, '.claude')));
    expect(fs.readdirSync(memoryDirSeen).sort()).toEqual(Object.keys(memories).sort());

    const first = importJson(root, ['auto-memory'], { HOME: home });
    expect(first.created.map(({ title, type }) => ({ title, type }))).toEqual([
      { title: 'Integration tests hit a real database, never mocks', type: 'convention' },
      { title: 'No merges to main until 2026-04-14 (release freeze)', type: 'fact' },
    ]);
    expect(first.skipped.map((skip) => skip.ref)).toEqual(['user_role.md']);
    const tests = read(root, first.created[0]!.path);
    expect(tests).toContain(`see [release-freeze](${path.basename(first.created[1]!.path)})`);
    expect(tests).toMatch(/^source: \{ import: auto-memory, ref: feedback_real_db\.md \}$/m);
    expect(importJson(root, ['auto-memory'], { HOME: home }).alreadyImported).toBe(2);
    expect(runCliSync(root, ['lint']).code).toBe(0);
  });

  it('says where it looked when there is no auto memory, and reads --from DIR', () => {
    const root = tempRepo({ initMemory: true });
    const home = tempDir();
    const missing = runCliSync(root, ['import', 'auto-memory'], { env: { HOME: home } });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain(`no auto memory for this repository (looked in ${path.join(home, '.claude', 'projects')}`);
    const from = tempDir();
    writeFile(from, 'feedback_x.md', '---\nname: x\ndescription: Commits are signed\ntype: feedback\n---\nSign every commit.\n');
    expect(importJson(root, ['auto-memory', '--from', from]).created.map((note) => note.title)).toEqual(['Commits are signed']);
  });
});
