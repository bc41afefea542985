import { z } from 'zod';

/**
 * The shape of every JSON file under `.claude-memory/.cache/` (see layout.ts for where each one lives). These zod
 * schemas are the one definition: the types below come from them, and cache/read.ts validates every file it reads
 * against them. Loading zod costs 35–55 ms, more than a hook's whole budget, so at run time the schemas are checked
 * in their JSON Schema form (schemas.generated.ts, written from these by `npm run gen:cache-schemas`, kept in step by
 * a test) by the small validator in read.ts; nothing at run time imports this file except for its types.
 *
 * Schemas accept keys they do not name, as zod objects do, so a newer writer's extra field does not void a file.
 * Checks JSON Schema cannot say (an offset range that must not be empty, the format number) stay in the readers.
 */

const problem = z.object({ path: z.string(), reason: z.string(), severity: z.enum(['error', 'warning']), code: z.string() });

const manifest = z.object({
  format: z.number(),
  configMtimeMs: z.number(),
  /** Folder modification times: any file added, removed or renamed inside changes them. */
  dirs: z.record(z.string(), z.number()),
  /** Note path → [mtimeMs, size]. */
  files: z.record(z.string(), z.tuple([z.number(), z.number()])),
  noteCount: z.number(),
  /** Problems found when the notes were last read, for `stats` and hooks to mention. */
  problems: z.array(problem),
});

const catalogEntry = z.object({
  id: z.string(),
  title: z.string(),
  type: z.string(),
  topic: z.string(),
  status: z.string(),
  updated: z.string(),
  path: z.string(),
  summary: z.string(),
  tags: z.array(z.string()),
  files: z.array(z.string()),
  pinned: z.boolean(),
  tokens: z.number(),
  /** Key of the note's vector in the vector cache (index/embeddings/note-text.ts contentKey); absent, the note is searched lexically. */
  embeddingKey: z.string().optional(),
});

const freshStamp = z.object({
  /** CACHE_FORMAT of the files the stamp vouches for: after an upgrade it voids the stamp. */
  format: z.number(),
  /** Time and size of the manifest the stamp was taken from: a rewritten manifest voids the stamp. */
  manifest: z.string(),
  configMtimeMs: z.number(),
  dirs: z.record(z.string(), z.number()),
  noteCount: z.number(),
  /** git's state when the stamp was written (core/git-files.ts gitStateKey): unchanged, no pull or checkout came since. */
  gitState: z.string().optional(),
});

const fileNote = z.object({ id: z.string(), title: z.string(), type: z.string(), path: z.string(), updated: z.string(), summary: z.string() });

const sessionState = z.object({
  sessionId: z.string().optional(),
  /** Ids of notes the session has already been shown (session start and earlier prompts). */
  given: z.array(z.string()),
  /** Transcript size when a background compression was last started, so the same material is not queued twice. */
  compressStartedAt: z.number().optional(),
  /** When (ms since the epoch) that compression was started: a worker that never took its lock is given up after a while. */
  compressStartedMs: z.number().optional(),
  updatedAt: z.string().optional(),
});

const cursor = z.object({
  sessionId: z.string(),
  transcriptPath: z.string(),
  /** Byte offset up to which the transcript has been compressed. */
  offset: z.number().nonnegative(),
  updatedAt: z.string(),
});

const offset = z.number().int().nonnegative();

const pendingJob = z.object({
  id: z.string(),
  sessionId: z.string(),
  transcriptPath: z.string(),
  /** Byte range [fromOffset, toOffset) of the transcript. */
  fromOffset: offset,
  toOffset: offset,
  createdAt: z.string(),
  attempts: z.number(),
  /** Why the last attempt failed: a short, redacted reason, never transcript text. */
  lastError: z.string().optional(),
  /**
   * Ids of the notes this range creates, in order, written before the first of them: a run that crashed half way
   * is redone with the same ids, so it updates the notes it already wrote instead of adding them again.
   */
  noteIds: z.array(z.string()).optional(),
});

