import matter from 'gray-matter';
import yaml from 'js-yaml';
import type { Note, Problem } from '../core/types.js';
import { NOTE_STATUSES, NOTE_TYPES } from '../core/types.js';
import { singleLine } from '../core/text-safety.js';
import { conflictMarkerReason } from './conflict-markers.js';

/** Bounds that keep a hostile note from hanging or exhausting the tool. */
export const MAX_NOTE_BYTES = 256 * 1024;
const MAX_FRONT_MATTER_CHARS = 32 * 1024;
const MAX_YAML_NODES = 2_000;
const MAX_LIST_ITEMS = 200;

/** Front matter is YAML read with the JSON schema: no custom tags, no dates turned into objects, no code. */
function parseYaml(text: string): Record<string, unknown> {
  if (text.length > MAX_FRONT_MATTER_CHARS) throw new Error(`front matter longer than ${MAX_FRONT_MATTER_CHARS} characters`);
  const value = yaml.load(text, { schema: yaml.JSON_SCHEMA, json: true });
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value)) throw new Error('front matter is not a mapping');
  countNodes(value, { left: MAX_YAML_NODES });
  return value as Record<string, unknown>;
}

/** Aliases can make a small document expand into a huge tree; refuse trees past a node budget. */
function countNodes(value: unknown, budget: { left: number }): void {
  if (--budget.left < 0) throw new Error(`front matter has more than ${MAX_YAML_NODES} values (aliases?)`);
  if (Array.isArray(value)) for (const item of value) countNodes(item, budget);
  else if (value && typeof value === 'object') for (const item of Object.values(value)) countNodes(item, budget);
}

function refuse(): never {
  throw new Error('only YAML front matter is allowed');
}

const MATTER_OPTIONS = {
  language: 'yaml',
  engines: {
    yaml: { parse: parseYaml, stringify: () => refuse() },
    javascript: { parse: refuse, stringify: refuse },
    js: { parse: refuse, stringify: refuse },
    json: { parse: refuse, stringify: refuse },
    coffee: { parse: refuse, stringify: refuse },
    coffeescript: { parse: refuse, stringify: refuse },
    toml: { parse: refuse, stringify: refuse },
  },
} as unknown as Parameters<typeof matter>[1];

/**
 * A front matter value as one line: titles, ids, types, topics, tags and files are shown one per line and injected
 * into Claude's context, so a line break or a control character in one must not start a line of its own.
 */
function asString(value: unknown): string | undefined {
  if (typeof value === 'string') return singleLine(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

function asStringList(value: unknown): string[] {
  if (value === undefined || value === null) return [];
  const list = Array.isArray(value) ? value : [value];
  return list
    .slice(0, MAX_LIST_ITEMS)
    .map(asString)
    .filter((item): item is string => !!item);
}

function firstHeading(body: string): string | undefined {
  const match = /^#{1,6}[ \t]+(.+?)[ \t#]*$/m.exec(body);
  return match?.[1] === undefined ? undefined : singleLine(match[1]) || undefined;
}

/**
 * Front matter and body of any markdown file, read with the same limits as a note (YAML only, JSON schema, bounded
 * size and node count). Throws with the reason when the front matter is not acceptable.
 */
export function splitFrontMatter(text: string): { data: Record<string, unknown>; body: string } {
  const source = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const opening = /^---([^\n]*)\r?\n/.exec(source);
  if (!opening) return { data: {}, body: source };
  if (opening[1]!.trim() !== '') throw new Error(`front matter language "${opening[1]!.trim()}" is not allowed; use YAML`);
  const parsed = matter(source, MATTER_OPTIONS);
  return { data: parsed.data, body: parsed.content };
}

export interface ParseResult {
  note?: Note;
  problems: Problem[];
}

/**
 * Pure: text of a note file → a Note with defaults filled in, plus the problems lint would report.
 * `fallbackId` is the file name without `.md`, used when the note has no id of its own.
 */
export function parseNote(text: string, path: string, fallbackId: string): ParseResult {
  const problems: Problem[] = [];
  const problem = (code: string, reason: string, severity: Problem['severity'] = 'error') => problems.push({ path, code, reason, severity });
  const source = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const conflict = conflictMarkerReason(source);
  if (conflict) {
    problem('conflict-markers', conflict);
    return { problems };
  }
  const opening = /^---([^\n]*)\n/.exec(source);
  if (opening && opening[1]!.trim() !== '') {
    problem('front-matter-language', `front matter language "${opening[1]!.trim()}" is not allowed; use YAML`);
    return { problems };
  }
  let data: Record<string, unknown> = {};
  let body = source;
  if (opening) {
    try {
      const parsed = matter(source, MATTER_OPTIONS);
      data = parsed.data;
      body = parsed.content;
    } catch (err) {
      problem('invalid-yaml', `invalid front matter: ${firstLine((err as Error).message)}`);
      return { problems };
    }
  } else {
    problem('no-front-matter', 'no front matter; title taken from the first heading', 'warning');
  }
  body = body.replace(/^\s*\n/, '').trimEnd();

  let title = asString(data.title);
  if (!title) {
    title = firstHeading(body);
    if (title && opening) problem('missing-title', 'no title in front matter; taken from the first heading', 'warning');
    if (!title) {
      problem('missing-title', 'no title (front matter `title` or a `# heading`)');
      return { problems };
    }
  }
  let type = asString(data.type);
  if (!type) {
    if (opening) problem('missing-type', 'no type; treated as "fact"', 'warning');
    type = 'fact';
  } else if (!(NOTE_TYPES as readonly string[]).includes(type)) {
    problem('unknown-type', `unknown type "${type}" (expected one of ${NOTE_TYPES.join(', ')})`, 'warning');
  }
  const status = asString(data.status) ?? 'active';
  if (!(NOTE_STATUSES as readonly string[]).includes(status)) {
    problem('unknown-status', `unknown status "${status}" (expected one of ${NOTE_STATUSES.join(', ')})`, 'warning');
  }
  const id = asString(data.id) || singleLine(fallbackId) || 'note';
  const sourceField = data.source && typeof data.source === 'object' && !Array.isArray(data.source) ? (data.source as Note['source']) : undefined;
  const topicFromPath = path.split('/').slice(-2, -1)[0];
  const note: Note = {
    id,
    title,
    type,
    topic: asString(data.topic) ?? (topicFromPath && topicFromPath !== 'notes' ? topicFromPath : 'general'),
    tags: asStringList(data.tags),
    files: asStringList(data.files),
    created: asString(data.created),
    updated: asString(data.updated) ?? asString(data.created),
    status,
    supersedes: asStringList(data.supersedes),
    source: sourceField,
    body,
    path,
    data,
  };
  return { note, problems };
}

function firstLine(message: string): string {
  return message.split('\n')[0] ?? message;
}
