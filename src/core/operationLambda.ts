// What the integration's Lwm2mOperation Lambda (Python 3.8, public source AVSystem/iot-examples,
// coiote-aws-iot-cloud-formation/lwm2mOperation/lambda_function.py) decides for one event, before it
// talks to Coiote DM: a refusal (its `Error: …` line and status), a crash (the exception the Python
// runtime logs, and where it was raised), or the task it schedules with its text parameters. Written from
// a reading of that function: the same order of checks, the same messages, the same Python semantics
// (keys mutated in place, str() of values, set() de-duplication). Pure: used by the sandbox's simulated
// Lambda and by the validator's verdicts.
import { OPERATION_NAMES } from './operations';
import {
  PyDict, PyError, pyCompareStr, pyContains, pyDistinct, pyEndsWith, pyIter, pyJoin, pyLen, pyRepr, pyStr, pyTypeName, type PyValue,
} from './pythonValue';

/** A traceback frame: line of lambda_function.py and the function it is in. */
export type TraceFrame = [line: number, fn: string];

export interface TaskParameter {
  name: 'keys' | 'values' | 'attributes' | 'arguments';
  value: PyValue;
}

export type LambdaDecision =
  | { kind: 'refused'; statusCode: 400 | 406; /** the printed line, `Error: …` */ line: string; body: string }
  | { kind: 'crash'; errorType: string; message: string; frames: TraceFrame[] }
  | { kind: 'task'; operation: string; templateName: string; parameters: TaskParameter[] };

/** Where the device lookup raises IndexError for a thing Coiote DM does not know. */
export const DEVICE_LOOKUP_FRAMES: TraceFrame[] = [[348, 'lambda_handler'], [93, 'get_device_db_id']];
export const LAMBDA_SOURCE_FILE = '/var/task/lambda_function.py';

const HANDLER = 'lambda_handler';
const PATHS = 'pathsOptimization';
const WHOLE_MODEL = ['all', '', '.', '/'];

class Crash {
  constructor(
    readonly error: PyError,
    readonly frames: TraceFrame[],
  ) {}
}

class Refusal {
  constructor(
    readonly statusCode: 400 | 406,
    readonly message: string,
  ) {}
}

type Stack = (line: number) => TraceFrame[];
const handlerAt: Stack = (line) => [[line, HANDLER]];

/** Runs `f` as the statement at `frames`: a Python exception escaping it is a crash there. */
function at<T>(frames: TraceFrame[], f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof PyError) throw new Crash(e, frames);
    throw e;
  }
}

/**
 * `for key in keys: if <test>: keys[i] = <new>`: a list is rewritten (on a copy: the event stays as it
 * came); a str cannot be assigned to; a dict gains a key and fails at the next step of its loop.
 */
function rewriteEach(keys: PyValue, stack: Stack, loopLine: number, testLine: number, assignLine: number, rewrite: (k: PyValue) => string | undefined): PyValue {
  const items = at(stack(loopLine), () => pyIter(keys));
  const copy = Array.isArray(keys) ? [...keys] : undefined;
  items.forEach((k, i) => {
    const next = at(stack(testLine), () => rewrite(k));
    if (next === undefined) return;
    if (copy) copy[i] = next;
    else if (typeof keys === 'string') throw new Crash(new PyError('TypeError', "'str' object does not support item assignment"), stack(assignLine));
    else throw new Crash(new PyError('RuntimeError', 'dictionary changed size during iteration'), stack(loopLine));
  });
  return copy ?? keys;
}

const withDot = (k: PyValue) => (pyEndsWith(k, '.') ? undefined : `${k as string}.`);
const withoutDot = (k: PyValue) => (pyEndsWith(k, '.') ? (k as string).slice(0, -1) : undefined);

/**
 * Sorted keys (all ending in '.') less every key that starts with an earlier one. In sorted order every key
 * between a kept key and one it swallows starts with it too, so only the last kept key can swallow: linear.
 */
function unswallowed(keys: string[]): string[] {
  const kept: string[] = [];
  for (const k of [...keys].sort(pyCompareStr)) if (!kept.length || !k.startsWith(kept[kept.length - 1])) kept.push(k);
  return kept;
}

/** The read / readComposite keys text: '' (the whole data model) or the sorted keys no other key swallows. */
function readKeysText(keys: PyValue, callLine: number): string {
  const stack: Stack = (line) => [[callLine, HANDLER], [line, PATHS]];
  if (at([...stack(106), [106, '<genexpr>']], () => WHOLE_MODEL.some((s) => pyContains(keys, s)))) return '';
  const dotted = rewriteEach(keys, stack, 110, 111, 112, withDot);
  const distinct = at(stack(114), () => pyDistinct(dotted)) as string[];
  return unswallowed(distinct).map((k) => k.slice(0, -1)).join(',');
}

