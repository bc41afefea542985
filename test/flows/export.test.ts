import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { estimateTokens } from '../../src/core/tokens.js';
import { SECTION_BEGIN, SECTION_END } from '../../src/retrieve/agents-file.js';
import { commitAll } from '../git/notes-in-repo.js';
import { git, runCliSync, tempDir, tempRepo, writeFile } from '../helpers/temp-repo.js';

function addNoteCli(root: string, title: string, extra: string[] = []): void {
  const args = ['add', '--title', title, '--body', `About ${title}.`, ...extra];
  if (!extra.includes('--type')) args.push('--type', 'fact');
  const result = runCliSync(root, args);
  if (result.code !== 0) throw new Error(`add failed: ${result.stderr}`);
}

const section = (text: string) => text.slice(text.indexOf(SECTION_BEGIN), text.indexOf(SECTION_END) + SECTION_END.length);

describe('claude-memory export', () => {
  it('writes the overview into AGENTS.md, leaves the rest of the file alone, and --check tells when it is out of date', () => {
    const root = tempRepo({ initMemory: true });
    // Written as files (what a pull brings), not through the CLI: thirty processes would dominate the test.
    for (let i = 0; i < 30; i++) {
      const id = `decision-number-${i}-about-payments-${String(i).padStart(8, '0')}`;
      writeFile(
        root,
        `.claude-memory/notes/area-${i % 5}/${id}.md`,
        `---\nid: ${id}\ntitle: Decision number ${i} about the payment service\ntype: decision\ntopic: area-${i % 5}\ncreated: 2026-01-${String((i % 28) + 1).padStart(2, '0')}\n---\nAbout decision ${i}.\n`,
      );
    }
    const handWritten = '# Agents\n\nRun `make test` before pushing.\n';
    writeFile(root, 'AGENTS.md', handWritten);

    expect(runCliSync(root, ['export', '--format', 'agents-md', '--check']).code).toBe(1);
    const written = runCliSync(root, ['export', '--format', 'agents-md']);
    expect(written.stdout).toContain('wrote the claude-memory section of AGENTS.md');
    const agents = fs.readFileSync(path.join(root, 'AGENTS.md'), 'utf8');
    expect(agents.startsWith(`${handWritten}\n${SECTION_BEGIN}`)).toBe(true);
    expect(agents).toContain('<project-memory source=".claude-memory" kind="data">');
    expect(agents).toMatch(/## Recent decisions\n- \[Decision number \d+ about the payment service\]\(\.claude-memory\/notes\/area-\d\//);
    expect(agents).toContain('Left out here for room:');
    expect(estimateTokens(section(agents))).toBeLessThanOrEqual(1000 + 60);
    expect(runCliSync(root, ['export', '--format', 'agents-md', '--check']).code).toBe(0);

    addNoteCli(root, 'Refunds go through the ledger', ['--type', 'convention']);
    const stale = runCliSync(root, ['export', '--format', 'agents-md', '--check']);
    expect(stale.code).toBe(1);
    expect(stale.stderr).toContain('AGENTS.md: the claude-memory section is out of date; run claude-memory export --format agents-md');
    expect(fs.readFileSync(path.join(root, 'AGENTS.md'), 'utf8')).toBe(agents);

    const smaller = runCliSync(root, ['export', '--format', 'claude-md', '--budget', '300']);
    expect(smaller.code).toBe(0);
    const claude = fs.readFileSync(path.join(root, 'CLAUDE.md'), 'utf8');
    expect(estimateTokens(claude)).toBeLessThanOrEqual(300 + 60);
    expect(claude).toContain('Refunds go through the ledger');
  });

  it('gives the same bytes in another clone, on another branch with changed files and stale notes (so --check is stable in CI)', () => {
    const root = tempRepo({ initMemory: true });
    writeFile(root, 'src/pay.ts', 'export const pay = 1;\n');
    addNoteCli(root, 'Payments retry twice', ['--file', 'src/pay.ts', '--type', 'decision']);
    addNoteCli(root, 'Webhooks are signed', ['--type', 'convention']);
    commitAll(root, 'notes');
    expect(runCliSync(root, ['export', '--format', 'agents-md']).code).toBe(0);
    commitAll(root, 'export');

    const clone = path.join(tempDir(), 'clone');
    git(path.dirname(clone), 'clone', '-q', root, clone);
    git(clone, 'checkout', '-q', '-b', 'feature');
    fs.rmSync(path.join(clone, 'src/pay.ts'));
    commitAll(clone, 'remove pay.ts: the payment note is now stale');
    expect(runCliSync(clone, ['stale']).stdout).toContain('may be stale');
    expect(runCliSync(clone, ['context']).stdout).toContain('[stale');
    const check = runCliSync(clone, ['export', '--format', 'agents-md', '--check']);
    expect(check.stdout + check.stderr).toContain('up to date');
    expect(check.code).toBe(0);
  });

  it('refuses a file outside the repository and markers it cannot trust, naming the file', () => {
    const root = tempRepo({ initMemory: true });
    const outside = runCliSync(root, ['export', '--format', 'agents-md', '--file', '../elsewhere.md']);
    expect(outside.code).toBe(1);
    expect(outside.stderr).toContain('../elsewhere.md: the file must be inside the repository');
    writeFile(root, 'AGENTS.md', `${SECTION_BEGIN}\nhalf a section\n`);
    const broken = runCliSync(root, ['export', '--format', 'agents-md']);
    expect(broken.code).toBe(1);
    expect(broken.stderr).toMatch(/AGENTS\.md: expected one .* found 1 and 0; fix the markers by hand/);
    expect(runCliSync(root, ['export', '--format', 'agents-md', '--file', '.github/copilot-instructions.md']).code).toBe(0);
    expect(fs.readFileSync(path.join(root, '.github/copilot-instructions.md'), 'utf8')).toContain(SECTION_BEGIN);
  });
});
