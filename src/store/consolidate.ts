/**
 * `consolidate`: proposals for a person to review in a pull request. Near-duplicate notes are merged into one (the
 * others are superseded by it, so history keeps them), and chains of replacements (A → B → C) are listed. Nothing is
 * written unless asked; lint only warns and `lint --fix` never merges.
 */
import type { Note } from '../core/types.js';
import { supersedeNote } from './lifecycle.js';
import { mergeNote } from './merge.js';
import { duplicateGroups } from './near-duplicates.js';
import { findNote, loadNotes, saveNote } from './notes.js';
import { noteTimestamp } from '../core/time.js';
import { supersedeChains, supersedeGraph } from './supersede-graph.js';

export interface NoteRef {
  id: string;
  path?: string;
  title?: string;
  status?: string;
}

export interface ProposedMerge {
  keep: NoteRef;
  fold: Array<NoteRef & { reason: string }>;
}

export interface ConsolidationPlan {
  merges: ProposedMerge[];
  /** Chains of two or more replacements, oldest first; the last is the note in use. */
  chains: NoteRef[][];
}

export interface ConsolidationResult {
  plan: ConsolidationPlan;
  /** Set with `apply`: what was written. */
  applied?: { updated: string[]; superseded: string[]; skipped: string[] };
}

const ref = (note: Note): NoteRef => ({ id: note.id, path: note.path, title: note.title, status: note.status });

/** Pure: the merges and chains to propose for a set of notes. */
export function planConsolidation(notes: Note[]): ConsolidationPlan {
  const byId = new Map(notes.map((note) => [note.id, note]));
  const merges = duplicateGroups(notes).map((group) => ({
    keep: ref(group.keep),
    fold: group.fold.map(({ note, similarity }) => ({ ...ref(note), reason: similarity.reason })),
  }));
  const chains = supersedeChains(supersedeGraph(notes)).map((chain) => chain.map((id) => (byId.has(id) ? ref(byId.get(id)!) : { id })));
  return { merges, chains };
}

/** Merge each group into the note it keeps and supersede the others by it; a step that fails is reported, not fatal. */
function applyPlan(root: string, plan: ConsolidationPlan, now: Date): NonNullable<ConsolidationResult['applied']> {
  const applied = { updated: [] as string[], superseded: [] as string[], skipped: [] as string[] };
  for (const merge of plan.merges) {
    const keep = findNote(root, merge.keep.id).note;
    if (!keep) {
      applied.skipped.push(`${merge.keep.id}: no such note any more`);
      continue;
    }
    let merged = keep;
    const folded: string[] = [];
    for (const fold of merge.fold) {
      const other = findNote(root, fold.id).note;
      if (!other || other.status !== 'active') {
        applied.skipped.push(`${fold.id}: no longer an active note`);
        continue;
      }
      merged = mergeNote(merged, other, noteTimestamp(now));
      folded.push(other.id);
    }
    if (folded.length === 0) continue;
    saveNote(root, merged);
    applied.updated.push(merged.id);
    for (const id of folded) {
      try {
        supersedeNote(root, id, merged.id, now);
        applied.superseded.push(id);
      } catch (err) {
        applied.skipped.push(`${id}: ${(err as Error).message}`);
      }
    }
  }
  return applied;
}

export function consolidate(root: string, options: { apply?: boolean; now?: Date } = {}): ConsolidationResult {
  const plan = planConsolidation(loadNotes(root).notes);
  if (!options.apply) return { plan };
  return { plan, applied: applyPlan(root, plan, options.now ?? new Date()) };
}
