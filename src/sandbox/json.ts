// JSON value types and the structural helpers shadow semantics need (deep equality, nesting depth).
export type Json = null | boolean | number | string | Json[] | JsonObject;
export interface JsonObject {
  [key: string]: Json;
}

export function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function deepEqual(a: Json | undefined, b: Json | undefined): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  if (isObject(a)) {
    if (!isObject(b)) return false;
    const ka = Object.keys(a);
    return ka.length === Object.keys(b).length && ka.every((k) => k in b && deepEqual(a[k], b[k]));
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
