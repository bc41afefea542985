import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { memoryPaths } from '../core/paths.js';

/** The template shipped with the package (same relative place from src/ and from dist/). */
export const TEMPLATE_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../.memory-template');

/** npm drops files named .gitignore from packages, so the template keeps it as `gitignore`. */
const TEMPLATE_FILES: Array<[from: string, to: string]> = [
  ['README.md', 'README.md'],
  ['config.json', 'config.json'],
  ['gitignore', '.gitignore'],
];

/** Create `.claude-memory/` from the template; idempotent: existing files are never overwritten. */
export function initMemoryDir(root: string): { created: string[] } {
  const paths = memoryPaths(root);
  const created: string[] = [];
  fs.mkdirSync(paths.notesDir, { recursive: true });
  for (const [from, to] of TEMPLATE_FILES) {
    const target = path.join(paths.memoryDir, to);
    if (fs.existsSync(target)) continue;
    fs.copyFileSync(path.join(TEMPLATE_DIR, from), target);
    created.push(`.claude-memory/${to}`);
  }
  // git does not track empty folders; a teammate's clone should still have notes/.
  const keep = path.join(paths.notesDir, '.gitkeep');
  if (!fs.existsSync(keep)) {
    fs.writeFileSync(keep, '');
    created.push('.claude-memory/notes/.gitkeep');
  }
  return { created };
}
