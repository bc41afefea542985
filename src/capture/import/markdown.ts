import path from 'node:path';
import { NOTE_TYPES, type NoteType } from '../../core/types.js';
import { splitFrontMatter } from '../../store/parse.js';
import { withoutTitleHeading } from './auto-memory.js';
import { cleanTitle, distinct, isoDate, titleFromName, type ImportBatch } from './item.js';

/**
 * Pure: a folder of markdown files (an Obsidian vault, a Cline memory bank, a docs folder) → import items.
 * Front matter gives title, type, tags, files and dates when it has them; otherwise the first heading, the file
 * name, inline `#tags` and the file's time stand in.
 */

export interface MarkdownFile {
  /** Path inside the imported folder, forward slashes. */
  rel: string;
  text: string;
  mtimeMs: number;
}

export interface MarkdownOptions {
  /** Name of the imported folder: the first part of every ref, so two folders do not collide. */
  folder: string;
}

/** Words in a file name or a `type:` value that say what kind of note it is; checked in this order. */
const TYPE_WORDS: Array<[NoteType, RegExp]> = [
  ['decision', /^(decision|decisions|adr|adrs)$/],
  ['convention', /^(convention|conventions|pattern|patterns|guideline|guidelines|style|rules?)$/],
  ['gotcha', /^(gotcha|gotchas|pitfall|pitfalls|caveat|caveats)$/],
  ['bugfix', /^(bug|bugs|bugfix|bugfixes|fix|fixes|incident|incidents)$/],
  ['howto', /^(howto|how|guide|guides|runbook|runbooks|setup|recipe|recipes)$/],
  ['todo', /^(todo|todos|progress|task|tasks|backlog)$/],
  ['session', /^(session|sessions|journal|daily|log|standup)$/],
];

/** Words of a name: camelCase, kebab-case, snake_case and spaces split. */
function words(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

/** Pure: the note type for a declared type (any vocabulary), else the file name, else its folders (innermost first). */
export function guessType(declared: string | undefined, rel: string): NoteType {
  const value = declared?.trim().toLowerCase();
  if (value && (NOTE_TYPES as readonly string[]).includes(value)) return value as NoteType;
  const folders = path.posix
    .dirname(rel)
    .split('/')
    .filter((part) => part !== '.')
    .reverse();
  for (const candidate of [...(value ? words(value) : []), ...words(path.posix.basename(rel, path.posix.extname(rel))), ...folders.flatMap(words)]) {
    const hit = TYPE_WORDS.find(([, pattern]) => pattern.test(candidate));
    if (hit) return hit[0];
  }
  return 'fact';
}

/** Pure: Obsidian-style inline tags (`#tag`, `#area/sub`), outside code, headings and links. */
export function inlineTags(body: string): string[] {
  const prose = body
    .replace(/```[\s\S]*?```|~~~[\s\S]*?~~~/g, ' ')
    .replace(/`[^`\n]*`/g, ' ')
    .replace(/\]\([^)]*\)|<[^>\n]*>/g, ' ')
    .replace(/^#{1,6}\s.*$/gm, ' ');
  const tags: string[] = [];
  for (const match of prose.matchAll(/(?:^|[\s(])#([\p{L}_][\p{L}\p{N}_/-]{0,60})/gu)) tags.push(match[1]!);
  return tags;
}

function stringList(value: unknown): unknown[] {
  if (typeof value === 'string') return value.split(/[,\s]+/).map((tag) => tag.replace(/^#/, ''));
  return Array.isArray(value) ? value.map((item: unknown) => (typeof item === 'string' ? item.replace(/^#/, '') : item)) : [];
}

function firstHeading(body: string): string | undefined {
  return /^#{1,6}[ \t]+(.+?)[ \t#]*$/m.exec(body)?.[1]?.trim();
}

export function mapMarkdown(files: MarkdownFile[], options: MarkdownOptions): ImportBatch {
  const batch: ImportBatch = { source: 'markdown', items: [], skipped: [] };
  for (const file of [...files].sort((a, b) => (a.rel < b.rel ? -1 : a.rel > b.rel ? 1 : 0))) {
    const ref = `${options.folder}/${file.rel}`;
    let data: Record<string, unknown>;
    let body: string;
    try {
      ({ data, body } = splitFrontMatter(file.text));
    } catch (err) {
      batch.skipped.push({ ref, reason: `invalid front matter: ${(err as Error).message.split('\n')[0]}` });
      continue;
    }
    const declaredTitle = typeof data.title === 'string' && data.title.trim() ? data.title : undefined;
    const title = cleanTitle(declaredTitle ?? firstHeading(body) ?? titleFromName(path.posix.basename(file.rel)));
    const content = withoutTitleHeading(body, title);
    if (!content) {
      batch.skipped.push({ ref, reason: 'no text' });
      continue;
    }
    const folder = file.rel.includes('/') ? file.rel.split('/')[0] : undefined;
    batch.items.push({
      ref,
      title,
      type: guessType(typeof data.type === 'string' ? data.type : undefined, file.rel),
      body: content,
      topic: typeof data.topic === 'string' && data.topic.trim() ? data.topic : folder,
      tags: distinct([...stringList(data.tags), ...inlineTags(content)], 30),
      files: distinct(typeof data.files === 'string' ? [data.files] : stringList(data.files), 30),
      created: isoDate(data.created) ?? isoDate(data.date) ?? isoDate(file.mtimeMs),
      aliases: distinct([path.posix.basename(file.rel, '.md'), file.rel.replace(/\.md$/i, ''), title, ...stringList(data.aliases)], 20),
      sourceFile: file.rel,
    });
  }
  return batch;
}
