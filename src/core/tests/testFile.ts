// A device check file (`*.lwm2m-test.json`) read from its text: the target, the ordered steps with their
// text ranges, and every problem with a range (the format's own rules here; the request of each step is
// checked by validateOperationDocument in testDocument.ts). Pure: the runner, the Testing view and the CLI
// read files through this one function.
import type * as jsonc from 'jsonc-parser';
import { printParseErrorCode } from 'jsonc-parser';
import type { Diagnostic, Range, Severity } from '../diagnostics';
import { documentModel, type DocumentModel, type JsonPath } from '../documentModel';
import { placeholdersIn } from './captures';
import { isValueMatcher, type ValueMatcher } from './valueMatcher';
import { isRecord } from '../jsonValue';
import { closest } from '../suggest';
import { checkPackageUri } from '../firmware/packageUri';

export const TEST_FILE_SUFFIX = '.lwm2m-test.json';
/** Seconds a step waits for the device's answer (or a refusal, a log line) unless the file says otherwise. */
export const DEFAULT_STEP_TIMEOUT_S = 30;

export interface TestTarget {
  /** A thing name. */
  thing?: string;
  /** A thing type: the first online thing of that type. */
  thingType?: string;
}

export interface DatamodelExpectation {
  /** Seconds the values may take to hold (observations, reboots, queue-mode devices); 0 = now. */
  within: number;
  values: Record<string, ValueMatcher>;
}

export interface StepExpectations {
  /** Values of the answer (`reported.result`), by key. */
  values?: Record<string, ValueMatcher>;
  /** `[]`: no key failed; otherwise each listed key must be among the failed ones. */
  failedKeys?: string[];
  datamodel?: DatamodelExpectation;
  /** The integration refuses the request on purpose: `true`, or text its `Error: …` log line contains. */
  refused?: true | string;
  /** Text a line of the integration's CloudWatch logs contains after the request. */
  log?: string;
  /** A firmware update step: the Update Result it ends with (default 1, success). */
  updateResult?: number;
  /** A firmware update step: the Firmware Version the device runs after it. */
  firmwareVersion?: ValueMatcher;
}

/** A firmware update step's package: a file (relative to the test file) the connection hosts, or a URL. */
export type FirmwarePackage = { file: string; timeoutSeconds?: number } | { url: string; timeoutSeconds?: number };

export interface TestStep {
  /** 0-based position in `steps`. */
  index: number;
  name: string;
  /** The whole step object in the text. */
  range: Range;
  /** The request object in the text (for its diagnostics). */
  requestRange?: Range;
  /** The operation request: the fields of the operation shadow's `desired`. */
  request?: Record<string, unknown>;
  /** Seconds to wait (a step that publishes nothing). */
  wait?: number;
  /** A firmware update (Object 5): the Package URI written, Update executed, followed until the device is back. */
  firmwareUpdate?: FirmwarePackage;
  /** Values of the answer (or the datamodel) to keep for later steps, as name → key. */
  capture?: Record<string, string>;
  expect: StepExpectations;
}

export interface TestFile {
  name?: string;
  target: TestTarget;
  /** Where the target's thing or thingType is written (for a `file:line:col` when it cannot be resolved). */
  targetRange?: Range;
  /** Seconds each step waits for its answer. */
  timeoutSeconds: number;
  steps: TestStep[];
}

export interface TestFileReading {
  /** Undefined when the text is not a test file at all (not JSON, no steps). */
  test?: TestFile;
  problems: Diagnostic[];
}

const NAME = /^[a-zA-Z0-9:_-]{1,128}$/;
const CAPTURE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const ROOT_FIELDS = ['$schema', 'name', 'target', 'timeoutSeconds', 'steps'];
const STEP_FIELDS = ['name', 'request', 'wait', 'firmwareUpdate', 'capture', 'expect'];
const EXPECT_FIELDS = ['values', 'failedKeys', 'datamodel', 'refused', 'log'];
const FIRMWARE_FIELDS = ['file', 'url', 'timeoutSeconds'];
const FIRMWARE_EXPECT_FIELDS = ['updateResult', 'firmwareVersion'];
/** Update Result values a device can end a firmware update with (0 initial … 11 deferred, LwM2M 1.1 object 5). */
const MAX_UPDATE_RESULT = 11;

