// "Save as Test…": a device check file made from a published request and the answer it got. The answer
// becomes the expectation, except values that obviously change between runs: times become "changed",
// measurements (floats, levels, signal strengths) a number pattern. Pure: the UI writes the text.
import { parseKey } from '../keys';
import type { Registry } from '../registry';
import type { OperationResult } from '../resultReader';
import type { ValueMatcher } from './valueMatcher';

export interface SavedAnswer {
  thing: string;
  request: Record<string, unknown>;
  result: OperationResult;
}

const MEASUREMENT = /level|free|strength|quality|voltage|current|value|temperature|humidity|pressure|latitude|longitude|altitude|speed|uptime|radius|signal|rsrp|rsrq|sinr|snr/i;
const NUMBER = /^-?\d+(\.\d+)?$/;

/** What a saved test expects of one answered value. */
export function matcherFor(key: string, value: string, registry: Registry): ValueMatcher {
  const res = parseKey(key, registry).resource;
  const type = res?.type;
  if (type === 'Time') return { changed: true };
  if (NUMBER.test(value) && (type === 'Float' || MEASUREMENT.test(res?.name ?? key))) {
    return { pattern: value.includes('.') ? '^-?\\d+(\\.\\d+)?$' : '^-?\\d+$' };
  }
  return value;
}

/** The text of a test file with one step: the request, and its answer as the expectation. */
export function savedTestText(a: SavedAnswer, registry: Registry): string {
  // `reported.result` is merged by the shadow service: it still holds keys earlier requests read
  const keys = Array.isArray(a.request.keys) ? a.request.keys.filter((k): k is string => typeof k === 'string').map((k) => k.replace(/\.$/, '')) : [];
  const everything = keys.length === 0 || keys.some((k) => ['all', '', '.', '/'].includes(k));
  const asked = (key: string) => everything || keys.some((k) => key === k || key.startsWith(k + '.'));
  const values: Record<string, ValueMatcher> = {};
  for (const v of a.result.values) if (asked(v.key)) values[v.key] = matcherFor(v.key, v.value, registry);
  const op = typeof a.request.operation === 'string' ? a.request.operation : 'request';
  const expect: Record<string, unknown> = { failedKeys: a.result.failedKeys };
  // writes and executes answer with what the shadow merged in: only reads' values say something
  if (op === 'read' || op === 'readComposite') expect.values = values;
  const file = {
    name: `${op} on ${a.thing}`,
    target: { thing: a.thing },
    steps: [{ request: a.request, expect }],
  };
  return JSON.stringify(file, null, 2) + '\n';
}
