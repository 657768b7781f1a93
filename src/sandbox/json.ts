// JSON value types and the structural helpers shadow semantics need (deep equality, nesting depth), and
// the rules that keep request data plain data: property names are only ever read and written as own
// properties (a `__proto__` key is an ordinary key, as it is to AWS), and a text nested past
// MAX_JSON_NESTING levels is refused before any recursive walk can meet it.
import { offsetPastDepth } from '../core/jsonTextChecks';
import { isRecord } from '../core/jsonValue';

export type Json = null | boolean | number | string | Json[] | JsonObject;
export interface JsonObject {
  [key: string]: Json;
}

/** A JSON object (core's isRecord, typed as the sandbox's JSON). */
export function isObject(v: unknown): v is JsonObject {
  return isRecord(v);
}

export function deepEqual(a: Json | undefined, b: Json | undefined): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  if (isObject(a)) {
    if (!isObject(b)) return false;
    const ka = Object.keys(a);
    return ka.length === Object.keys(b).length && ka.every((k) => Object.hasOwn(b, k) && deepEqual(a[k], b[k]));
  }
  return false;
}

/**
 * Levels of nesting as the shadow service counts them: the depth of the deepest key. A scalar and `{}`
 * are 0, `{"a":1}` is 1, `{"a":{"b":1}}` is 2; an array adds no level of its own.
 */
export function nestingDepth(v: Json | undefined): number {
  if (Array.isArray(v)) return v.reduce<number>((m, x) => Math.max(m, nestingDepth(x)), 0);
  if (isObject(v)) {
    const keys = Object.values(v);
    return keys.length ? 1 + keys.reduce<number>((m, x) => Math.max(m, nestingDepth(x)), 0) : 0;
  }
  return 0;
}

export function clone<T extends Json>(v: T): T {
  return structuredClone(v);
}

/** Deeper texts are refused unread (AWS refuses shadow state past 6 levels; nothing it takes nests past 64). */
export const MAX_JSON_NESTING = 64;

/** An own property's value: never one inherited from Object.prototype (`constructor`, `__proto__`). */
export function own(o: JsonObject | undefined, k: string): Json | undefined {
  return o !== undefined && Object.hasOwn(o, k) ? o[k] : undefined;
}

/** Sets an own data property; `__proto__` becomes a key like any other instead of replacing the prototype. */
export function setOwn(o: JsonObject, k: string, v: Json): void {
  if (k === '__proto__') Object.defineProperty(o, k, { value: v, writable: true, enumerable: true, configurable: true });
  else o[k] = v;
}

/** Whether objects and arrays in a JSON text nest deeper than `limit` (one pass; brackets in strings ignored). */
export function nestsDeeperThan(text: string, limit: number): boolean {
  return offsetPastDepth(text, limit) >= 0;
}

/** JSON.parse of a request body that nests at most MAX_JSON_NESTING levels (SyntaxError otherwise). */
export function parseJsonText(text: string): unknown {
  if (nestsDeeperThan(text, MAX_JSON_NESTING)) throw new SyntaxError(`JSON nests deeper than ${MAX_JSON_NESTING} levels`);
  return JSON.parse(text);
}
