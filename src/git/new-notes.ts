import type { OnNewNotes } from '../core/config.js';

export interface NewNotesContext {
  sessionId?: string;
}

/**
 * Placeholder (git workflows issue): what happens to notes that compression wrote — nothing, `git add` of exactly
 * those files, or one commit of exactly those files. Nothing else is ever staged or committed.
 */
export async function handleNewNotes(_root: string, _notePaths: string[], _mode: OnNewNotes, _context: NewNotesContext = {}): Promise<{ staged: string[]; commit?: string }> {
  return { staged: [] };
}
