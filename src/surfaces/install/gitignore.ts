import fs from 'node:fs';
import path from 'node:path';
import { memoryPaths } from '../../core/paths.js';
import { TEMPLATE_DIR } from '../../store/init.js';

/**
 * `.claude-memory/.gitignore` keeps the generated files (the cache, INDEX.md, index/) out of commits. `init` creates
 * it from the template; when it is there but lost a line (edited, merged badly), `init` puts the line back and leaves
 * every other line as it was.
 */

const TEMPLATE = path.join(TEMPLATE_DIR, 'gitignore');

/** Pure: the patterns of a .gitignore text, without comments and blank lines. */
export function ignorePatterns(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
}

/** Pure: the template's patterns that `existing` does not have, in the template's order. */
export function missingPatterns(existing: string, template: string): string[] {
  const have = new Set(ignorePatterns(existing).map((pattern) => pattern.replace(/^\//, '')));
  return ignorePatterns(template).filter((pattern) => !have.has(pattern.replace(/^\//, '')));
}

/** The patterns every memory folder's .gitignore needs (the template's). */
export function requiredPatterns(): string[] {
  return ignorePatterns(fs.readFileSync(TEMPLATE, 'utf8'));
}

/** Put back whatever the template ignores and `.claude-memory/.gitignore` does not; a missing file is init's to create. */
export function restoreIgnored(root: string): { messages: string[] } {
  const file = path.join(memoryPaths(root).memoryDir, '.gitignore');
  let existing: string;
  try {
    existing = fs.readFileSync(file, 'utf8');
  } catch {
    return { messages: [] };
  }
  const missing = missingPatterns(existing, fs.readFileSync(TEMPLATE, 'utf8'));
  if (!missing.length) return { messages: [] };
  fs.writeFileSync(file, `${existing}${existing === '' || existing.endsWith('\n') ? '' : '\n'}${missing.join('\n')}\n`);
  return { messages: [`added ${missing.join(', ')} to .claude-memory/.gitignore (generated files must not be committed)`] };
}
