/** Placeholder: ids of notes made stale by code changes, as last computed (git workflows issue). */
export function readStaleIds(_root: string): Set<string> {
  return new Set();
}
