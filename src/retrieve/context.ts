import fs from 'node:fs';
import { memoryPaths } from '../core/paths.js';
import { refresh } from '../index/refresh.js';

/** Layer 0 as the session gets it: refreshed first, so a teammate's pull shows up without a command. */
export function readLayer0(root: string): string {
  const paths = memoryPaths(root);
  refresh(root, { mode: 'quick', lockTimeoutMs: 1_000 });
  try {
    return fs.readFileSync(paths.indexFile, 'utf8');
  } catch {
    return '';
  }
}
