import { resolveRange, reviewChanges, reviewMarkdown, type Review } from '../git/review.js';

/**
 * Review (`claude-memory review [range]`): what a branch did to the memory, as markdown for a pull request. Stages:
 *
 *   1. resolve the range: `A..B`, `A...B`, `A` (meaning `A..HEAD`), or by default the merge base with the default
 *      branch up to HEAD;
 *   2. read the notes at both ends and classify each change: added, changed (which fields), superseded, archived,
 *      deleted (git/review.ts);
 *   3. render the markdown.
 */
export async function reviewMemory(root: string, spec?: string): Promise<{ review: Review; markdown: string }> {
  const range = await resolveRange(root, spec);
  const review = await reviewChanges(root, range);
  return { review, markdown: reviewMarkdown(review, range.label) };
}
