import yaml from 'js-yaml';
import { isNoteTimestamp } from '../core/time.js';
import type { Note } from '../core/types.js';

/** Keys the tool owns, in the order it writes them; any other key follows in the order it was read. */
const KNOWN_KEYS = ['id', 'title', 'type', 'topic', 'tags', 'files', 'created', 'updated', 'status', 'supersedes', 'source'];

const RESERVED = /^(true|false|yes|no|on|off|null|~|y|n)$/i;
const PLAIN = /^[A-Za-z0-9_./@(][A-Za-z0-9_ ./@()+'-]*$/;

/** A YAML scalar written plain when that is unambiguous, else as a double-quoted (JSON-compatible) string. */
function scalar(value: string): string {
  // 2026-11-23T10:15:30Z reads back as the same string (notes are read with the JSON schema, which has no dates).
  if (isNoteTimestamp(value)) return value;
  const plain =
    PLAIN.test(value) &&
    !RESERVED.test(value) &&
    !/^[-+]?(\d[\d_]*)?\.?\d+([eE][-+]?\d+)?$/.test(value) &&
    !/^0x|^0o/i.test(value) &&
    !/\s$/.test(value) &&
    !value.includes(' #') &&
    !value.includes(': ');
  return plain ? value : JSON.stringify(value);
}

function flowList(items: string[]): string {
  return `[${items.map(scalar).join(', ')}]`;
}

function flowMap(map: Record<string, unknown>): string | undefined {
  const parts: string[] = [];
  for (const [key, value] of Object.entries(map)) {
    if (value === undefined || value === null) continue;
    if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') return undefined;
    parts.push(`${scalar(key)}: ${typeof value === 'string' ? scalar(value) : String(value)}`);
  }
  return `{ ${parts.join(', ')} }`;
}

function dumpOther(key: string, value: unknown): string {
  return yaml.dump({ [key]: value }, { schema: yaml.JSON_SCHEMA, lineWidth: -1, sortKeys: true, noRefs: true }).trimEnd();
}

/** The front matter the tool writes for a note: canonical keys first, defaults not spelled out. */
export function frontMatterOf(note: Note): Record<string, unknown> {
  const out: Record<string, unknown> = {
    id: note.id,
    title: note.title,
    type: note.type,
    topic: note.topic,
    tags: note.tags.length ? note.tags : undefined,
    files: note.files.length ? note.files : undefined,
    created: note.created,
    updated: note.updated,
    status: note.status,
    supersedes: note.supersedes.length ? note.supersedes : undefined,
    source: note.source && Object.keys(note.source).length ? note.source : undefined,
  };
  for (const [key, value] of Object.entries(note.data)) {
    if (!KNOWN_KEYS.includes(key)) out[key] = value;
  }
  return out;
}

/**
 * Pure and deterministic: the same note always gives the same bytes, and parse → serialize → parse →
 * serialize is a fixed point, so re-saving an unchanged note changes nothing in git.
 */
export function serializeNote(note: Note): string {
  const lines: string[] = ['---'];
  for (const [key, value] of Object.entries(frontMatterOf(note))) {
    if (value === undefined) continue;
    if (typeof value === 'string') lines.push(`${key}: ${scalar(value)}`);
    else if (Array.isArray(value) && value.every((item) => typeof item === 'string')) lines.push(`${key}: ${flowList(value)}`);
    else if (value && typeof value === 'object' && !Array.isArray(value) && flowMap(value as Record<string, unknown>)) {
      lines.push(`${key}: ${flowMap(value as Record<string, unknown>)}`);
    } else lines.push(dumpOther(key, value));
  }
  lines.push('---');
  const body = note.body.trimEnd();
  return `${lines.join('\n')}\n${body ? `${body}\n` : ''}`;
}
