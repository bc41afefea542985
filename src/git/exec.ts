import { spawn } from 'node:child_process';
import { simpleGit, type SimpleGit } from 'simple-git';
import { parseCatFileBatch } from './parse.js';

/** simple-git bound to one work tree; every git operation of the tool goes through here or `gitBytes`. */
export function gitAt(root: string): SimpleGit {
  return simpleGit({ baseDir: root, maxConcurrentProcesses: 4, trimmed: false });
}

/** Plain text output of one git command (simple-git), or undefined when git exits non-zero. */
export async function gitText(root: string, args: string[]): Promise<string | undefined> {
  try {
    return await gitAt(root).raw(args);
  } catch {
    return undefined;
  }
}

export interface GitBytesOptions {
  input?: string;
  env?: NodeJS.ProcessEnv;
  /**
   * Called with everything read so far; returning true stops git early. Lets a history walk end once it has found
   * what it needs instead of reading the whole log.
   */
  enough?: (soFar: Buffer) => boolean;
}

/**
 * Raw stdout of git, for the two cases simple-git does not cover: feeding stdin (cat-file --batch) and stopping a
 * long log early. Rejects with git's own message when it fails.
 */
export function gitBytes(root: string, args: string[], options: GitBytesOptions = {}): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const child = spawn('git', args, { cwd: root, env: options.env ?? process.env, stdio: ['pipe', 'pipe', 'pipe'] });
    const chunks: Buffer[] = [];
    let size = 0;
    let stderr = '';
    let stopped = false;
    child.stdout.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      size += chunk.length;
      if (!stopped && options.enough && options.enough(Buffer.concat(chunks, size))) {
        stopped = true;
        child.kill();
      }
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0 || stopped) resolve(Buffer.concat(chunks, size));
      else reject(new Error(stderr.trim().split('\n')[0] || `git ${args[0]} exited with ${code}`));
    });
    child.stdin.on('error', () => {
      // git may exit before reading all of stdin (bad object names); the close handler reports it.
    });
    child.stdin.end(options.input ?? '');
  });
}

/**
 * Contents of many objects in one git process: `specs` are `<rev>:<path>` (or `:<path>` for the index).
 * A spec git cannot resolve maps to undefined.
 */
export async function readBlobs(root: string, specs: string[], env?: NodeJS.ProcessEnv): Promise<Map<string, Buffer | undefined>> {
  const out = new Map<string, Buffer | undefined>();
  const usable = [...new Set(specs)].filter((spec) => !/[\r\n]/.test(spec));
  for (const spec of specs) out.set(spec, undefined);
  if (!usable.length) return out;
  const bytes = await gitBytes(root, ['cat-file', '--batch'], { input: `${usable.join('\n')}\n`, env });
  for (const [spec, content] of parseCatFileBatch(bytes, usable)) out.set(spec, content);
  return out;
}

/** Refuse revision arguments git would read as options. */
export function assertRevision(rev: string): void {
  if (!rev || rev.startsWith('-') || /[\s\0]/.test(rev)) throw new Error(`"${rev}" is not a revision`);
}

/** A path git reads literally (no glob or pathspec magic), for paths that came from notes or users. */
export const literal = (file: string) => `:(literal)${file}`;
