/**
 * Version of the on-disk search index. Bump it whenever text processing (text.ts) or the file layout
 * (shard-files.ts) changes, and every cache is rebuilt on its next read. Kept apart so the session-start hook can
 * check freshness without loading the stemmer.
 */
export const SEARCH_FORMAT = 7;
