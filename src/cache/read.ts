import { readTextNoFollow } from '../core/confine.js';
import { isNotePath, isNotesDir } from '../core/paths.js';
import type { CacheFileKind, CacheValue, JsonSchema } from './schemas.js';
import { JSON_SCHEMAS } from './schemas.generated.js';

/**
 * The one reader of cache files (readCacheFile, at the end), and the validator it checks them with.
 *
 * The validator covers the part of JSON Schema that zod's `toJSONSchema` writes for the cache schemas (schemas.ts): types,
 * properties and required keys, records, arrays and tuples, enums and constants, numeric bounds. It exists so the
 * hooks can validate cache files without loading zod; a test checks that it agrees with zod on every cache schema,
 * and that the generated schemas use no keyword outside `KEYWORDS`.
 */

/** Every keyword `compile` understands; anything else in a schema is a mistake the schema test reports. */
export const KEYWORDS = new Set([
  '$schema',
  'type',
  'properties',
  'required',
  'additionalProperties',
  'propertyNames',
  'items',
  'prefixItems',
  'minItems',
  'maxItems',
  'enum',
  'const',
  'minimum',
  'maximum',
  'anyOf',
]);

export type Check = (value: unknown) => boolean;

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

const TYPES: Record<string, Check> = {
  object: isObject,
  array: Array.isArray,
  string: (value) => typeof value === 'string',
  number: (value) => typeof value === 'number' && Number.isFinite(value),
  integer: (value) => Number.isInteger(value),
  boolean: (value) => typeof value === 'boolean',
  null: (value) => value === null,
};

const always: Check = () => true;
const never: Check = () => false;

/** Turn a schema into a predicate once, so a file with thousands of entries is checked by plain closures. */
export function compile(schema: JsonSchema | boolean): Check {
  if (schema === true) return always;
  if (schema === false) return never;
  const checks: Check[] = [];
  if (schema.type !== undefined) {
    const types = (Array.isArray(schema.type) ? schema.type : [schema.type]).map((name) => TYPES[name] ?? never);
    checks.push((value) => types.some((check) => check(value)));
  }
  if (schema.enum) {
    const allowed = schema.enum;
    checks.push((value) => allowed.includes(value));
  }
  if ('const' in schema) checks.push((value) => value === schema.const);
  if (schema.minimum !== undefined) checks.push((value) => typeof value !== 'number' || value >= schema.minimum!);
  if (schema.maximum !== undefined) checks.push((value) => typeof value !== 'number' || value <= schema.maximum!);
  if (schema.anyOf) {
    const options = schema.anyOf.map(compile);
    checks.push((value) => options.some((check) => check(value)));
  }
  if (schema.properties || schema.required || schema.additionalProperties !== undefined || schema.propertyNames) checks.push(objectCheck(schema));
  if (schema.items !== undefined || schema.prefixItems || schema.minItems !== undefined || schema.maxItems !== undefined) checks.push(arrayCheck(schema));
  return (value) => checks.every((check) => check(value));
}

function objectCheck(schema: JsonSchema): Check {
  const properties = Object.entries(schema.properties ?? {}).map(([key, sub]) => [key, compile(sub)] as const);
  const named = new Set(properties.map(([key]) => key));
  const required = schema.required ?? [];
  const rest = schema.additionalProperties === undefined ? undefined : compile(schema.additionalProperties);
  const names = schema.propertyNames ? compile(schema.propertyNames) : undefined;
  return (value) => {
    if (!isObject(value)) return true;
    for (const key of required) if (!Object.prototype.hasOwnProperty.call(value, key)) return false;
    for (const [key, check] of properties) if (Object.prototype.hasOwnProperty.call(value, key) && !check(value[key])) return false;
    if (!rest && !names) return true;
    for (const key of Object.keys(value)) {
      if (names && !names(key)) return false;
      if (rest && !named.has(key) && !rest(value[key])) return false;
    }
    return true;
  };
}

function arrayCheck(schema: JsonSchema): Check {
  const prefix = (schema.prefixItems ?? []).map(compile);
  const items = schema.items === undefined ? always : compile(schema.items);
  return (value) => {
    if (!Array.isArray(value)) return true;
    if (schema.minItems !== undefined && value.length < schema.minItems) return false;
    if (schema.maxItems !== undefined && value.length > schema.maxItems) return false;
    for (let i = 0; i < value.length; i++) if (!(i < prefix.length ? prefix[i]! : items)(value[i])) return false;
    return true;
  };
}

