import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { cacheLayout } from '../../src/cache/layout.js';
import { openMemory } from '../../src/surfaces/api/open-memory.js';
import { readEmbedState } from '../../src/index/embeddings/background.js';
import { EMBEDDINGS_ON, MEANING_NOTES, MODEL_INSTALLED, PARAPHRASE, eventually, installWithSentenceModel, writeMeaningNotes } from '../helpers/embeddings.js';
import { runCliSync, tempRepo, type CliResult } from '../helpers/temp-repo.js';

const cleanup: string[] = [];
afterAll(() => {
  for (const dir of cleanup) fs.rmSync(dir, { recursive: true, force: true });
});
afterEach(() => {
  vi.unstubAllEnvs();
});

function repoWithNotes(): string {
  const repo = tempRepo({ initMemory: true });
  cleanup.push(repo);
  writeMeaningNotes(repo);
  return repo;
}

const ids = (result: CliResult): string[] => {
  expect(result.code, result.stderr).toBe(0);
  return (JSON.parse(result.stdout) as Array<{ id: string }>).map((hit) => hit.id);
};

const logLines = (repo: string): Array<{ level: string; message: string; reason?: string }> => {
  try {
    return fs
      .readFileSync(cacheLayout(repo).log, 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { level: string; message: string });
  } catch {
    return [];
  }
};

describe.skipIf(!MODEL_INSTALLED)('search by meaning through the real CLI', () => {
  let repo: string;
  beforeAll(() => {
    repo = repoWithNotes();
    const embedded = runCliSync(repo, ['embed', '--json'], { env: EMBEDDINGS_ON });
    expect(embedded.code, embedded.stderr).toBe(0);
    expect(JSON.parse(embedded.stdout)).toMatchObject({ status: 'done', notes: 11, withVectors: 11 });
  });

  it('a paraphrased query finds its note with the model, where words alone find nothing of it', () => {
    expect(ids(runCliSync(repo, ['search', PARAPHRASE, '--json', '--lexical'], { env: EMBEDDINGS_ON }))).not.toContain(MEANING_NOTES.grandmother.id);
    expect(ids(runCliSync(repo, ['search', PARAPHRASE, '--json'], { env: EMBEDDINGS_ON }))[0]).toBe(MEANING_NOTES.grandmother.id);
    // The full CLI (yargs) takes the same flag and gives the same answer.
    expect(ids(runCliSync(repo, ['search', PARAPHRASE, '--json', '--limit', '3', '--all'], { env: EMBEDDINGS_ON }))[0]).toBe(MEANING_NOTES.grandmother.id);
  });

  it('a query by the words of a note still finds it first, with and without the model', () => {
    for (const extra of [[], ['--lexical']])
      expect(ids(runCliSync(repo, ['search', 'Chromium invoice PDF', '--json', ...extra], { env: EMBEDDINGS_ON }))[0]).toBe(MEANING_NOTES.pdf.id);
  });

  it('switched off, search is lexical and stats says which mode is active and how many notes have vectors', () => {
    expect(ids(runCliSync(repo, ['search', PARAPHRASE, '--json']))).not.toContain(MEANING_NOTES.grandmother.id);
    expect(ids(runCliSync(repo, ['search', 'Chromium invoice PDF', '--json']))[0]).toBe(MEANING_NOTES.pdf.id);
    expect(runCliSync(repo, ['stats']).stdout).toContain('search: lexical (CLAUDE_MEMORY_EMBEDDINGS=off)');
    expect(runCliSync(repo, ['stats'], { env: EMBEDDINGS_ON }).stdout).toMatch(
      /search: hybrid \(words and meaning, use-lite-512@energetic-ai-0\.2\.0\); 11 of 11 notes have a vector\n/,
    );
    const stats = JSON.parse(runCliSync(repo, ['stats', '--json'], { env: EMBEDDINGS_ON }).stdout) as { search: unknown };
    expect(stats.search).toEqual({ mode: 'hybrid', model: 'use-lite-512@energetic-ai-0.2.0', notesWithVectors: 11 });
  });

  it('the library API searches by meaning when the model is on, and by words when asked', async () => {
    vi.stubEnv('CLAUDE_MEMORY_EMBEDDINGS', 'on');
    const memory = openMemory({ root: repo });
    expect((await memory.search(PARAPHRASE))[0]?.id).toBe(MEANING_NOTES.grandmother.id);
    expect((await memory.search(PARAPHRASE, { lexical: true })).map((hit) => hit.id)).not.toContain(MEANING_NOTES.grandmother.id);
    expect((await memory.stats()).search.mode).toBe('hybrid');
  });

  it('a note written after the last embedding run is found by its words, and the search starts the run that embeds it', async () => {
    const added = runCliSync(
      repo,
      [
        'add',
        '--title',
        'Quarterly tax filing uses the VAT export',
        '--type',
        'fact',
        '--body',
        'The accountant imports the VAT export each quarter.',
        '--json',
      ],
      { env: EMBEDDINGS_ON },
    );
    const { id } = JSON.parse(added.stdout) as { id: string };
    expect(ids(runCliSync(repo, ['search', 'VAT export', '--json'], { env: EMBEDDINGS_ON }))[0]).toBe(id);
    await eventually(() => readEmbedState(repo)?.embedded === 12, 'the background run to embed the new note');
    expect(ids(runCliSync(repo, ['search', 'VAT export', '--json'], { env: EMBEDDINGS_ON }))[0]).toBe(id);
  });
});

