/** Shared set-up for compression tests: a real repository with memory initialised and a copy of a transcript. */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CLI, tempDir, tempRepo } from '../helpers/temp-repo.js';

export const TRANSCRIPTS = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'transcripts');

const scratch: string[] = [];

/** A temp folder removed by `removeScratch` (call it in afterAll). */
export function scratchDir(): string {
  const dir = tempDir('cm-compress-');
  scratch.push(dir);
  return dir;
}

export function removeScratch(): void {
  for (const dir of scratch.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
}

/** A repository whose `.claude-memory/config.json` carries these compression settings (and `onNewNotes`). */
export function repoWithConfig(compression: Record<string, unknown> = {}, onNewNotes = 'off'): string {
  const root = tempRepo({ initMemory: true });
  scratch.push(root);
  const file = path.join(root, '.claude-memory', 'config.json');
  const config = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
  config.onNewNotes = onNewNotes;
  config.compression = { ...(config.compression as Record<string, unknown> | undefined), ...compression };
  fs.writeFileSync(file, JSON.stringify(config, null, 2));
  return root;
}

/** Copy a fixture transcript to where Claude Code would keep it (outside the repository), named after the session. */
export function copyTranscript(fixture: string, sessionId: string, dir: string): string {
  const file = path.join(dir, `${sessionId}.jsonl`);
  fs.mkdirSync(dir, { recursive: true });
  fs.copyFileSync(path.join(TRANSCRIPTS, `${fixture}.jsonl`), file);
  return file;
}

/** Every file under a folder, recursively (the .git folder included when asked), as [relative path, content]. */
export function allFiles(dir: string, options: { skipGit?: boolean } = {}): Array<[string, Buffer]> {
  const out: Array<[string, Buffer]> = [];
  const walk = (current: string) => {
    for (const entry of fs.readdirSync(current, { withFileTypes: true })) {
      if (options.skipGit && entry.name === '.git') continue;
      const full = path.join(current, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile()) out.push([path.relative(dir, full), fs.readFileSync(full)]);
    }
  };
  walk(dir);
  return out;
}

export function noteFiles(root: string): string[] {
  return allFiles(path.join(root, '.claude-memory', 'notes'))
    .map(([rel]) => rel)
    .filter((rel) => rel.endsWith('.md'))
    .sort();
}

export const memoryToolUse = (notes: unknown[]) => ({ content: [{ type: 'tool_use' as const, name: 'record_memories', input: { notes } }] });

/**
 * Run the built CLI without blocking this process: the fake API lives in the test's own event loop, so a synchronous
 * child would wait on a server that cannot answer. `env` is laid over the inherited one; the API credentials are
 * cleared and the `claude` route is off unless given, so nothing reaches a real API by accident (vitest run through
 * npm has node_modules/.bin, and so a `claude`, on PATH).
 */
export function runCompressCli(cwd: string, args: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    // Transcripts are copied to temp folders, not where Claude Code keeps them: queued retries must be allowed to read them.
    const child = spawn(process.execPath, [CLI, ...args], {
      cwd,
      env: {
        ...process.env,
        ANTHROPIC_API_KEY: '',
        ANTHROPIC_AUTH_TOKEN: '',
        CLAUDE_MEMORY_CLAUDE_BIN: 'off',
        CLAUDE_MEMORY_TRANSCRIPT_DIRS: os.tmpdir(),
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('close', (code) => resolve({ code: code ?? 1, stdout, stderr }));
  });
}
