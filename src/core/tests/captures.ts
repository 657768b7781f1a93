// Values kept by one step for later ones: "capture": {"lifetime": "LwM2M Server.1.Lifetime"} keeps the
// value the step saw, and "${lifetime}" in a later request or expected value is replaced by it (e.g. to
// write back the original lifetime at the end). A string that is exactly "${name}" becomes the value.
import type { JsonPath } from '../documentModel';

const PLACEHOLDER = /\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

/** Every "${name}" inside the strings of a value, with the JSON path of its string. */
export function placeholdersIn(v: unknown, path: JsonPath = []): { name: string; path: JsonPath }[] {
  if (typeof v === 'string') return [...v.matchAll(PLACEHOLDER)].map((m) => ({ name: m[1], path }));
  if (Array.isArray(v)) return v.flatMap((x, i) => placeholdersIn(x, [...path, i]));
  if (typeof v === 'object' && v !== null) return Object.entries(v).flatMap(([k, x]) => placeholdersIn(x, [...path, k]));
  return [];
}

/** A string with its placeholders replaced (unknown names are left as written). */
export function substitute(s: string, captures: ReadonlyMap<string, string>): string {
  return s.replace(PLACEHOLDER, (whole, name: string) => captures.get(name) ?? whole);
}

/** A request with the placeholders in all its strings replaced. */
export function substituteAll<T>(v: T, captures: ReadonlyMap<string, string>): T {
  if (typeof v === 'string') return substitute(v, captures) as T;
  if (Array.isArray(v)) return v.map((x) => substituteAll(x, captures)) as T;
  if (typeof v === 'object' && v !== null) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, substituteAll(x, captures)])) as T;
  return v;
}
