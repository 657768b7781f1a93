// Checks a step's expectations against what the device answered and what its datamodel holds. Pure: the
// runner reads the shadows and hands their contents here.
import { readOperationResult, type OperationResult } from '../resultReader';
import type { StepExpectations } from './testFile';
import type { StepFailure } from './testResult';
import { matchValue, type ValueMatcher } from './valueMatcher';

/** A datamodel shadow's values by key (`Device.0.Power Source Voltage.1` → "3300"); takes the whole document or its reported data. */
export function datamodelValues(reported: unknown): Map<string, string> {
  const data = typeof reported === 'object' && reported !== null && 'state' in reported
    ? (reported as { state?: { reported?: unknown } }).state?.reported : reported;
  // the datamodel has the shape of a read result's `result`: the result reader flattens it the same way
  return new Map((readOperationResult({ result: data ?? {} })?.values ?? []).map((v) => [v.key, v.value]));
}

/** The value at a key; a key that names a whole object, instance or multiple resource matches nothing. */
function lookup(values: ReadonlyMap<string, string>, key: string): string | undefined {
  return values.get(key.endsWith('.') ? key.slice(0, -1) : key);
}

export function checkValues(
  kind: 'values' | 'datamodel', matchers: Record<string, ValueMatcher>, values: ReadonlyMap<string, string>,
  before: ReadonlyMap<string, string>, captures: ReadonlyMap<string, string>, absent?: (key: string) => string | undefined,
): StepFailure[] {
  const out: StepFailure[] = [];
  for (const [key, m] of Object.entries(matchers)) {
    const actual = lookup(values, key);
    const miss = matchValue(m, actual, lookup(before, key), captures);
    const why = actual === undefined ? absent?.(key.endsWith('.') ? key.slice(0, -1) : key) : undefined;
    if (miss) out.push({ what: `${kind}["${key}"]`, ...miss, ...(why ? { actual: why } : {}) });
  }
  return out;
}

export function checkFailedKeys(expected: string[], result: OperationResult): StepFailure[] {
  const failed = result.failedKeys;
  const shown = JSON.stringify(failed);
  if (expected.length === 0) return failed.length ? [{ what: 'failedKeys', expected: 'no failed keys', actual: shown }] : [];
  const missing = expected.filter((k) => !failed.includes(k));
  return missing.length ? [{ what: 'failedKeys', expected: `failed keys including ${JSON.stringify(missing)}`, actual: shown }] : [];
}

/**
 * The answer's own expectations (values and failedKeys); datamodel, refusal and log are checked by waiting.
 * `result` is what this answer wrote (core's answer matcher); `notAnswered` are requested keys it left out.
 */
export function checkAnswer(
  expect: StepExpectations, result: OperationResult & { notAnswered?: string[] }, before: ReadonlyMap<string, string>, captures: ReadonlyMap<string, string>,
): StepFailure[] {
  const values = new Map(result.values.map((v) => [v.key, v.value]));
  const absent = (key: string) => (result.failedKeys.includes(key) ? 'no value (a failed key)'
    : result.notAnswered?.includes(key) ? 'not answered (the answer neither carries it nor lists it as failed)' : undefined);
  return [
    ...(expect.values ? checkValues('values', expect.values, values, before, captures, absent) : []),
    ...(expect.failedKeys ? checkFailedKeys(expect.failedKeys, result) : []),
  ];
}

/** Whether a log line is the integration's refusal (the Lambda prints `Error: …`) containing `text` (true: any). */
export function isRefusalLine(message: string, text: true | string): boolean {
  const line = message.trim();
  if (!line.startsWith('Error: ')) return false;
  return text === true || line.includes(text);
}
