import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { shouldCompress } from '../../src/flows/capture-session.js';
import { PROJECT_ROOT, runCliSync, tempDir, tempRepo } from '../helpers/temp-repo.js';

const cleanup: string[] = [];
afterAll(() => {
  for (const dir of cleanup) fs.rmSync(dir, { recursive: true, force: true });
});

describe('shouldCompress', () => {
  const base = { transcriptSize: 50_000, cursorOffset: 0, minNewBytes: 20_000, final: false };
  it('waits for enough new material on Stop, takes whatever remains at the end', () => {
    expect(shouldCompress(base)).toBe(true);
    expect(shouldCompress({ ...base, cursorOffset: 40_000 })).toBe(false);
    expect(shouldCompress({ ...base, cursorOffset: 40_000, final: true })).toBe(true);
    expect(shouldCompress({ ...base, cursorOffset: 50_000, final: true })).toBe(false);
  });
  it('does not hand the same material to a second compression', () => {
    expect(shouldCompress({ ...base, startedAt: 50_000 })).toBe(false);
    expect(shouldCompress({ ...base, startedAt: 50_000, final: true })).toBe(false);
    expect(shouldCompress({ ...base, transcriptSize: 80_000, startedAt: 50_000 })).toBe(true);
  });
});

const FIXTURE = path.join(PROJECT_ROOT, 'test', 'fixtures', 'transcripts', 'session-with-decision-multi-prompt.jsonl');

function logLines(repo: string): Array<{ message: string }> {
  const file = path.join(repo, '.claude-memory', '.cache', 'log.jsonl');
  return fs.existsSync(file)
    ? fs
        .readFileSync(file, 'utf8')
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line))
    : [];
}

async function waitForNote(repo: string, deadlineMs: number): Promise<string[]> {
  const dir = path.join(repo, '.claude-memory', 'notes');
  const end = Date.now() + deadlineMs;
  for (;;) {
    const notes = (fs.readdirSync(dir, { recursive: true }) as string[]).filter((file) => file.endsWith('.md'));
    if (notes.length || Date.now() > end) return notes;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describe('Stop and SessionEnd hooks', () => {
  it('start a background compression only once enough is new, and exit at once with no output', async () => {
    const repo = tempRepo({ initMemory: true });
    // Where Claude Code keeps transcripts, under a HOME of the test's own.
    const home = tempDir();
    const transcripts = path.join(home, '.claude', 'projects', 'repo');
    fs.mkdirSync(transcripts, { recursive: true });
    const env = { HOME: home };
    cleanup.push(repo, home);
    // Offline: the extractive path, no API call.
    fs.writeFileSync(path.join(repo, '.claude-memory', 'config.json'), JSON.stringify({ compression: { useLlm: false } }));
    const transcript = path.join(transcripts, 'f0e1d2c3-0000-4000-8000-000000000001.jsonl');
    fs.copyFileSync(FIXTURE, transcript);
    const input = (event: string) =>
      JSON.stringify({ session_id: 'f0e1d2c3-0000-4000-8000-000000000001', transcript_path: transcript, cwd: repo, hook_event_name: event });

    // The fixture is smaller than the default 20,000 new bytes: Stop leaves it for later.
    expect(fs.statSync(transcript).size).toBeLessThan(20_000);
    expect(runCliSync(repo, ['hook', 'stop'], { input: input('Stop'), env })).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(logLines(repo).filter((line) => line.message.includes('compression started'))).toHaveLength(0);

    expect(runCliSync(repo, ['hook', 'session-end'], { input: input('SessionEnd'), env })).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(logLines(repo).filter((line) => line.message.includes('compression started'))).toHaveLength(1);
    expect(await waitForNote(repo, 20_000)).toHaveLength(1);

    // Nothing new since: a second SessionEnd starts nothing.
    runCliSync(repo, ['hook', 'session-end'], { input: input('SessionEnd'), env });
    expect(logLines(repo).filter((line) => line.message.includes('compression started'))).toHaveLength(1);
  });

  it('refuse a transcript path that is not a transcript file in the folders Claude Code keeps them in', () => {
    const repo = tempRepo({ initMemory: true });
    const home = tempDir();
    cleanup.push(repo, home);
    const elsewhere = path.join(home, 'elsewhere.jsonl');
    fs.copyFileSync(FIXTURE, elsewhere);
    fs.mkdirSync(path.join(home, '.claude', 'projects', 'p'), { recursive: true });
    fs.symlinkSync(elsewhere, path.join(home, '.claude', 'projects', 'p', 'linked.jsonl'));
    const candidates = [
      '/etc/passwd',
      'relative.jsonl',
      repo,
      path.join(repo, 'missing.jsonl'),
      elsewhere,
      path.join(home, '.claude', 'projects', 'p', 'linked.jsonl'),
      path.join(home, '.claude', 'projects', 'p', '..', '..', '..', 'elsewhere.jsonl'),
    ];
    for (const transcriptPath of candidates) {
      runCliSync(repo, ['hook', 'session-end'], {
        input: JSON.stringify({ session_id: 's1', transcript_path: transcriptPath, cwd: repo }),
        env: { HOME: home },
      });
    }
    expect(logLines(repo).filter((line) => line.message.includes('compression started'))).toHaveLength(0);
  });
});
