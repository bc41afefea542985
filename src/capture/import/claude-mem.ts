import type { NoteType } from '../../core/types.js';
import { cleanTitle, distinct, isoDate, type ImportBatch, type ImportItem, type ImportSkip } from './item.js';

/**
 * Pure: rows of claude-mem's SQLite database (`observations`, `session_summaries`) → import items. Columns that
 * older schemas lack arrive as null; JSON list columns that do not parse are treated as empty.
 */

export interface ObservationRow {
  id: number;
  memory_session_id: string | null;
  project: string | null;
  type: string | null;
  title: string | null;
  subtitle: string | null;
  narrative: string | null;
  /** The only content column of the first schemas. */
  text: string | null;
  facts: string | null;
  concepts: string | null;
  files_read: string | null;
  files_modified: string | null;
  created_at: string | null;
  created_at_epoch: number | null;
}

export interface SummaryRow {
  id: number;
  memory_session_id: string | null;
  project: string | null;
  request: string | null;
  investigated: string | null;
  learned: string | null;
  completed: string | null;
  next_steps: string | null;
  notes: string | null;
  files_read: string | null;
  files_edited: string | null;
  created_at: string | null;
  created_at_epoch: number | null;
}

/** Observation types of claude-mem's "code" mode that say what kind of note this is; the rest are facts. */
const TYPE_MAP: Record<string, NoteType> = {
  decision: 'decision',
  bugfix: 'bugfix',
  security_alert: 'gotcha',
};

/** claude-mem marks observations that hold personal or secret data: those stay out of a shared repository. */
const NEVER_IMPORTED = new Set(['sensitive']);

function jsonList(value: string | null): unknown[] {
  if (!value) return [];
  try {
    const parsed = JSON.parse(value) as unknown;
    return Array.isArray(parsed) ? parsed : [];
  } catch {
    return [];
  }
}

function createdOf(row: { created_at: string | null; created_at_epoch: number | null }): string | undefined {
  return isoDate(row.created_at) ?? isoDate(row.created_at_epoch ?? undefined);
}

/** Pure: the note type of an observation, from its type and, for plain facts, its concepts. */
export function observationType(type: string, concepts: string[]): NoteType {
  const mapped = TYPE_MAP[type];
  if (mapped) return mapped;
  if (concepts.includes('gotcha')) return 'gotcha';
  if (concepts.includes('pattern') && type !== 'feature') return 'convention';
  return 'fact';
}

export function mapObservation(row: ObservationRow): ImportItem | ImportSkip {
  const ref = `observation:${row.memory_session_id ?? 'none'}:${row.id}`;
  const type = (row.type ?? 'discovery').trim();
  if (NEVER_IMPORTED.has(type)) return { ref, reason: `claude-mem marked it "${type}"` };
  const narrative = (row.narrative ?? '').trim();
  const facts = distinct(jsonList(row.facts), 100);
  const text = (row.text ?? '').trim();
  const titleSource = (row.title ?? '').trim() || (row.subtitle ?? '').trim() || text.split(/(?<=[.!?])\s/)[0] || '';
  if (!titleSource) return { ref, reason: 'no title, narrative or text' };
  const concepts = distinct(jsonList(row.concepts), 20);
  const parts: string[] = [];
  const subtitle = (row.subtitle ?? '').trim();
  // A subtitle is a phrase; as the body's first sentence it reads well in summaries too.
  if (subtitle && subtitle !== titleSource) parts.push(/[.!?]$/.test(subtitle) ? subtitle : `${subtitle}.`);
  if (narrative) parts.push(narrative);
  else if (text && text !== titleSource) parts.push(text);
  if (facts.length) parts.push(facts.map((fact) => `- ${fact.replace(/\s+/g, ' ')}`).join('\n'));
  return {
    ref,
    title: cleanTitle(titleSource),
    type: observationType(type, concepts),
    body: parts.join('\n\n'),
    tags: distinct([type, ...concepts], 20),
    files: distinct([...jsonList(row.files_modified), ...jsonList(row.files_read)], 30),
    created: createdOf(row),
  };
}

const SUMMARY_SECTIONS: Array<[keyof SummaryRow, string]> = [
  ['request', 'Request'],
  ['investigated', 'Investigated'],
  ['learned', 'Learned'],
  ['completed', 'Completed'],
  ['next_steps', 'Next steps'],
  ['notes', 'Notes'],
];

export function mapSummary(row: SummaryRow): ImportItem | ImportSkip {
  const ref = `summary:${row.memory_session_id ?? 'none'}:${row.id}`;
  const sections = SUMMARY_SECTIONS.map(([key, label]) => [label, String(row[key] ?? '').trim()] as const).filter(([, value]) => value);
  if (!sections.length) return { ref, reason: 'empty session summary' };
  const created = createdOf(row);
  const request = (row.request ?? '').trim();
  return {
    ref,
    title: cleanTitle(request ? `Session: ${request}` : `Session summary${created ? ` of ${created}` : ''}`),
    type: 'session',
    body: sections.map(([label, value]) => `**${label}:** ${value}`).join('\n\n'),
    tags: ['session-summary'],
    files: distinct([...jsonList(row.files_edited), ...jsonList(row.files_read)], 30),
    created,
  };
}

export function mapClaudeMem(observations: ObservationRow[], summaries: SummaryRow[]): ImportBatch {
  const batch: ImportBatch = { source: 'claude-mem', items: [], skipped: [] };
  for (const result of [...observations.map(mapObservation), ...summaries.map(mapSummary)]) {
    if ('title' in result) batch.items.push(result);
    else batch.skipped.push(result);
  }
  return batch;
}