describe('without a usable sentence model package', () => {
  const run = (cli: string, repo: string, args: string[]): CliResult => {
    try {
      return {
        code: 0,
        stdout: execFileSync(process.execPath, [cli, ...args], {
          cwd: repo,
          encoding: 'utf8',
          env: { ...process.env, ...EMBEDDINGS_ON },
          stdio: ['ignore', 'pipe', 'pipe'],
        }),
        stderr: '',
      };
    } catch (err) {
      const e = err as { status?: number; stdout?: string; stderr?: string };
      return { code: e.status ?? 1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
    }
  };

  it('missing: search works by words, stats says the packages are not installed, and the log says search is lexical', () => {
    const install = installWithSentenceModel('missing');
    cleanup.push(install.dir);
    const repo = repoWithNotes();
    expect(ids(run(install.cli, repo, ['search', 'Chromium invoice PDF', '--json']))[0]).toBe(MEANING_NOTES.pdf.id);
    expect(ids(run(install.cli, repo, ['search', PARAPHRASE, '--json']))).not.toContain(MEANING_NOTES.grandmother.id);
    expect(run(install.cli, repo, ['stats']).stdout).toContain('search: lexical (the optional @energetic-ai sentence model packages are not installed)');
    expect(run(install.cli, repo, ['embed']).stdout).toContain('search stays lexical: the optional @energetic-ai sentence model packages are not installed');
    expect(logLines(repo)).toContainEqual(
      expect.objectContaining({ level: 'info', message: 'search is lexical: the optional @energetic-ai sentence model packages are not installed' }),
    );
    expect(fs.existsSync(cacheLayout(repo).embeddings)).toBe(false);
  });

  it('broken: the embedding run says why, the log warns, search stays lexical and works by words', () => {
    const install = installWithSentenceModel('broken');
    cleanup.push(install.dir);
    const repo = repoWithNotes();
    const embedded = JSON.parse(run(install.cli, repo, ['embed', '--json']).stdout) as { status: string; reason: string };
    expect(embedded.status).toBe('unavailable');
    expect(embedded.reason).toContain('this build of the package is damaged');
    expect(logLines(repo)).toContainEqual(
      expect.objectContaining({
        level: 'warn',
        message: 'embedding: the sentence model did not load; search stays lexical',
        reason: expect.stringContaining('damaged') as string,
      }),
    );
    expect(ids(run(install.cli, repo, ['search', 'Chromium invoice PDF', '--json']))[0]).toBe(MEANING_NOTES.pdf.id);
    expect(ids(run(install.cli, repo, ['search', PARAPHRASE, '--json']))).not.toContain(MEANING_NOTES.grandmother.id);
    // No vectors were written, and the state makes the triggers wait before trying the broken install again.
    const state = JSON.parse(fs.readFileSync(cacheLayout(repo).embedState, 'utf8')) as { error?: string };
    expect(state.error).toContain('damaged');
    expect(fs.readdirSync(path.dirname(cacheLayout(repo).embedState))).toEqual(['state.json']);
  });
});
