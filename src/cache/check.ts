/**
 * A validator for the part of JSON Schema that zod's `toJSONSchema` writes for the cache schemas (schemas.ts): types,
 * properties and required keys, records, arrays and tuples, enums and constants, numeric bounds. It exists so the
 * hooks can validate cache files without loading zod; a test checks that it agrees with zod on every cache schema,
 * and that the generated schemas use no keyword outside `KEYWORDS`.
 */

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

/** Every keyword `compile` understands; anything else in a schema is a mistake the schema test reports. */
export const KEYWORDS = new Set(['$schema', 'type', 'properties', 'required', 'additionalProperties', 'propertyNames', 'items', 'prefixItems', 'minItems', 'maxItems', 'enum', 'const', 'minimum', 'maximum', 'anyOf']);

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