const doneRecord = z.object({ id: z.string(), created: z.array(z.string()), updated: z.array(z.string()), path: z.string(), at: z.string() });

const tokenCounts = z.object({
  requests: z.number(),
  input: z.number(),
  output: z.number(),
  cacheRead: z.number(),
  cacheWrite: z.number(),
  costUsd: z.number().optional(),
});

const usage = z.object({
  sessions: z.record(z.string(), tokenCounts.extend({ updated: z.string() })).optional(),
  days: z.record(z.string(), tokenCounts).optional(),
  routes: z.record(z.string(), tokenCounts).optional(),
});

const staleReason = z.object({
  file: z.string(),
  /** deleted, renamed, changed or missing (git/stale.ts StaleKind). */
  kind: z.string(),
  /** The new path of a renamed file. */
  to: z.string().optional(),
});

const staleCache = z.object({
  format: z.number(),
  /** HEAD when it was computed. */
  head: z.string(),
  computed: z.string(),
  /** Stale notes, minus the flags this clone acknowledged (`stale --ack`). */
  notes: z.array(z.object({ id: z.string(), path: z.string(), kinds: z.array(z.string()), reasons: z.array(staleReason).optional() })),
});

/** `stale --ack ID`: per note, the reasons acknowledged; a new reason flags the note again. */
const staleAcks = z.object({ acks: z.record(z.string(), z.string()) });

/**
 * When each note first appeared in this clone (a refresh saw it), and what the background git work found out about
 * it. State: nothing else can tell when a note arrived here.
 */
const arrivals = z.object({
  /** When this clone's first index was made (ms). Notes present then have `seen` 0: they are not news. */
  since: z.number(),
  /** Note id → when a refresh first saw it (ms since the epoch; 0 = present at the first index). */
  seen: z.record(z.string(), z.number()),
  /** Note id → author of the last commit of the note (git log, in the background). */
  authors: z.record(z.string(), z.string()),
  /** Note id → time of that commit (ISO 8601): how notes with a bare date are ordered. */
  committed: z.record(z.string(), z.string()),
});

/**
 * The last session-start text and what it was made from (retrieve/context-memo.ts): the next start with the same
 * inputs and nothing new reuses it instead of selecting again.
 */
const contextMemo = z.object({
  key: z.string(),
  /** The latest arrival among the candidates then, and where "new" counted from when none was set. */
  lastArrival: z.number(),
  arrivalsSince: z.number(),
  text: z.string(),
  ids: z.array(z.string()),
  newShown: z.number(),
  newTotal: z.number(),
});

/** When a session last started in this clone: "new since your last session" counts from here. */
const lastSession = z.object({ startedAt: z.number() });

/**
 * What session start selects from, precomputed whenever the catalog changes so the hot path reads one small file
 * instead of the catalog: per tier, the first notes in priority order, enough to fill the largest budget.
 */
const contextCandidates = z.object({
  format: z.number(),
  /** Time and size of the catalog these were built from. */
  catalog: z.string(),
  /** The budget (tokens) the lists were cut for. */
  budgetTokens: z.number(),
  /**
   * One record per note, its fields joined by tabs (index/overview-lines.ts encodeCandidate): id, topic, the line's
   * parts already escaped, arrival time, author. Strings, not objects: session start parses and checks this file on
   * its hot path, and an array of strings costs a fraction of an array of objects to check.
   */
  notes: z.array(z.string()),
  /** Tier name → indexes into `notes`, best first. */
  tiers: z.record(z.string(), z.array(z.number())),
  /** Indexes into `notes` of the notes that arrived after the first index, newest arrival first. */
  arrivals: z.array(z.number()),
  /** Arrival times of every active note that arrived after the first index, newest first (capped). */
  arrivalTimes: z.array(z.number()),
  arrivalsSince: z.number(),
  /** [topic, active notes, its layer-1 file relative to .claude-memory/], largest first (capped). */
  topics: z.array(z.tuple([z.string(), z.number(), z.string()])),
  topicCount: z.number(),
  active: z.number(),
  inactive: z.number(),
  /** Paths of notes left out because they hold git conflict markers. */
  conflicts: z.array(z.string()),
});

