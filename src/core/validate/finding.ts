// A finding: what a rule found at a path of the parsed value, before its text range is looked up (only for
// what is found, so a clean document costs little).
import type { DiagnosticFix, Severity } from '../diagnostics';
import type { JsonPath } from '../documentModel';
import { isRecord } from '../jsonValue';

/** Where a finding points: the value at `path`, its property name, or characters inside a string value. */
export type Target = { kind: 'value' } | { kind: 'key' } | { kind: 'anchor' } | { kind: 'span'; start: number; end: number };

export interface Finding { code: string; severity: Severity; message: string; path: JsonPath; target: Target; fix?: DiagnosticFix }

/** The value at `path` in a parsed JSON value, or undefined. */
export function getAt(v: unknown, path: JsonPath): unknown {
  let cur = v;
  for (const p of path) {
    if (Array.isArray(cur) && typeof p === 'number') cur = cur[p];
    else if (isRecord(cur)) cur = cur[String(p)];
    else return undefined;
  }
  return cur;
}

/** Appends without spreading (a spread of 130,000 findings overflows the call stack). */
export function pushAll<T>(out: T[], more: readonly T[]): void {
  for (const x of more) out.push(x);
}
