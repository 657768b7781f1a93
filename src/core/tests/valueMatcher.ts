// What a test expects of one value: exact (compared as the text the integration reports, numbers by value),
// a regular expression, a numeric range, or "changed" (differs from the value before the step). Values in
// shadows are strings, so every matcher reads the reported text.
import { substitute } from './captures';
import { isRecord } from '../jsonValue';

export type ValueMatcher =
  | string | number | boolean
  | { pattern: string }
  | { min?: number; max?: number }
  | { changed: true };

/** Why a value did not match: what was expected and what was there, as a person reads them. */
export interface ValueMismatch {
  expected: string;
  actual: string;
}

/** Undefined when `m` is a valid matcher, else what is wrong with it. */
export function isValueMatcher(m: unknown): string | undefined {
  if (typeof m === 'string' || typeof m === 'boolean' || (typeof m === 'number' && Number.isFinite(m))) return undefined;
  if (!isRecord(m)) return 'an expected value is a string, number or boolean, or {"pattern": "…"}, {"min": n, "max": n}, {"changed": true}';
  const keys = Object.keys(m);
  if (keys.length === 1 && keys[0] === 'pattern') {
    if (typeof m.pattern !== 'string') return '"pattern" must be a regular expression in a string';
    try {
      new RegExp(m.pattern, 'u');
    } catch (e) {
      return `"pattern" is not a regular expression: ${(e as Error).message}`;
    }
    return undefined;
  }
  if (keys.length === 1 && keys[0] === 'changed') return m.changed === true ? undefined : '"changed" must be true';
  if (keys.length >= 1 && keys.every((k) => k === 'min' || k === 'max')) {
    for (const k of keys) if (typeof m[k] !== 'number' || !Number.isFinite(m[k])) return `"${k}" must be a number`;
    if (typeof m.min === 'number' && typeof m.max === 'number' && m.min > m.max) return '"min" is greater than "max"';
    return undefined;
  }
  return `unknown matcher ${JSON.stringify(keys)}: use {"pattern": "…"}, {"min": n, "max": n} or {"changed": true}`;
}

/** How a matcher reads in a message. */
export function describeMatcher(m: ValueMatcher, captures: ReadonlyMap<string, string> = new Map()): string {
  if (typeof m === 'string') return JSON.stringify(substitute(m, captures));
  if (typeof m !== 'object') return JSON.stringify(String(m));
  if ('pattern' in m) return `matching /${m.pattern}/`;
  if ('changed' in m) return 'a changed value';
  const r = m as { min?: number; max?: number };
  if (r.min !== undefined && r.max !== undefined) return `a number from ${r.min} to ${r.max}`;
  return r.min !== undefined ? `a number ≥ ${r.min}` : `a number ≤ ${r.max}`;
}

/**
 * Checks one reported value. `actual` undefined: the key is missing. `before`: the value before the step
 * (for "changed"). `captures`: values kept by earlier steps, for "${name}" in exact values.
 */
export function matchValue(m: ValueMatcher, actual: string | undefined, before: string | undefined, captures: ReadonlyMap<string, string> = new Map()): ValueMismatch | undefined {
  const expected = describeMatcher(m, captures);
  if (actual === undefined) return { expected, actual: 'no value (the key is not in the answer)' };
  const shown = JSON.stringify(actual);
  if (typeof m === 'string') return substitute(m, captures) === actual ? undefined : { expected, actual: shown };
  if (typeof m === 'boolean') return actual === String(m) || actual === (m ? '1' : '0') ? undefined : { expected, actual: shown };
  if (typeof m === 'number') return actual.trim() !== '' && Number(actual) === m ? undefined : { expected, actual: shown };
  if ('pattern' in m) return new RegExp(m.pattern, 'u').test(actual) ? undefined : { expected, actual: shown };
  if ('changed' in m) {
    if (before === undefined) return undefined;
    return actual !== before ? undefined : { expected: `a value other than ${JSON.stringify(before)}`, actual: shown };
  }
  const r = m as { min?: number; max?: number };
  const n = actual.trim() === '' ? NaN : Number(actual);
  if (Number.isNaN(n)) return { expected, actual: `${shown} (not a number)` };
  if ((r.min !== undefined && n < r.min) || (r.max !== undefined && n > r.max)) return { expected, actual: shown };
  return undefined;
}