const compiled = new Map<CacheFileKind, Check>();

/** A session id or job id as the tool writes them (capture/cursor.ts safeSessionId, compress/pending.ts jobId): they name files. */
const FILE_KEY = /^[A-Za-z0-9_-]{1,200}$/;
/** A note id the tool writes into a file name (store/id.ts isValidId): the ids a redo creates notes with. */
const NOTE_ID = /^[a-z0-9][a-z0-9._-]{0,127}$/i;

/** Pure: an absolute, normalised path to a `.jsonl` file, with no control character (it is shown and opened). */
function transcriptLike(file: string): boolean {
  return file.startsWith('/') && !/[\x00-\x1f\x7f]/.test(file) && file.endsWith('.jsonl') && !/(^|\/)\.\.?(\/|$)|\/\//.test(file);
}

/**
 * What a schema cannot say about the paths and names a cache file holds: every note path lies under the notes
 * folder (no `..`), folder keys name folders of it, job and session ids and the note ids a job will create are
 * file-name safe, transcript paths are absolute `.jsonl` paths. Everything the tool itself writes from any notes
 * passes (a test checks it on generated notes): a check that voided the tool's own output would rebuild the index on
 * every read. These values are opened, deleted by name, or shown; a file that breaks
 * one is void like a malformed one. (Whether a transcript lies in a folder Claude Code uses is checked where it is
 * opened, against the environment: compress/pending.ts.)
 */
const CONFINED: { [K in CacheFileKind]?: (value: CacheValue<K>) => boolean } = {
  manifest: (m) => Object.keys(m.dirs).every(isNotesDir) && Object.keys(m.files).every(isNotePath),
  freshStamp: (s) => Object.keys(s.dirs).every(isNotesDir),
  // Ids of hand-written notes can be any text (their file name): they are shown (escaped), never used as paths.
  catalog: (c) => Object.entries(c).every(([key, entry]) => isNotePath(key) && entry.path === key),
  fileNotesShard: (shard) => Object.values(shard).every((notes) => notes.every((note) => isNotePath(note.path))),
  staleCache: (stale) => stale.notes.every((note) => isNotePath(note.path)),
  pendingJob: (job) =>
    FILE_KEY.test(job.id) && FILE_KEY.test(job.sessionId) && transcriptLike(job.transcriptPath) && (job.noteIds ?? []).every((id) => NOTE_ID.test(id)),
  cursor: (cursor) => FILE_KEY.test(cursor.sessionId) && transcriptLike(cursor.transcriptPath),
  doneRecord: (record) => FILE_KEY.test(record.id),
};

/** Pure: `value` when it has the shape of a `kind` file (schemas.ts) and its paths and names are confined, else undefined. */
export function asCacheValue<K extends CacheFileKind>(kind: K, value: unknown): CacheValue<K> | undefined {
  let check = compiled.get(kind);
  if (!check) compiled.set(kind, (check = compile(JSON_SCHEMAS[kind])));
  if (!check(value)) return undefined;
  const confined: ((value: CacheValue<K>) => boolean) | undefined = CONFINED[kind];
  return !confined || confined(value as CacheValue<K>) ? (value as CacheValue<K>) : undefined;
}

/**
 * The one reader of cache files: the value, or undefined when the file is missing, is not JSON, or does not have the
 * shape its schema says. Callers treat all three alike: a derived file is rebuilt, a state file counts as "nothing
 * yet". Nothing in the cache is trusted further than its schema: the folder is writable by anything on the machine, and
 * a commit can add files to it. A file that is a symbolic link, a FIFO or a folder reads as absent.
 */
export function readCacheFile<K extends CacheFileKind>(file: string, kind: K): CacheValue<K> | undefined {
  const value = readCacheJson(file);
  return value === undefined ? undefined : asCacheValue(kind, value);
}

/** A cache file's JSON, not yet checked (for a reader that checks only the part it uses): undefined as above. */
export function readCacheJson(file: string): unknown {
  try {
    return JSON.parse(readTextNoFollow(file)) as unknown;
  } catch {
    return undefined;
  }
}