class Problems {
  readonly list: Diagnostic[] = [];
  constructor(private readonly doc: DocumentModel) {}

  add(path: JsonPath, code: string, message: string, severity: Severity = 'error', at: 'value' | 'key' = 'value'): void {
    const node = at === 'key' ? this.doc.propertyNode(path)?.children?.[0] : this.doc.nearestNode(path);
    const range = node ? this.doc.lines.range(node.offset, node.offset + node.length) : { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
    this.list.push({ code, severity, message, range, path });
  }
}

function rangeOf(doc: DocumentModel, path: JsonPath): Range | undefined {
  const n = doc.node(path);
  return n ? doc.lines.range(n.offset, n.offset + n.length) : undefined;
}

/** A field the format does not have is an error: a misspelt "expects" would otherwise check nothing and pass. */
function unknownFields(v: Record<string, unknown>, allowed: string[], path: JsonPath, p: Problems, what: string): void {
  for (const k of Object.keys(v)) {
    if (allowed.includes(k)) continue;
    const guess = closest(k, allowed);
    const hint = guess ? `did you mean "${guess}"? ` : '';
    p.add([...path, k], 'test-unknown-field', `unknown field "${k}" in ${what}: ${hint}expected ${allowed.filter((a) => a !== '$schema').join(', ')}`, 'error', 'key');
  }
}

/** Every "${name}" in `v` must be captured by an earlier step (a step's own captures come after its checks). */
function knownPlaceholders(v: unknown, path: JsonPath, captured: ReadonlySet<string>, p: Problems): void {
  for (const ph of placeholdersIn(v)) {
    if (!captured.has(ph.name)) p.add([...path, ...ph.path], 'test-unknown-capture', `"\${${ph.name}}" is not captured by an earlier step: add "capture": {"${ph.name}": "<key>"} to one`);
  }
}

function positiveSeconds(v: unknown, path: JsonPath, p: Problems, field: string, allowZero = false): number | undefined {
  if (typeof v === 'number' && Number.isFinite(v) && (allowZero ? v >= 0 : v > 0) && v <= 3600) return v;
  p.add(path, 'test-wrong-type', `"${field}" must be a number of seconds ${allowZero ? '≥ 0' : '> 0'} and at most 3600`);
  return undefined;
}

function matchers(v: unknown, path: JsonPath, p: Problems): Record<string, ValueMatcher> | undefined {
  if (!isRecord(v)) {
    p.add(path, 'test-wrong-type', 'expected values must be an object of key → expected value, e.g. {"Device.0.Firmware Version": "2.4.1"}');
    return undefined;
  }
  const out: Record<string, ValueMatcher> = {};
  for (const [key, m] of Object.entries(v)) {
    const problem = isValueMatcher(m);
    if (problem) p.add([...path, key], 'test-matcher', problem);
    else out[key] = m as ValueMatcher;
  }
  return out;
}

/** A firmware update step's "expect": the Update Result it ends with and the Firmware Version after it. */
function readFirmwareExpect(v: unknown, path: JsonPath, p: Problems): StepExpectations {
  if (v === undefined) return {};
  if (!isRecord(v)) {
    p.add(path, 'test-wrong-type', '"expect" of a firmware update must be an object, e.g. {"updateResult": 1, "firmwareVersion": "1.4.3"}');
    return {};
  }
  unknownFields(v, FIRMWARE_EXPECT_FIELDS, path, p, '"expect" of a firmware update');
  const out: StepExpectations = {};
  if (v.updateResult !== undefined) {
    if (Number.isInteger(v.updateResult) && (v.updateResult as number) >= 0 && (v.updateResult as number) <= MAX_UPDATE_RESULT) out.updateResult = v.updateResult as number;
    else p.add([...path, 'updateResult'], 'test-wrong-type', `"updateResult" must be an Update Result from 0 to ${MAX_UPDATE_RESULT} (1 = success, 5 = integrity check failure, …)`);
  }
  if (v.firmwareVersion !== undefined) {
    const problem = isValueMatcher(v.firmwareVersion);
    if (problem) p.add([...path, 'firmwareVersion'], 'test-matcher', problem);
    else out.firmwareVersion = v.firmwareVersion as ValueMatcher;
  }
  return out;
}

/** A firmware update step's package: {"file": "build/app.bin"} or {"url": "coap://…"}, optionally its timeoutSeconds. */
function readFirmwarePackage(v: unknown, path: JsonPath, p: Problems): FirmwarePackage | undefined {
  const shape = '"firmwareUpdate" must be {"file": "<path relative to this file>"} or {"url": "<Package URI>"}';
  if (!isRecord(v)) {
    p.add(path, 'test-wrong-type', shape);
    return undefined;
  }
  unknownFields(v, FIRMWARE_FIELDS, path, p, '"firmwareUpdate"');
  const timeout = v.timeoutSeconds === undefined ? undefined : positiveSeconds(v.timeoutSeconds, [...path, 'timeoutSeconds'], p, 'timeoutSeconds');
  const extra = timeout !== undefined ? { timeoutSeconds: timeout } : {};
  if ((v.file === undefined) === (v.url === undefined)) {
    p.add(path, 'test-firmware', `${shape}: give one of the two`);
    return undefined;
  }
  if (v.file !== undefined) {
    if (typeof v.file === 'string' && v.file.trim() !== '') return { file: v.file, ...extra };
    p.add([...path, 'file'], 'test-wrong-type', '"file" must be the path of the firmware file, relative to the test file');
    return undefined;
  }
  if (typeof v.url !== 'string') {
    p.add([...path, 'url'], 'test-wrong-type', '"url" must be the URL the device downloads the firmware from');
    return undefined;
  }
  const problem = checkPackageUri(v.url);
  // a URI longer than the object's declared limit is the person's call (some devices take longer ones): a warning
  if (problem) p.add([...path, 'url'], 'test-firmware', problem.message, problem.code === 'too-long' ? 'warning' : 'error');
  return problem && problem.code !== 'too-long' ? undefined : { url: v.url, ...extra };
}

function readExpect(v: unknown, path: JsonPath, p: Problems): StepExpectations {
  if (v === undefined) return {};
  if (!isRecord(v)) {
    p.add(path, 'test-wrong-type', '"expect" must be an object, e.g. {"failedKeys": []}');
    return {};
  }
  unknownFields(v, EXPECT_FIELDS, path, p, '"expect"');
  const out: StepExpectations = {};
  if (v.values !== undefined) out.values = matchers(v.values, [...path, 'values'], p);
  if (v.failedKeys !== undefined) {
    if (Array.isArray(v.failedKeys) && v.failedKeys.every((k) => typeof k === 'string')) out.failedKeys = v.failedKeys as string[];
    else p.add([...path, 'failedKeys'], 'test-wrong-type', '"failedKeys" must be an array of keys ([] means no key may fail)');
  }
  if (v.datamodel !== undefined) {
    const dm = v.datamodel;
    if (!isRecord(dm) || dm.values === undefined) {
      p.add([...path, 'datamodel'], 'test-wrong-type', '"datamodel" must be an object like {"within": 10, "values": {"Temperature.0.Sensor Value": {"min": -40, "max": 85}}}');
    } else {
      unknownFields(dm, ['within', 'values'], [...path, 'datamodel'], p, '"datamodel"');
      const within = dm.within === undefined ? 0 : positiveSeconds(dm.within, [...path, 'datamodel', 'within'], p, 'within', true);
      const values = matchers(dm.values, [...path, 'datamodel', 'values'], p);
      if (within !== undefined && values) out.datamodel = { within, values };
    }
  }
  if (v.refused !== undefined) {
    if (v.refused === true || (typeof v.refused === 'string' && v.refused !== '')) out.refused = v.refused;
    else p.add([...path, 'refused'], 'test-wrong-type', '"refused" must be true or text the integration\'s "Error: …" log line contains');
  }
  if (v.log !== undefined) {
    if (typeof v.log === 'string' && v.log !== '') out.log = v.log;
    else p.add([...path, 'log'], 'test-wrong-type', '"log" must be text a line of the integration\'s logs contains');
  }
  if (out.refused !== undefined && (out.values || out.failedKeys || out.datamodel)) {
    p.add([...path, 'refused'], 'test-conflict', 'a refused request is never answered: expect "refused" alone (or with "log")');
  }
  return out;
}

function stepName(s: { request?: Record<string, unknown>; wait?: number; firmwareUpdate?: FirmwarePackage }, index: number): string {
  if (s.firmwareUpdate) return `${index + 1}. firmware update ${'file' in s.firmwareUpdate ? s.firmwareUpdate.file : s.firmwareUpdate.url}`;
  if (!s.request) return `${index + 1}. wait ${s.wait ?? 0} s`;
  const op = typeof s.request.operation === 'string' ? s.request.operation : 'request';
  const keys = Array.isArray(s.request.keys) ? s.request.keys.filter((k): k is string => typeof k === 'string') : [];
  const more = keys.length > 1 ? ` (+${keys.length - 1})` : '';
  return `${index + 1}. ${op}${keys.length ? ' ' + keys[0] : ''}${more}`;
}

/** Reads a test file text; every problem has a range, and the file is returned whenever it has steps. */
export function readTestFile(text: string): TestFileReading {
  const doc = documentModel(text);
  const p = new Problems(doc);
  for (const e of doc.syntaxErrors as jsonc.ParseError[]) {
    const r = doc.lines.range(e.offset, e.offset + Math.max(1, e.length));
    p.list.push({ code: 'json-syntax', severity: 'error', message: `JSON syntax: ${printParseErrorCode(e.error)}`, range: r, path: [] });
  }
  const root = doc.value;
  if (!isRecord(root)) {
    if (!p.list.length) p.add([], 'test-wrong-type', 'a test file is a JSON object with "target" and "steps"');
    return { problems: p.list };
  }
  unknownFields(root, ROOT_FIELDS, [], p, 'a test file');
  if (root.name !== undefined && typeof root.name !== 'string') p.add(['name'], 'test-wrong-type', '"name" must be a string');
  const target: TestTarget = {};
  if (root.target !== undefined) {
    const t = root.target;
    if (!isRecord(t)) p.add(['target'], 'test-wrong-type', '"target" must be {"thing": "<thing name>"} or {"thingType": "<thing type>"}');
    else {
      unknownFields(t, ['thing', 'thingType'], ['target'], p, '"target"');
      if (t.thing !== undefined && t.thingType !== undefined) p.add(['target'], 'test-target', 'name either "thing" or "thingType", not both');
      for (const f of ['thing', 'thingType'] as const) {
        if (t[f] === undefined) continue;
        if (typeof t[f] === 'string' && NAME.test(t[f] as string)) target[f] = t[f] as string;
        else p.add(['target', f], 'test-target', `"${f}" must be 1–128 characters of a–z, A–Z, 0–9, :, _ and -`);
      }
    }
  }
  const targetNode = target.thing !== undefined ? ['target', 'thing'] : target.thingType !== undefined ? ['target', 'thingType'] : root.target !== undefined ? ['target'] : undefined;
  const targetRange = targetNode ? rangeOf(doc, targetNode) : undefined;
  const timeoutSeconds = root.timeoutSeconds === undefined ? DEFAULT_STEP_TIMEOUT_S : positiveSeconds(root.timeoutSeconds, ['timeoutSeconds'], p, 'timeoutSeconds') ?? DEFAULT_STEP_TIMEOUT_S;
  if (!Array.isArray(root.steps) || root.steps.length === 0) {
    p.add(root.steps === undefined ? [] : ['steps'], 'test-no-steps', '"steps" must be a non-empty array of steps, e.g. [{"request": {"operation": "read", "keys": ["Device.0.Firmware Version"]}}]');
    return { problems: p.list };
  }
  const steps: TestStep[] = [];
  const captured = new Set<string>();
  root.steps.forEach((s: unknown, index: number) => {
    const path: JsonPath = ['steps', index];
    const range = rangeOf(doc, path) ?? { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
    if (!isRecord(s)) {
      p.add(path, 'test-wrong-type', 'a step must be an object with "request" (and "expect") or "wait"');
      return;
    }
    unknownFields(s, STEP_FIELDS, path, p, 'a step');
    const step: TestStep = { index, name: '', range, expect: {} };
    if (s.request !== undefined && s.wait !== undefined) p.add([...path, 'wait'], 'test-step-kind', 'a step either publishes a "request" or waits: make the wait its own step', 'error', 'key');
    if (s.firmwareUpdate !== undefined && (s.request !== undefined || s.wait !== undefined)) {
      p.add([...path, 'firmwareUpdate'], 'test-step-kind', 'a firmware update is a step of its own: move the "request" or "wait" to another step', 'error', 'key');
    }
    if (s.firmwareUpdate !== undefined) {
      const pkg = readFirmwarePackage(s.firmwareUpdate, [...path, 'firmwareUpdate'], p);
      if (pkg) step.firmwareUpdate = pkg;
      if (s.capture !== undefined) p.add([...path, 'capture'], 'test-step-kind', '"capture" belongs to a step with a "request"', 'error', 'key');
      step.expect = readFirmwareExpect(s.expect, [...path, 'expect'], p);
      if (isRecord(s.expect)) knownPlaceholders(s.expect, [...path, 'expect'], captured, p);
    } else if (s.request !== undefined) {
      if (isRecord(s.request)) {
        step.request = s.request;
        step.requestRange = rangeOf(doc, [...path, 'request']);
        knownPlaceholders(s.request, [...path, 'request'], captured, p);
      } else p.add([...path, 'request'], 'test-wrong-type', '"request" must be an operation request object, e.g. {"operation": "read", "keys": ["Device.0.Firmware Version"]}');
    } else if (s.wait !== undefined) {
      step.wait = positiveSeconds(s.wait, [...path, 'wait'], p, 'wait');
    } else p.add(path, 'test-step-kind', 'a step needs a "request" to publish, a "firmwareUpdate" or a "wait" in seconds');
    if (s.firmwareUpdate === undefined) {
      if (s.expect !== undefined && s.request === undefined) p.add([...path, 'expect'], 'test-step-kind', '"expect" belongs to a step with a "request" or a "firmwareUpdate"', 'error', 'key');
      step.expect = readExpect(s.expect, [...path, 'expect'], p);
      if (isRecord(s.expect)) knownPlaceholders(s.expect, [...path, 'expect'], captured, p);
    }
    if (s.capture !== undefined && s.firmwareUpdate === undefined) {
      if (!isRecord(s.capture) || s.request === undefined) p.add([...path, 'capture'], 'test-wrong-type', '"capture" must be an object of name → key, on a step with a "request", e.g. {"lifetime": "LwM2M Server.1.Lifetime"}');
      else {
        const cap: Record<string, string> = {};
        for (const [name, key] of Object.entries(s.capture)) {
          if (!CAPTURE_NAME.test(name)) p.add([...path, 'capture', name], 'test-capture', `capture names are letters, digits and _ (used as "\${${name}}")`, 'error', 'key');
          else if (typeof key !== 'string' || key === '') p.add([...path, 'capture', name], 'test-capture', 'a capture names the key whose value to keep, e.g. "LwM2M Server.1.Lifetime"');
          else cap[name] = key;
        }
        step.capture = cap;
        for (const name of Object.keys(cap)) captured.add(name);
      }
    }
    if (s.name !== undefined && typeof s.name !== 'string') p.add([...path, 'name'], 'test-wrong-type', '"name" must be a string');
    step.name = typeof s.name === 'string' && s.name.trim() ? `${index + 1}. ${s.name.trim()}` : stepName(step, index);
    steps.push(step);
  });
  const name = typeof root.name === 'string' ? root.name : undefined;
  return { test: { ...(name ? { name } : {}), target, ...(targetRange ? { targetRange } : {}), timeoutSeconds, steps }, problems: p.list };
}
