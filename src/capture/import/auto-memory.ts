import path from 'node:path';
import type { NoteType } from '../../core/types.js';
import { splitFrontMatter } from '../../store/parse.js';
import { cleanTitle, isoDate, titleFromName, type ImportBatch, type ImportItem } from './item.js';

/**
 * Pure: Claude Code's auto memory (`~/.claude/projects/<project>/memory/`) → import items. The folder holds
 * `MEMORY.md`, an index of one-line pointers (`- [Title](file.md) — hook`) that older versions also filled with
 * the memories themselves, and one topic file per memory with front matter `name`, `description` and `type`
 * (user | feedback | project | reference; newer versions nest it as `metadata.type`).
 */

export interface MemoryFile {
  /** Path inside the memory folder, forward slashes. */
  name: string;
  text: string;
  mtimeMs: number;
}

export interface AutoMemoryOptions {
  /** `user` memories describe the person, not the project; a shared repository gets them only when asked. */
  includeUser?: boolean;
}

/** Claude Code's memory types → note types. */
const TYPE_MAP: Record<string, NoteType> = { feedback: 'convention', project: 'fact', reference: 'fact', user: 'fact' };

const POINTER = /^\s*[-*]\s+\[([^\]]+)\]\(([^)\s]+)\)\s*(?:[—–:-]+\s*(.*))?$/;

/** Pure: Claude Code's name for a project's folder under `projects/`: every character but letters and digits → `-`. */
export function projectSlug(projectPath: string): string {
  const slug = projectPath.replace(/[^a-zA-Z0-9]/g, '-');
  if (slug.length <= 200) return slug;
  // Long paths are cut and told apart by a 32-bit string hash in base 36 (as Claude Code does).
  let hash = 0;
  for (let i = 0; i < projectPath.length; i++) hash = ((hash << 5) - hash + projectPath.charCodeAt(i)) | 0;
  return `${slug.slice(0, 200)}-${Math.abs(hash).toString(36)}`;
}

/** Pure: where Claude Code keeps the auto memory of the project at `projectPath`. */
export function autoMemoryDir(projectPath: string, claudeConfigDir: string): string {
  return path.join(claudeConfigDir, 'projects', projectSlug(projectPath), 'memory').normalize('NFC');
}

/** Pure: `MEMORY.md` pointer lines → the title each topic file is listed under. */
export function pointerTitles(index: string): Map<string, string> {
  const titles = new Map<string, string>();
  for (const line of index.split('\n')) {
    const match = POINTER.exec(line);
    if (match && /\.md$/i.test(match[2]!) && !/^[a-z][a-z0-9+.-]*:/i.test(match[2]!))
      titles.set(path.posix.normalize(match[2]!.replace(/^\.\//, '')), match[1]!.trim());
  }
  return titles;
}

function firstHeading(body: string): string | undefined {
  return /^#{1,6}[ \t]+(.+?)[ \t#]*$/m.exec(body)?.[1]?.trim();
}

/** A leading `# Title` that only repeats the title is dropped from the body. */
export function withoutTitleHeading(body: string, title: string): string {
  const trimmed = body.replace(/^\s*\n/, '').trimEnd();
  const match = /^#[ \t]+(.+?)[ \t#]*(\n|$)/.exec(trimmed);
  return match && match[1]!.trim().toLowerCase() === title.toLowerCase() ? trimmed.slice(match[0].length).trim() : trimmed.trim();
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() ? value.trim() : undefined;
}

function memoryType(data: Record<string, unknown>): string | undefined {
  const metadata = data.metadata && typeof data.metadata === 'object' && !Array.isArray(data.metadata) ? (data.metadata as Record<string, unknown>) : {};
  return (text(metadata.type) ?? text(data.type))?.toLowerCase();
}

/** The memories written straight into MEMORY.md (older auto memory): one item per section with content. */
function indexSections(index: string, created: string | undefined): ImportItem[] {
  const items: ImportItem[] = [];
  let heading: string | undefined;
  let lines: string[] = [];
  const flush = () => {
    const body = lines
      .join('\n')
      .replace(/\n{3,}/g, '\n\n')
      .trim();
    if (body) {
      const title = heading ?? 'Auto memory notes';
      items.push({ ref: `MEMORY.md#${items.length + 1}`, title: cleanTitle(title), type: 'fact', body, tags: ['auto-memory'], files: [], created });
    }
    lines = [];
  };
  for (const line of index.split('\n')) {
    const match = /^#{1,6}[ \t]+(.+?)[ \t#]*$/.exec(line);
    if (match) {
      flush();
      heading = match[1]!.trim();
      continue;
    }
    if (POINTER.test(line) && /\.md\)/i.test(line)) continue;
    lines.push(line);
  }
  flush();
  return items;
}

export function mapAutoMemory(files: MemoryFile[], options: AutoMemoryOptions = {}): ImportBatch {
  const batch: ImportBatch = { source: 'auto-memory', items: [], skipped: [] };
  const index = files.find((file) => file.name === 'MEMORY.md');
  const titles = pointerTitles(index?.text ?? '');
  const dateOf = (file: MemoryFile) => isoDate(file.mtimeMs);
  for (const file of [...files].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    if (file === index || !/\.md$/i.test(file.name)) continue;
    let data: Record<string, unknown>;
    let body: string;
    try {
      ({ data, body } = splitFrontMatter(file.text));
    } catch (err) {
      batch.skipped.push({ ref: file.name, reason: `invalid front matter: ${(err as Error).message.split('\n')[0]}` });
      continue;
    }
    const type = memoryType(data);
    if (type === 'user' && !options.includeUser) {
      batch.skipped.push({ ref: file.name, reason: 'a "user" memory (about the person, not the project); --include-user imports it' });
      continue;
    }
    const name = text(data.name);
    const title = cleanTitle(text(data.description) ?? titles.get(file.name) ?? firstHeading(body) ?? titleFromName(name ?? path.posix.basename(file.name)));
    const content = withoutTitleHeading(body, title);
    if (!content && !text(data.description)) {
      batch.skipped.push({ ref: file.name, reason: 'empty memory' });
      continue;
    }
    batch.items.push({
      ref: file.name,
      title,
      type: TYPE_MAP[type ?? ''] ?? 'fact',
      body: content || title,
      tags: type ? [type] : [],
      files: [],
      created: dateOf(file),
      aliases: [name, path.posix.basename(file.name, '.md'), file.name.replace(/\.md$/i, '')].filter((alias): alias is string => !!alias),
    });
  }
  if (index) batch.items.push(...indexSections(index.text, dateOf(index)));
  return batch;
}