const searchState = z.object({
  /** CACHE_FORMAT of the segments it names. */
  format: z.number(),
  /** SEARCH_FIELDS when it was written, in field-id order: another list means another index layout. */
  fields: z.array(z.string()),
  /** Live documents and their average field lengths, as one MiniSearch holding them all would compute them. */
  documentCount: z.number(),
  averageFieldLength: z.array(z.number()),
  /** Segment files in row order, each with its row count, live rows, and deleted rows as a base64 bitmap. */
  segments: z.array(z.object({ file: z.string(), rows: z.number(), live: z.number(), deleted: z.string() })),
  /** Counts writes; new segment files carry it in their name. */
  generation: z.number(),
});

const topicLines = z.object({
  format: z.number(),
  /** A topic file's rendered list lines, keyed by what each is made of (index/layered.ts), reused by the next refresh. */
  lines: z.record(z.string(), z.string()),
});

const vectorCache = z.object({
  format: z.number(),
  /** The sentence model the vectors come from: vectors of another model are never compared with these. */
  model: z.string(),
  dimensions: z.number(),
  /** Content key of the embedded text → base64 of a float32 scale and one int8 per dimension. */
  vectors: z.record(z.string(), z.string()),
});

const embedState = z.object({
  model: z.string(),
  /** Time and size of the catalog the last background run worked from: a different catalog means new work. */
  catalog: z.string(),
  /** Notes in that catalog, and how many of them had a vector when the run ended. */
  notes: z.number(),
  embedded: z.number(),
  finishedAt: z.string(),
  /** Why the last run could not embed (the model would not load): the next start waits a while. */
  error: z.string().optional(),
});

export const CACHE_SCHEMAS = {
  manifest,
  catalog: z.record(z.string(), catalogEntry),
  freshStamp,
  fileNotesStamp: z.object({ stamp: z.string() }),
  fileNotesShard: z.record(z.string(), z.array(fileNote)),
  sessionState,
  cursor,
  pendingJob,
  doneRecord,
  usage,
  staleCache,
  searchState,
  topicLines,
  vectorCache,
  embedState,
  staleAcks,
  arrivals,
  lastSession,
  contextCandidates,
  contextMemo,
};

export type CacheFileKind = keyof typeof CACHE_SCHEMAS;
export type CacheValue<K extends CacheFileKind> = z.infer<(typeof CACHE_SCHEMAS)[K]>;

export type Manifest = CacheValue<'manifest'>;
export type CatalogEntry = z.infer<typeof catalogEntry>;
export type FreshStamp = CacheValue<'freshStamp'>;
export type FileNote = z.infer<typeof fileNote>;
export type SessionCursor = CacheValue<'cursor'>;
export type PendingJob = CacheValue<'pendingJob'>;
export type DoneRecord = CacheValue<'doneRecord'>;
export type TokenCounts = z.infer<typeof tokenCounts>;
export type StaleCache = CacheValue<'staleCache'>;
export type SearchState = CacheValue<'searchState'>;
export type Arrivals = CacheValue<'arrivals'>;
export type ContextCandidates = CacheValue<'contextCandidates'>;
export type ContextMemo = CacheValue<'contextMemo'>;

/** The JSON Schema subset zod writes for these schemas and cache/read.ts checks (schemas.generated.ts). */
export interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: JsonSchema | boolean;
  propertyNames?: JsonSchema;
  items?: JsonSchema | boolean;
  prefixItems?: JsonSchema[];
  minItems?: number;
  maxItems?: number;
  enum?: readonly unknown[];
  const?: unknown;
  minimum?: number;
  maximum?: number;
  anyOf?: JsonSchema[];
}
