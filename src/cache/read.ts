import fs from 'node:fs';
import { compile, type Check } from './check.js';
import type { CacheFileKind, CacheValue } from './schemas.js';
import { JSON_SCHEMAS } from './schemas.generated.js';

const compiled = new Map<CacheFileKind, Check>();

/** Pure: `value` when it has the shape of a `kind` file (schemas.ts), else undefined. */
export function asCacheValue<K extends CacheFileKind>(kind: K, value: unknown): CacheValue<K> | undefined {
  let check = compiled.get(kind);
  if (!check) compiled.set(kind, (check = compile(JSON_SCHEMAS[kind])));
  return check(value) ? (value as CacheValue<K>) : undefined;
}

/**
 * The one reader of cache files: the value, or undefined when the file is missing, is not JSON, or does not have the
 * shape its schema says. Callers treat all three alike: a derived file is rebuilt, a state file counts as "nothing
 * yet". Nothing in the cache is trusted further than its schema: the folder is writable by anything on the machine.
 */
export function readCacheFile<K extends CacheFileKind>(file: string, kind: K): CacheValue<K> | undefined {
  let value: unknown;
  try {
    value = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
  return asCacheValue(kind, value);
}
