import path from 'node:path';
import { MEMORY_DIR } from '../core/paths.js';

/**
 * Everything under `.claude-memory/.cache/` (gitignored, local to one clone), named in one place. Two kinds of file:
 *
 * - derived, rebuilt from the notes whenever missing, stale or malformed: the search index (`search/`: segment
 *   files laid out by index/segment-codec.ts and the state naming them, index/search-state.ts), the manifest, the
 *   catalog, the freshness stamp, the file-notes lookup (`file-notes/`, laid out by index/file-notes.ts), the
 *   rendered topic-index lines (`topic-lines/`), the session-start candidates, the stale-note list and the note
 *   vectors (`embeddings/`);
 * - local state, which only this clone's sessions produce and nothing can rebuild: per-session state, cursors, the
 *   pending queue and done records, the token usage, when notes arrived and when a session last started, the
 *   acknowledged stale flags, locks and the log. These never depend on CACHE_FORMAT: an
 *   upgrade must not lose queued work.
 *
 * Every file is read through cache/read.ts, which validates it against its schema in cache/schemas.ts.
 */

/**
 * Version of the derived files. Bump it whenever their shape changes, and whenever text processing (index/text.ts)
 * or the search layout (index/segment-codec.ts, index/search-state.ts) changes: every derived file records it and is rebuilt on its next read
 * when it differs. Kept here, apart from the search code, so the hot path can check it without loading the stemmer.
 */
export const CACHE_FORMAT = 11;

export interface CacheLayout {
  dir: string;
  /** The search index: immutable `*.seg` segment files and `state.json`, which names the live ones. */
  search: string;
  /** The search index's state file: its presence says there is an index. */
  searchState: string;
  /** Per topic, the rendered lines of its index file (`<slug>.json`), so a refresh re-renders only changed notes. */
  topicLines: string;
  /** Folder and file times and sizes of the notes as last indexed, and the problems found then. */
  manifest: string;
  /** Per-note metadata the generated indexes need, keyed by note path. */
  catalog: string;
  /** The few hundred bytes of the manifest the hot path's freshness check needs. */
  freshStamp: string;
  /** Which active notes name a file: `<shard>.json` maps file paths to notes, `stamp.json` ties it to the catalog. */
  fileNotes: string;
  /** Notes made stale by code changes, as the git hooks and `claude-memory stale` last computed. */
  stale: string;
  /** What session start selects from: per tier, the first notes in priority order (index/overview-candidates.ts). */
  context: string;
  /** The last session-start text and the inputs it was made from (retrieve/context-memo.ts). */
  contextMemo: string;
  /** State: when each note first appeared in this clone, its author and commit time (index/arrivals.ts). */
  arrivals: string;
  /** State: when a session last started here; "new since your last session" counts from it. */
  lastSession: string;
  /** State: stale flags this clone acknowledged with `stale --ack`. */
  staleAcks: string;
  /** git's last answer to "which files changed on this branch", per repository state (git/changed-files.ts). */
  changed: string;
  /** Its time is when a background run last started to state every note for edits in place (index/verify-later.ts). */
  notesVerified: string;
  /** Present once the log has said that search is lexical (no sentence model installed): said once, not per search. */
  lexicalNoted: string;
  /** Held by whoever writes derived files. */
  refreshLock: string;
  /** `<session>.json`: what a session was given and where its last background compression started. */
  sessions: string;
  /** `<session>.json`: how far into a transcript compression has got. */
  cursors: string;
  /** `<job>.json`: transcript ranges waiting for the API. */
  pending: string;
  /** `<job>.json`: ranges already compressed, so a retry does not write its notes twice. */
  done: string;
  /** `compress-<session>.lock`: one compression per session at a time. */
  locks: string;
  /** Tokens compression spent, per session and per day. */
  usage: string;
  usageLock: string;
  /** One JSON line per event; rotated at 1 MiB (cache/log.ts). */
  log: string;
  /** Default output folder of `claude-memory view`. */
  viewer: string;
  /**
   * Note vectors of the optional sentence model: `<model>.json` keyed by the content key of the embedded text
   * (index/embeddings/vector-cache.ts). Derived, but not tied to CACHE_FORMAT: the model id names the file, and the
   * vectors take minutes to rebuild, so a change of the search index must not drop them.
   */
  embeddings: string;
  /** What the last background embedding run covered (flows/embed-notes.ts). */
  embedState: string;
  /** Held by the one background embedding run; others do not wait for it. */
  embedLock: string;
}

/**
 * Kept per root: a hook asks for it dozens of times, and early in a process (before V8 compiles path.join) building
 * the forty paths each time cost about 3 ms of session start's budget.
 */
const layouts = new Map<string, Readonly<CacheLayout>>();

export function cacheLayout(root: string): Readonly<CacheLayout> {
  let layout = layouts.get(root);
  if (!layout) layouts.set(root, (layout = Object.freeze(buildLayout(root))));
  return layout;
}

function buildLayout(root: string): CacheLayout {
  const dir = path.join(root, MEMORY_DIR, '.cache');
  // Joined by hand below a normalised folder: forty path.join calls cost a hook 2 ms before V8 compiles them.
  const at = (name: string) => dir + path.sep + name.split('/').join(path.sep);
  return {
    dir,
    search: at('search'),
    searchState: at('search/state.json'),
    topicLines: at('topic-lines'),
    manifest: at('manifest.json'),
    catalog: at('catalog.json'),
    freshStamp: at('fresh-stamp.json'),
    fileNotes: at('file-notes'),
    stale: at('stale.json'),
    context: at('context.json'),
    contextMemo: at('context-memo.json'),
    arrivals: at('arrivals.json'),
    lastSession: at('last-session.json'),
    staleAcks: at('stale-acks.json'),
    lexicalNoted: at('lexical-noted'),
    notesVerified: at('notes-verified'),
    changed: at('changed'),
    refreshLock: at('refresh.lock'),
    sessions: at('sessions'),
    cursors: at('cursors'),
    pending: at('pending'),
    done: at('done'),
    locks: at('locks'),
    usage: at('usage.json'),
    usageLock: at('usage.json.lock'),
    log: at('log.jsonl'),
    viewer: at('viewer'),
    embeddings: at('embeddings'),
    embedState: at('embeddings/state.json'),
    embedLock: at('embed.lock'),
  };
}

/** Per-session files; `sessionId` must already be file-name safe (capture/cursor.ts safeSessionId). */
export const sessionStateFile = (root: string, sessionId: string) => path.join(cacheLayout(root).sessions, `${sessionId}.json`);
export const cursorFile = (root: string, sessionId: string) => path.join(cacheLayout(root).cursors, `${sessionId}.json`);
export const compressLockFile = (root: string, sessionId: string) => path.join(cacheLayout(root).locks, `compress-${sessionId}.lock`);
export const pendingJobFile = (root: string, jobId: string) => path.join(cacheLayout(root).pending, `${jobId}.json`);
export const doneRecordFile = (root: string, jobId: string) => path.join(cacheLayout(root).done, `${jobId}.json`);
/** The vector cache of one model; the id is reduced to file-name characters, so it cannot leave the folder. */
export const vectorCacheFile = (root: string, modelId: string) =>
  path.join(cacheLayout(root).embeddings, `${modelId.replace(/[^A-Za-z0-9._-]/g, '_').replace(/^\.+/, '_')}.json`);