function distinctKeysText(keys: PyValue, setLine: number): string {
  const distinct = at(handlerAt(setLine), () => pyDistinct(keys));
  return at(handlerAt(setLine + 1), () => pyJoin(',', distinct));
}

/** `len(keys) != len(set(keys))` */
function repeats(keys: PyValue, line: number): boolean {
  return at(handlerAt(line), () => pyLen(keys) !== pyDistinct(keys).length);
}

function requireList(event: PyDict, field: 'values' | 'attributes', keys: PyValue, operation: string, lenLine: number): PyValue {
  if (!event.entries.has(field)) throw new Refusal(400, `You must specify ${field} when ${operation} operation is used`);
  const v = event.entries.get(field)!;
  if (at(handlerAt(lenLine), () => pyLen(keys) !== pyLen(v))) throw new Refusal(400, `The number of keys must be equal to the number of ${field}`);
  return v;
}

function noAttribute(v: PyValue, name: string): PyError {
  return new PyError('AttributeError', `'${pyTypeName(v)}' object has no attribute '${name}'`);
}

function observe(event: PyDict, keys: PyValue): TaskParameter[] {
  const dotted = rewriteEach(keys, handlerAt, 188, 189, 190, withDot);
  if (repeats(dotted, 192)) throw new Refusal(400, 'keys must be unique for observe operation');
  const attributes = requireList(event, 'attributes', dotted, 'observe', 198);
  const byKey = new Map<string, PyValue>();
  const attrItems = pyIter(attributes);
  pyIter(dotted).forEach((k, i) => {
    if (i < attrItems.length) byKey.set(k as string, attrItems[i]);
  });
  if (typeof attributes === 'string') throw new Crash(noAttribute(attributes, 'clear'), handlerAt(208));
  if (!Array.isArray(dotted)) throw new Crash(noAttribute(dotted, 'sort'), handlerAt(209));
  const kept = unswallowed(dotted as string[]);
  if (!Array.isArray(attributes) && kept.length) throw new Crash(noAttribute(attributes, 'append'), handlerAt(227));
  const ordered: PyValue = Array.isArray(attributes) ? kept.map((k) => byKey.get(k)!) : new PyDict();
  return [
    { name: 'keys', value: kept.map((k) => k.slice(0, -1)).join(',') },
    { name: 'attributes', value: pyStr(ordered).replaceAll(' ', '') },
  ];
}

function writeAttributes(event: PyDict, keys: PyValue): TaskParameter[] {
  const dotted = rewriteEach(keys, handlerAt, 302, 303, 304, withDot);
  if (repeats(dotted, 306)) throw new Refusal(400, 'keys must be unique for writeAttributes operation');
  const attributes = requireList(event, 'attributes', dotted, 'writeAttributes', 311);
  // every key now ends in '.', which is cut off again
  const stripped = rewriteEach(dotted, handlerAt, 320, 320, 321, (k) => (k as string).slice(0, -1));
  return [
    { name: 'keys', value: at(handlerAt(324), () => pyJoin(',', stripped)) },
    { name: 'attributes', value: pyStr(attributes).replaceAll(' ', '').replaceAll('None', "''") },
  ];
}

function write(event: PyDict, keys: PyValue): TaskParameter[] {
  const plain = rewriteEach(keys, handlerAt, 143, 144, 145, withoutDot);
  if (repeats(plain, 148)) throw new Refusal(400, 'keys must be unique for write operation');
  const values = requireList(event, 'values', plain, 'write', 154);
  return [
    { name: 'keys', value: at(handlerAt(162), () => pyJoin(',', plain)) },
    { name: 'values', value: pyIter(values).map(pyStr).join(',') },
  ];
}

function execute(event: PyDict, keys: PyValue): TaskParameter[] {
  if (at(handlerAt(250), () => pyLen(keys)) !== 1) {
    throw new Refusal(400, 'Only one LwM2M path can be passed for execute operation - keys array must contain only one element');
  }
  const args = event.entries.has('arguments') ? event.entries.get('arguments')! : undefined;
  const line = args === undefined ? 258 : args !== null ? 267 : 274;
  const key = at(handlerAt(line), (): PyValue => {
    if (keys instanceof PyDict) throw new PyError('KeyError', '0');
    return pyIter(keys)[0];
  });
  const params: TaskParameter[] = [{ name: 'keys', value: key }];
  if (args !== undefined && args !== null) params.push({ name: 'arguments', value: args });
  return params;
}

