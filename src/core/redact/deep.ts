/**
 * Redaction of structured values (log fields, API payloads, errors): every string is redacted, and a string under
 * a password- or secret-like key is replaced whole, since the key is the only clue.
 */
import type { KeyClass } from './types.js';
import { redact } from './engine.js';
import { classifyKey, isReference } from './keys.js';
import { onlyPlaceholders, placeholderFor } from './placeholders.js';
import { hasAlnum } from './text-shape.js';

function isPlainObject(v: object): boolean {
  const proto: unknown = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

function redactLeaf(value: string, keyClass: KeyClass | null): string {
  // A bare string under a `password`/`token` key carries no textual clue, so the key decides.
  if (keyClass !== null && hasAlnum(value) && !isReference(value) && !onlyPlaceholders(value)) return placeholderFor(keyClass);
  return redact(value).text;
}

function walk(value: unknown, keyClass: KeyClass | null, seen: WeakMap<object, unknown>): unknown {
  if (typeof value === 'string') return redactLeaf(value, keyClass);
  if (typeof value !== 'object' || value === null) return value;
  const done = seen.get(value);
  if (done !== undefined) return done;
  if (Array.isArray(value)) {
    const out: unknown[] = [];
    seen.set(value, out);
    for (const item of value) out.push(walk(item, keyClass, seen));
    return out;
  }
  if (value instanceof Error) {
    // Errors end up in logs with secrets in message/stack (e.g. a failed URL with credentials).
    const copy = Object.create(Object.getPrototypeOf(value) as object) as Record<string, unknown>;
    seen.set(value, copy);
    for (const name of Object.getOwnPropertyNames(value)) {
      const desc = Object.getOwnPropertyDescriptor(value, name);
      if (!desc) continue;
      if ('value' in desc) desc.value = walk(desc.value, classifyKey(name), seen);
      Object.defineProperty(copy, name, desc);
    }
    return copy;
  }
  if (!isPlainObject(value)) return value;
  const out: Record<string, unknown> = Object.create(Object.getPrototypeOf(value) as object | null) as Record<string, unknown>;
  seen.set(value, out);
  for (const [k, v] of Object.entries(value)) {
    // defineProperty: a `__proto__` key from JSON.parse must stay data, not become the prototype.
    Object.defineProperty(out, redact(k).text, {
      value: walk(v, classifyKey(k), seen),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return out;
}

/**
 * Deep-copies a JSON-like value with every string redacted. Strings under a
 * password/secret-like key are replaced whole. Arrays, plain objects and
 * Errors are copied; other class instances (Date, Map, Buffer…) are returned
 * as they are. Cycles are preserved.
 */
export function redactValue<T>(value: T): T {
  return walk(value, null, new WeakMap()) as T;
}

/** The redacted text alone: what every writer (store, log, queue, API request) calls. */
export function redactText(text: string): string {
  return redact(text).text;
}
