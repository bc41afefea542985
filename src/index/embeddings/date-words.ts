/**
 * A note's dates as words, so "in June" or "last March" can reach a note whose date is only in its front matter.
 * Indexed as their own search field (month name and year of `created`); on the labelled set this raised recall@5 of
 * the time-word queries from 0.33 to 0.81 and moved no literal or paraphrase figure (docs/search.md).
 */

export const MONTH_NAMES = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'] as const;

/** "june 2026" for "2026-06-14"; empty for anything that is not a YYYY-MM… date. */
export function dateWords(date: string | undefined): string {
  const match = /^(\d{4})-(\d{2})/.exec(date ?? '');
  if (!match) return '';
  const month = MONTH_NAMES[Number(match[2]) - 1];
  return month ? `${month} ${match[1]}` : '';
}

/** The text of the dates field for a note: its creation month and year. */
export function noteDateField(note: { created?: string }): string {
  return dateWords(note.created);
}

const MONTH_PATTERN = new RegExp(`(?:^|[^\\p{L}])(${MONTH_NAMES.join('|')})(?![\\p{L}])`, 'iu');

/**
 * True when the query names a month. The sentence model has no notion of a note's date, so blending it in at full
 * weight pushed date-matched notes down (time-word recall@5 0.81 → 0.67); hybrid search halves the dense weight for
 * such queries (figures in docs/search.md).
 */
export function namesAMonth(query: string): boolean {
  return MONTH_PATTERN.test(query);
}