const TEMPLATES: Record<(typeof OPERATION_NAMES)[number], string> = {
  read: 'AWSreadCertAuth',
  write: 'AWSwriteCertAuth',
  execute: 'AWSexecuteCertAuth',
  observe: 'AWSobserveCertAuth',
  cancelObserve: 'AWScancelObserveCertAuth',
  writeAttributes: 'AWSwriteAttributesCertAuth',
  readComposite: 'AWSreadCompositeCertAuth',
  observeComposite: 'AWSobserveCompositeCertAuth',
  cancelObserveComposite: 'AWScancelObserveCompositeCertAuth',
};

function parameters(event: PyDict, operation: string, keys: PyValue): TaskParameter[] | undefined {
  switch (operation) {
    case 'write':
      return write(event, keys);
    case 'read':
      return [{ name: 'keys', value: readKeysText(keys, 171) }];
    case 'readComposite':
      return [{ name: 'keys', value: readKeysText(keys, 179) }];
    case 'observe':
      return observe(event, keys);
    case 'observeComposite':
      return [{ name: 'keys', value: distinctKeysText(keys, 241) }];
    case 'execute':
      return execute(event, keys);
    case 'cancelObserve':
      return [{ name: 'keys', value: at(handlerAt(279), () => pyContains(keys, 'all')) ? 'all' : distinctKeysText(keys, 282) }];
    case 'cancelObserveComposite':
      return [{ name: 'keys', value: distinctKeysText(keys, 292) }];
    case 'writeAttributes':
      return writeAttributes(event, keys);
    default:
      return undefined;
  }
}

/** json.dumps of a str (ensure_ascii: everything past ASCII as \uXXXX). */
function jsonDumpsStr(s: string): string {
  return JSON.stringify(s).replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

function refused(r: Refusal): LambdaDecision {
  return { kind: 'refused', statusCode: r.statusCode, line: `Error: ${r.message}`, body: `{"error": ${jsonDumpsStr(r.message)}}` };
}

/**
 * The Lambda's decision for an event as the OperationRequest rule builds it: a dict with `thingName` and
 * those of operation, keys, values, attributes, arguments the accepted update carried (null kept).
 */
export function decideOperation(event: PyDict): LambdaDecision {
  const e = event.entries;
  try {
    if (!e.has('keys')) throw new Refusal(400, 'keys must be specified');
    if (!e.has('operation')) throw new Refusal(400, 'operation must be specified');
    const operation = e.get('operation')!;
    const op = typeof operation === 'string' ? operation : '';
    const params = parameters(event, op, e.get('keys')!);
    if (!params) throw new Refusal(406, `operation ${pyStr(operation)} is not implemented for AWS-CoioteDM integration`);
    return { kind: 'task', operation: op, templateName: TEMPLATES[op as keyof typeof TEMPLATES], parameters: params };
  } catch (err) {
    if (err instanceof Refusal) return refused(err);
    if (err instanceof Crash) return { kind: 'crash', errorType: err.error.type, message: err.error.message, frames: err.frames };
    throw err;
  }
}

/** The `[ERROR] <type>: <message>` head line the Python runtime logs for a crash. */
export function crashHeadline(d: { errorType: string; message: string }): string {
  return `[ERROR] ${d.errorType}${d.message ? `: ${d.message}` : ''}`;
}

/** A parameter's value as Coiote's task shows it: text stays text, anything else is its JSON. */
export function parameterText(v: PyValue): string {
  return typeof v === 'string' ? v : pyRepr(v);
}

/** The fields the OperationRequest rule selects from `state.desired` (undefined ones are left out). */
export const RULE_FIELDS = ['operation', 'keys', 'values', 'attributes', 'arguments'] as const;

/**
 * The event the OperationRequest rule hands the Lambda for an accepted update's `state.desired`, or
 * undefined when the rule does not fire (no `operation` in the update; `operation: null` still fires).
 */
export function operationRequestEvent(desired: PyValue | undefined, thingName: string): PyDict | undefined {
  if (!(desired instanceof PyDict) || !desired.entries.has('operation')) return undefined;
  const event = new PyDict();
  for (const f of RULE_FIELDS) if (desired.entries.has(f)) event.entries.set(f, desired.entries.get(f)!);
  event.entries.set('thingName', thingName);
  return event;
}
