// Validation of an operation document: JSON syntax (tolerant parser, exact ranges), structure (the
// precompiled JSON schema), then the integration's and LwM2M's rules against the registry and, when given,
// the thing's datamodel. Rules work on the parsed value; text ranges are looked up only for what is found,
// so a clean document costs little more than JSON.parse plus the schema check.
import type * as jsonc from 'jsonc-parser';
import { printParseErrorCode } from 'jsonc-parser';
import { ATTRIBUTE_NAMES, ATTRIBUTE_OPERATIONS, ATTRIBUTE_RULES } from './attributes';
import { indexDatamodel, type DatamodelIndex } from './datamodelIndex';
import { lambdaVerdict } from './lambdaVerdict';
import type { Diagnostic, DiagnosticFix, Severity } from './diagnostics';
import { cachedDocumentModel, DocumentModel, requestPath, type JsonPath } from './documentModel';
import { parseKey, type ParsedKey } from './keys';
import { FORWARDED_FIELDS, OPERATION_NAMES, OPERATION_RULES, isOperationName, normaliseKey, type OperationRule } from './operations';
import { validate as schemaValidate } from './operationSchemaValidator';
import { BOM_FINDING, checkJsonText, MAX_DOCUMENT_BYTES, MAX_PARSE_DEPTH, oversizedBytes, utf8Length, type TextFinding } from './jsonTextChecks';
import { loadRegistry, type Registry } from './registry';
import { closest } from './suggest';
import { checkValue, describeType, pythonText } from './valueTypes';
import { isRecord } from './jsonValue';

export interface ValidateOptions {
  registry?: Registry;
  /** the thing's datamodel shadow: whole document, `{reported}` or the reported data */
  datamodel?: unknown;
}

/** AWS IoT shadow limits. */
export const SHADOW_MAX_BYTES = 8192;
export const SHADOW_MAX_DEPTH = 6;

interface AjvError { instancePath: string; keyword: string; params: Record<string, unknown>; message?: string }
const schemaCheck = schemaValidate as unknown as { (data: unknown): boolean; errors?: AjvError[] | null };

/** Where a finding points: the value at `path`, its property name, or characters inside a string value. */
type Target = { kind: 'value' } | { kind: 'key' } | { kind: 'anchor' } | { kind: 'span'; start: number; end: number };

interface Finding { code: string; severity: Severity; message: string; path: JsonPath; target: Target; fix?: DiagnosticFix }

/** Whether nesting below `v` exceeds `limit` levels (a scalar is 0, `{}` is 1); no allocation. */
function tooDeep(v: unknown, limit: number): boolean {
  if (typeof v !== 'object' || v === null) return false;
  if (limit <= 0) return true;
  if (Array.isArray(v)) {
    for (const x of v) if (tooDeep(x, limit - 1)) return true;
  } else {
    for (const k in v) if (tooDeep((v as Record<string, unknown>)[k], limit - 1)) return true;
  }
  return false;
}

/** The path to the first node nested deeper than `limit` levels, or undefined. */
function deepest(v: unknown, path: JsonPath, depth: number, limit: number): JsonPath | undefined {
  if (!tooDeep(v, limit - depth)) return undefined;
  if (typeof v !== 'object' || v === null) return undefined;
  if (depth + 1 > limit) return path;
  const entries: [string | number, unknown][] = Array.isArray(v) ? v.map((x, i) => [i, x]) : Object.entries(v);
  for (const [k, x] of entries) {
    const p = deepest(x, [...path, k], depth + 1, limit);
    if (p) return p;
  }
  return undefined;
}

/**
 * The bytes AWS counts for desired + reported. The document text is an upper bound of the stored JSON (AWS
 * keeps what was sent, less insignificant whitespace), so only a text over the limit is measured exactly.
 */
function shadowBytes(text: string, req: unknown, reported: unknown): number {
  const textBytes = typeof Buffer !== 'undefined' ? Buffer.byteLength(text, 'utf8') : utf8Length(text);
  if (textBytes <= SHADOW_MAX_BYTES) return textBytes;
  return utf8Length(JSON.stringify(req)) + (reported !== undefined ? utf8Length(JSON.stringify(reported)) : 0);
}

function pointerToPath(pointer: string, root: unknown): JsonPath {
  if (!pointer) return [];
  const out: JsonPath = [];
  let cur: unknown = root;
  for (const raw of pointer.slice(1).split('/')) {
    const seg = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(cur)) {
      out.push(Number(seg));
      cur = cur[Number(seg)];
    } else {
      out.push(seg);
      cur = isRecord(cur) ? cur[seg] : undefined;
    }
  }
  return out;
}

const fieldName = (path: JsonPath) => (path.length ? String(path[path.length - 1]) : 'the document');

function schemaFindings(value: unknown, reqPath: JsonPath | undefined): Finding[] {
  if (schemaCheck(value)) return [];
  const out: Finding[] = [];
  const seen = new Set<string>();
  for (const e of schemaCheck.errors ?? []) {
    const path = pointerToPath(e.instancePath, value);
    const last = path[path.length - 1];
    const inAttributes = path.length >= 2 && path[path.length - 3] === 'attributes' && typeof path[path.length - 2] === 'number';
    let f: Finding | undefined;
    switch (e.keyword) {
      case 'required': {
        const missing = String(e.params.missingProperty);
        const code = `missing-${missing}`;
        if (missing === 'state') continue;
        const msg: Record<string, string> = {
          operation: 'no "operation": the integration ignores a request without one; add e.g. "operation": "read"',
          keys: 'no "keys": every operation needs a list of keys, e.g. "keys": ["Device.0.Manufacturer"]',
          values: 'write needs "values": one value per key, in the same order as "keys"',
          attributes: 'this operation needs "attributes": one object per key, e.g. {"pmin": 10, "pmax": 60} or {}',
        };
        f = { code, severity: 'error', message: msg[missing] ?? `"${missing}" is required`, path, target: { kind: 'anchor' } };
        break;
      }
      case 'enum':
        if (last === 'operation' && path.length === (reqPath?.length ?? 0) + 1) {
          const op = JSON.stringify(getAt(value, path));
          const guess = typeof getAt(value, path) === 'string' ? closest(String(getAt(value, path)), OPERATION_NAMES) : undefined;
          f = {
            code: 'unknown-operation', severity: 'error', path, target: { kind: 'value' },
            message: `unknown operation ${op}` + (guess ? `; did you mean "${guess}"? (names are case-sensitive)` : `; use one of ${OPERATION_NAMES.join(', ')}`),
            ...(guess ? { fix: { kind: 'replace-value', value: guess } } : {}),
          };
        } else if (inAttributes) {
          f = { code: 'attribute-value', severity: 'error', path, target: { kind: 'value' }, message: `${String(last)} must be 1 (confirmable), 0, or "" / null to clear, not ${JSON.stringify(getAt(value, path))}` };
        }
        break;
      case 'type':
      case 'minimum':
        if (inAttributes) {
          const rule = ATTRIBUTE_RULES[String(last)];
          f = { code: 'attribute-value', severity: 'error', path, target: { kind: 'value' },
            message: `${String(last)} must be ${rule?.kind === 'seconds' ? 'a whole number of seconds ≥ 0' : 'a number'} (or null to clear), not ${JSON.stringify(getAt(value, path))}` };
        } else if (e.keyword === 'type') {
          const want = String(e.params.type).replace(',', ' or ');
          const name = fieldName(path);
          f = {
            code: 'wrong-type', severity: 'error', path, target: { kind: 'value' },
            message: name === 'keys' ? '"keys" must be an array of strings, e.g. ["Device.0.Manufacturer"]'
              : path.length && path[path.length - 2] === 'keys' ? `each key must be a string, e.g. "Device.0.Manufacturer"`
                : path.length && path[path.length - 2] === 'values' ? `a value must be a string, number or boolean, not ${Array.isArray(getAt(value, path)) ? 'an array' : 'an object'}`
                  : path.length && path[path.length - 2] === 'attributes' ? 'each attributes entry must be an object, e.g. {"pmin": 10} or {}'
                    : name === 'desired' || path.length === 0 ? 'the request must be a JSON object with "operation" and "keys"'
                      : `"${name}" must be ${want === 'object' ? 'an object' : want === 'array' ? 'an array' : `a ${want}`}`,
          };
        }
        break;
      case 'minItems':
        if (last === 'keys') f = { code: 'missing-keys', severity: 'error', path, target: { kind: 'value' }, message: '"keys" is empty: name at least one key, e.g. "Device.0.Manufacturer"' };
        break;
      case 'maxItems':
        if (last === 'keys') {
          const n = (getAt(value, path) as unknown[]).length;
          f = { code: 'execute-single-key', severity: 'error', path, target: { kind: 'value' }, message: `execute takes exactly one key, not ${n}: publish one execute request per resource` };
        }
        break;
      case 'additionalProperties': {
        const name = String(e.params.additionalProperty);
        const guess = closest(name, ATTRIBUTE_NAMES);
        const taken = guess !== undefined && isRecord(getAt(value, path)) && guess in (getAt(value, path) as Record<string, unknown>);
        f = {
          code: 'unknown-attribute', severity: 'error', path: [...path, name], target: { kind: 'key' },
          message: `unknown attribute "${name}"` + (guess ? `; did you mean "${guess}"?` : `; attributes are ${ATTRIBUTE_NAMES.join(', ')}`),
          ...(guess && !taken ? { fix: { kind: 'rename-property', name: guess } } : {}),
        };
        break;
      }
      default:
        break;
    }
    if (!f) continue;
    const id = `${f.code}\u0000${f.path.join('\u0000')}`;
    if (seen.has(id)) continue;
    seen.add(id);
    out.push(f);
  }
  return out;
}

function getAt(v: unknown, path: JsonPath): unknown {
  let cur = v;
  for (const p of path) {
    if (Array.isArray(cur) && typeof p === 'number') cur = cur[p];
    else if (isRecord(cur)) cur = cur[String(p)];
    else return undefined;
  }
  return cur;
}

const PERMISSION_NAMES: Record<string, string> = { R: 'R (read)', W: 'W (write)', E: 'E (execute)' };

type KeyFinding = Omit<Finding, 'path'>;
const NO_DATAMODEL = {};
type KeyAnalysis = { parsed: ParsedKey; findings: KeyFinding[]; stamp?: number };
let docStamp = 0;
type KeyMemo = Map<string, KeyAnalysis> & { prevKeys?: unknown[]; prevAnalyses?: (KeyAnalysis | undefined)[] };
const keyMemo = new WeakMap<Registry, WeakMap<object, Map<string, KeyMemo>>>();

/** The memo of key analyses for one registry, datamodel and operation (keys repeat as the user types). */
function keyMemoFor(registry: Registry, datamodel: unknown, opName: string | undefined): KeyMemo {
  const dmKey = typeof datamodel === 'object' && datamodel !== null ? datamodel : NO_DATAMODEL;
  let byDm = keyMemo.get(registry);
  if (!byDm) keyMemo.set(registry, (byDm = new WeakMap()));
  let byOp = byDm.get(dmKey);
  if (!byOp) byDm.set(dmKey, (byOp = new Map()));
  const op = opName ?? '';
  let byKey = byOp.get(op);
  if (!byKey) byOp.set(op, (byKey = new Map() as KeyMemo));
  if (byKey.size > 20_000) byKey.clear();
  return byKey;
}

function keyFindings(keys: unknown[], rule: OperationRule | undefined, opName: string | undefined, keysPath: JsonPath, registry: Registry, datamodel: unknown, dm: DatamodelIndex | undefined): { parsed: (ParsedKey | undefined)[]; findings: Finding[]; mayRepeat: boolean } {
  const out: Finding[] = [];
  const parsed: (ParsedKey | undefined)[] = [];
  const memo = keyMemoFor(registry, datamodel, opName);
  // equal keys share one memoised analysis: seeing it twice in this document means a repeat
  const stamp = ++docStamp;
  let mayRepeat = false;
  // the previous document's keys, by position: most edits leave most keys as they were (no hashing needed)
  const prevKeys = memo.prevKeys ?? [];
  const prevAnalyses = memo.prevAnalyses ?? [];
  const analyses: (KeyAnalysis | undefined)[] = [];
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i];
    if (typeof key !== 'string') { parsed.push(undefined); analyses.push(undefined); continue; }
    let r = prevKeys[i] === key ? prevAnalyses[i] : undefined;
    if (!r) {
      r = memo.get(key);
      if (!r) memo.set(key, (r = analyseKeyUncached(key, rule, opName, registry, datamodel, dm)));
    }
    analyses.push(r);
    if (r.stamp === stamp || r.parsed.trailingDot) mayRepeat = true;
    r.stamp = stamp;
    parsed.push(r.parsed);
    for (const f of r.findings) out.push({ ...f, path: [...keysPath, i] });
  }
  memo.prevKeys = keys;
  memo.prevAnalyses = analyses;
  return { parsed, findings: out, mayRepeat };
}

function analyseKeyUncached(key: string, rule: OperationRule | undefined, opName: string | undefined, registry: Registry, datamodel: unknown, dm: DatamodelIndex | undefined): { parsed: ParsedKey; findings: KeyFinding[] } {
  const out: KeyFinding[] = [];
  const dmHasObjects = !!dm && dm.objects.size > 0;
  const span = (start: number, end: number): Target => ({ kind: 'span', start, end });
  const comma = key.indexOf(',');
  if (comma >= 0) {
    out.push({ code: 'comma-in-value', severity: 'error', target: span(comma, comma + 1),
      message: `the key contains a comma: the Lambda joins keys with commas, so Coiote receives "${key.slice(0, comma)}" and "${key.slice(comma + 1)}" as two keys` });
  }
  const k = parseKey(key, registry, datamodel);
  const done = () => ({ parsed: k, findings: out });
  for (const e of k.errors) {
    out.push({ code: e.code, severity: e.severity, message: e.message, target: span(e.start, e.end), ...(e.suggestion !== undefined ? { fix: { kind: 'replace-value', value: e.suggestion } } : {}) });
  }
  if (k.special !== undefined) {
    if (rule && !rule.specialKeys.includes(k.special)) {
      const what = k.special === '' ? 'an empty key' : `"${k.special}"`;
      out.push({ code: 'key-syntax', severity: 'error', target: { kind: 'value' },
        message: `${what} is not a key for ${opName}: "all", "", "." and "/" mean the whole data model only for read and readComposite ("all" also for cancelObserve); name a key like "Device.0.Manufacturer"` });
    }
    return done();
  }
  if (k.errors.some((e) => e.code === 'key-syntax')) return done();
  const objPart = k.parts.find((p) => p.kind === 'object');
  const instPart = k.parts.find((p) => p.kind === 'instance');
  const resPart = k.parts.find((p) => p.kind === 'resource');
  // a single-instance object has only instance 0
  if (k.object && !k.object.multiple && k.instance !== undefined && k.instance !== '0' && instPart) {
    out.push({ code: 'single-instance', severity: 'error', target: span(instPart.start, instPart.end),
      fix: { kind: 'replace-value', value: key.slice(0, instPart.start) + '0' + key.slice(instPart.end) },
      message: `"${k.object.name}" (object ${k.object.id}) is single-instance: its only instance is 0, e.g. "${k.object.name}.0${k.resourceName ? '.' + k.resourceName : ''}"` });
  }
  // operations that need a resource key
  if (rule?.resourceKeys && (k.level === 'object' || k.level === 'instance')) {
    const code = rule.needs === 'E' ? 'not-executable' : 'not-writable';
    const example = k.object?.resources.find((r) => r.operations.includes(rule.needs ?? 'W'));
    out.push({ code, severity: 'error', target: { kind: 'value' },
      message: `${opName} needs a resource key, not a whole ${k.level}` + (example ? `, e.g. "${k.objectName}.${k.instance ?? 0}.${example.name}"` : '') });
  }
  // permissions
  const res = k.resource;
  if (res && rule?.needs && resPart) {
    const ops = res.operations;
    const ok = ops.includes(rule.needs);
    if (!ok) {
      const code = rule.needs === 'R' ? 'not-readable' : rule.needs === 'W' ? 'not-writable' : 'not-executable';
      const has = ops ? `allows only ${ops.split('').map((c) => PERMISSION_NAMES[c] ?? c).join(' and ')}` : 'allows no operation';
      const alt = ops.includes('E') ? '; use "operation": "execute"' : ops.includes('W') && rule.needs === 'R' ? '; it can only be written' : ops.includes('R') && rule.needs !== 'R' ? '; it can only be read or observed' : '';
      out.push({ code, severity: 'error', target: span(resPart.start, resPart.end),
        message: `${opName} needs ${PERMISSION_NAMES[rule.needs]}, but "${res.name}" (${k.path ?? `resource ${res.id}`}) ${has}${alt}` });
    }
  }
  // resource instances only on multiple resources
  const riPart = k.parts.find((p) => p.kind === 'resourceInstance');
  if (res && !res.multiple && riPart) {
    out.push({ code: 'key-syntax', severity: 'error', target: span(riPart.start - 1, riPart.end),
      fix: { kind: 'replace-value', value: key.slice(0, riPart.start - 1) + key.slice(riPart.end) },
      message: `"${res.name}" is a single-instance resource: it has no resource instance ${riPart.text}; use "${k.objectName}.${k.instance}.${res.name}"` });
  }
  // the thing's datamodel
  if (dmHasObjects && objPart && k.objectName !== undefined) {
    const insts = dm!.objects.get(k.objectName);
    if (!insts) {
      out.push({ code: 'instance-not-in-datamodel', severity: 'warning', target: span(objPart.start, objPart.end),
        message: `the thing's datamodel has no object "${k.objectName}": the device may not implement it (objects it has: ${[...dm!.objects.keys()].slice(0, 8).join(', ')})` });
    } else if (k.instance !== undefined && instPart && !insts.has(k.instance)) {
      out.push({ code: 'instance-not-in-datamodel', severity: 'warning', target: span(instPart.start, instPart.end),
        message: `the thing's datamodel has no instance ${k.instance} of "${k.objectName}" (instances: ${[...insts.keys()].join(', ') || 'none'})` });
    }
  }
  return done();
}

const SET_KEY_OPERATIONS = ['cancelObserve', 'observeComposite', 'cancelObserveComposite'];

function duplicateFindings(keys: unknown[], rule: OperationRule, opName: string, keysPath: JsonPath): Finding[] {
  const out: Finding[] = [];
  // cancelObserve and the composite operations pass keys through a set as written: "X" and "X." are two keys
  const asWritten = SET_KEY_OPERATIONS.includes(opName);
  const strs = keys.map((k) => (typeof k !== 'string' ? undefined : asWritten ? k : normaliseKey(k)));
  if (asWritten) {
    keys.forEach((k, i) => {
      if (typeof k === 'string' && k.length > 1 && k.endsWith('.') && !rule.specialKeys.includes(k)) {
        out.push({ code: 'duplicate-key', severity: 'warning', path: [...keysPath, i], target: { kind: 'value' }, fix: { kind: 'replace-value', value: k.slice(0, -1) },
          message: `"${k}" reaches Coiote with its trailing "." (the Lambda strips it only for write, read, observe and writeAttributes), as a key other than "${k.slice(0, -1)}"` });
      }
    });
  }
  const firstIndex = new Map<string, number>();
  strs.forEach((k, i) => {
    if (k === undefined) return;
    const prev = firstIndex.get(k);
    if (prev === undefined) { firstIndex.set(k, i); return; }
    if (rule.duplicates === 'error') {
      out.push({ code: 'duplicate-key', severity: 'error', path: [...keysPath, i], target: { kind: 'value' },
        message: `key "${k}" repeats key ${prev + 1} (trailing "." ignored): the Lambda refuses duplicate keys for ${opName}` });
    } else {
      out.push({ code: 'duplicate-key', severity: 'warning', path: [...keysPath, i], target: { kind: 'value' },
        message: `key "${k}" repeats key ${prev + 1}: ${rule.duplicates === 'dropped' ? 'the Lambda drops the duplicate' : 'it is sent twice'}` });
    }
  });
  if (rule.prefixSwallows || rule.name === 'cancelObserve') {
    const all = strs.findIndex((k) => k !== undefined && rule.specialKeys.includes(k));
    strs.forEach((k, i) => {
      if (k === undefined || firstIndex.get(k) !== i) return;
      if (all >= 0 && i !== all && !rule.specialKeys.includes(k)) {
        out.push({ code: 'duplicate-key', severity: 'warning', path: [...keysPath, i], target: { kind: 'value' },
          message: `"${keys[all] as string}" already covers everything, so "${k}" adds nothing` });
        return;
      }
      if (!rule.prefixSwallows) return;
      // the first key that names a whole ancestor of k: look up each of k's proper prefixes at a '.' (linear)
      let cover = -1;
      for (let dot = k.indexOf('.'); dot >= 0; dot = k.indexOf('.', dot + 1)) {
        const o = k.slice(0, dot);
        const j = firstIndex.get(o);
        if (j !== undefined && j !== i && !rule.specialKeys.includes(o) && (cover < 0 || j < cover)) cover = j;
      }
      if (cover >= 0) {
        out.push({ code: 'duplicate-key', severity: 'warning', path: [...keysPath, i], target: { kind: 'value' },
          message: `"${k}" is inside "${strs[cover]}", which already ${opName === 'observe' ? 'observes' : 'reads'} it: the Lambda drops it` });
      }
    });
  }
  return out;
}

/** A number written with a decimal point or an exponent somewhere in the text (then raw number texts are looked up). */
const FLOAT_LITERAL = /\d\.\d|\d[eE][-+]?\d/;
const INTEGER_TYPES: readonly string[] = ['Integer', 'Unsigned Integer', 'Time'];

/**
 * JSON `1.0` or `1e2` parse to the integer 1 or 100, but the Lambda's Python str() sends the float text
 * "1.0" / "100.0": for an integer resource that is not an integer any more.
 */
function floatLiteralFinding(v: unknown, raw: string | undefined, resType: string): Omit<Finding, 'path'> | undefined {
  if (typeof v !== 'number' || !Number.isInteger(v) || !INTEGER_TYPES.includes(resType) || !raw || !/[.eE]/.test(raw)) return undefined;
  const sent = Math.abs(v) < 1e16 ? `${v}.0` : raw;
  return { code: 'value-type', severity: 'error', target: { kind: 'value' }, fix: { kind: 'replace-value', value: v },
    message: `${raw} reaches Coiote as "${sent}" (the Lambda sends Python str() of a float), which is not an integer: write ${v}` };
}

function valueFindings(values: unknown[], parsed: (ParsedKey | undefined)[], valuesPath: JsonPath, rawText: (i: number) => string | undefined): Finding[] {
  const out: Finding[] = [];
  values.forEach((v, i) => {
    const res = parsed[i]?.resource;
    // null is what a quick fix leaves to fill in: never sent (it would reach Coiote as the text "None").
    if (v === null) {
      const key = parsed[i]?.key ?? `key ${i + 1}`;
      out.push({ code: 'python-literal', severity: 'error', path: [...valuesPath, i], target: { kind: 'value' },
        message: `replace null with ${res ? describeType(res.type) : 'a value'} for ${key} (null reaches Coiote as the text "None")` });
      return;
    }
    if (res) {
      const float = floatLiteralFinding(v, typeof v === 'number' ? rawText(i) : undefined, res.type);
      if (float) { out.push({ ...float, path: [...valuesPath, i] }); return; }
      const problems = checkValue(v, res);
      if (problems.length === 0) return;
      const path = [...valuesPath, i];
      for (const p of problems) {
        let target: Target = { kind: 'value' };
        if (p.code === 'comma-in-value' && typeof v === 'string') { const c = v.indexOf(','); target = { kind: 'span', start: c, end: c + 1 }; }
        // JSON true / false for a Boolean or String resource: the text "true" / "false" is what was meant
        const fix: DiagnosticFix | undefined = p.code === 'python-literal' && typeof v === 'boolean' ? { kind: 'replace-value', value: String(v) } : undefined;
        out.push({ code: p.code, severity: p.severity, message: p.message, path, target, ...(fix ? { fix } : {}) });
      }
      return;
    }
    const path = [...valuesPath, i];
    if (typeof v === 'boolean') {
      out.push({ code: 'python-literal', severity: 'warning', path, target: { kind: 'value' }, fix: { kind: 'replace-value', value: String(v) },
        message: `JSON ${String(v)} reaches Coiote as the text "${pythonText(v)}" (the Lambda uses Python str()); write "${String(v)}" to send it as written` });
    } else if (typeof v === 'string' && v.includes(',')) {
      const c = v.indexOf(',');
      out.push({ code: 'comma-in-value', severity: 'error', path, target: { kind: 'span', start: c, end: c + 1 },
        message: 'the value contains a comma: the Lambda joins values with commas, so Coiote receives it as two values' });
    }
  });
  return out;
}

function attributeFindings(attrs: unknown[], parsed: (ParsedKey | undefined)[], attrsPath: JsonPath): Finding[] {
  const out: Finding[] = [];
  attrs.forEach((a, i) => {
    if (!isRecord(a)) return;
    const path = [...attrsPath, i];
    const num = (n: string) => (typeof a[n] === 'number' ? (a[n] as number) : undefined);
    const pair = (lo: string, hi: string, why: string) => {
      const l = num(lo), h = num(hi);
      if (l !== undefined && h !== undefined && l > h) {
        out.push({ code: 'attribute-value', severity: 'warning', path: [...path, lo], target: { kind: 'value' }, message: `${lo} (${l}) is greater than ${hi} (${h}): ${why}` });
      }
    };
    pair('pmin', 'pmax', 'the device cannot honour both periods');
    pair('epmin', 'epmax', 'the evaluation periods contradict each other');
    const lt = num('lt'), gt = num('gt'), st = num('st') ?? 0;
    if (lt !== undefined && gt !== undefined && !(lt + 2 * st < gt)) {
      out.push({ code: 'attribute-value', severity: 'warning', path: [...path, 'lt'], target: { kind: 'value' }, message: `LwM2M requires lt + 2 × st < gt (here ${lt} + 2 × ${st} ≥ ${gt})` });
    }
    if (typeof st === 'number' && st < 0) {
      out.push({ code: 'attribute-value', severity: 'error', path: [...path, 'st'], target: { kind: 'value' }, message: 'st (step) must not be negative' });
    }
    const res = parsed[i]?.resource;
    if (res && res.type !== 'Integer' && res.type !== 'Float' && res.type !== 'Unsigned Integer') {
      for (const n of ['gt', 'lt', 'st']) {
        if (a[n] !== undefined && a[n] !== null) {
          out.push({ code: 'attribute-value', severity: 'warning', path: [...path, n], target: { kind: 'key' },
            message: `${n} applies to numeric resources; "${res.name}" is ${res.type}` });
        }
      }
    }
  });
  return out;
}

function semanticFindings(text: string, value: unknown, reqPath: JsonPath, options: ValidateOptions, schemaOk: boolean): Finding[] {
  const req = getAt(value, reqPath);
  if (!isRecord(req)) return [];
  const out: Finding[] = [];
  const registry = options.registry ?? loadRegistry();
  const dm = indexDatamodel(options.datamodel);
  const opName = typeof req.operation === 'string' ? req.operation : undefined;
  const rule = isOperationName(opName) ? OPERATION_RULES[opName] : undefined;
  // fields
  for (const f of Object.keys(req)) {
    if (!(FORWARDED_FIELDS as readonly string[]).includes(f)) {
      const guess = closest(f, FORWARDED_FIELDS);
      out.push({ code: 'ignored-field', severity: 'warning', path: [...reqPath, f], target: { kind: 'key' }, ...(guess && !(guess in req) ? { fix: { kind: 'rename-property', name: guess } } : {}),
        message: `"${f}" never reaches Coiote: the OperationRequest rule forwards only ${FORWARDED_FIELDS.join(', ')}` + (guess ? `; did you mean "${guess}"?` : '') });
    } else if (rule && f !== 'operation' && f !== 'keys' && !rule.uses.includes(f as 'values') && !rule.requires.includes(f as 'values')) {
      out.push({ code: 'ignored-field', severity: 'warning', path: [...reqPath, f], target: { kind: 'key' },
        message: `${rule.name} ignores "${f}"` + (f === 'values' ? ' (only write uses values)' : f === 'arguments' ? ' (only execute uses arguments)' : (rule.name === 'observeComposite' ? ' (the Lambda drops attributes for observeComposite: the composite observation uses the attributes already on the device)' : ' (only observe and writeAttributes use attributes)')) });
    }
  }
  const keys = Array.isArray(req.keys) ? req.keys : undefined;
  let parsed: (ParsedKey | undefined)[] = [];
  if (keys) {
    const r = keyFindings(keys, rule, opName, [...reqPath, 'keys'], registry, options.datamodel, dm);
    parsed = r.parsed;
    pushAll(out, r.findings);
    // all keys distinct (none repeats or ends with '.') and none can swallow another: nothing to report
    if (rule && (r.mayRepeat || rule.prefixSwallows || rule.name === 'cancelObserve')) pushAll(out, duplicateFindings(keys, rule, rule.name, [...reqPath, 'keys']));
  }
  if (rule && keys) {
    if (rule.uses.includes('values') && Array.isArray(req.values)) {
      if (req.values.length !== keys.length) {
        out.push({ code: 'values-length', severity: 'error', path: [...reqPath, 'values'], target: { kind: 'value' },
          message: `"values" has ${req.values.length} ${req.values.length === 1 ? 'entry' : 'entries'} but "keys" has ${keys.length}: the Lambda needs one value per key, in the same order` });
      }
      const valuesPath = [...reqPath, 'values'];
      const model = FLOAT_LITERAL.test(text) ? (cachedDocumentModel(text) ?? new DocumentModel(text)) : undefined;
      const rawText = (i: number) => {
        const node = model?.node([...valuesPath, i]);
        return node ? text.slice(node.offset, node.offset + node.length) : undefined;
      };
      pushAll(out, valueFindings(req.values, parsed, valuesPath, rawText));
    }
    if (ATTRIBUTE_OPERATIONS.includes(rule.name) && Array.isArray(req.attributes)) {
      if (req.attributes.length !== keys.length) {
        out.push({ code: 'attributes-length', severity: rule.requires.includes('attributes') ? 'error' : 'warning', path: [...reqPath, 'attributes'], target: { kind: 'value' },
          message: `"attributes" has ${req.attributes.length} ${req.attributes.length === 1 ? 'entry' : 'entries'} but "keys" has ${keys.length}: give one object per key ({} leaves a key unchanged)` });
      }
      pushAll(out, attributeFindings(req.attributes, parsed, [...reqPath, 'attributes']));
    }
  }
  // AWS limits
  // When the schema passed, keys, values and attributes are at most 3 levels deep: only other fields can nest.
  const deep = schemaOk
    ? Object.keys(req).filter((f) => f !== 'keys' && f !== 'values' && f !== 'attributes' && typeof req[f] === 'object' && req[f] !== null)
      .map((f) => deepest(req[f], [...reqPath, f], 1, SHADOW_MAX_DEPTH)).find((p) => p)
    : deepest(req, reqPath, 0, SHADOW_MAX_DEPTH);
  if (deep) {
    out.push({ code: 'nesting-too-deep', severity: 'error', path: deep, target: { kind: 'value' },
      message: `more than ${SHADOW_MAX_DEPTH} levels of nesting in desired: AWS refuses the update (400 "JSON contains too many levels of nesting")` });
  }
  const state = isRecord(value) && isRecord(value.state) ? value.state : undefined;
  const bytes = shadowBytes(text, req, state?.reported);
  if (bytes > SHADOW_MAX_BYTES) {
    out.push({ code: 'shadow-too-large', severity: 'error', path: reqPath, target: { kind: 'anchor' },
      message: `desired${state?.reported !== undefined ? ' + reported' : ''} is ${bytes} bytes: AWS refuses shadows over ${SHADOW_MAX_BYTES} bytes (413); split the request` });
  }
  return out;
}

function syntaxMessage(e: jsonc.ParseError, text: string): string {
  const name = printParseErrorCode(e.error);
  if (name === 'InvalidCommentToken' || text.startsWith('//', e.offset) || text.startsWith('/*', e.offset)) return 'comments are not allowed: AWS accepts only strict JSON';
  const words = name.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
  const near = text.slice(e.offset, e.offset + Math.min(e.length || 1, 20));
  let before = e.offset - 1;
  while (before >= 0 && /\s/.test(text[before])) before--;
  const trailingComma = /^[}\]]/.test(near) && text[before] === ',';
  if (trailingComma) return 'trailing comma: AWS accepts only strict JSON; remove the last ","';
  return `invalid JSON: ${words}${near ? ` at "${near}"` : ''}`;
}

function locate(doc: DocumentModel, f: Finding): Diagnostic {
  const lines = doc.lines;
  const node = doc.node(f.path);
  let start = 0, end = 0;
  if (f.target.kind === 'anchor') {
    // the object's "operation" property, else the property name holding the object, else its first character
    const obj = node ?? doc.nearestNode(f.path);
    const opProp = obj?.type === 'object' ? obj.children?.find((p) => p.children?.[0]?.value === 'operation') : undefined;
    const holder = obj?.parent?.type === 'property' ? obj.parent.children?.[0] : undefined;
    const n = opProp ?? holder;
    if (n) { start = n.offset; end = n.offset + n.length; }
    else { start = obj ? obj.offset : 0; end = start + 1; }
  } else if (!node) {
    const n = doc.nearestNode(f.path);
    start = n ? n.offset : 0;
    end = n ? n.offset + n.length : 0;
  } else if (f.target.kind === 'key') {
    const k = node.parent?.type === 'property' ? node.parent.children?.[0] : undefined;
    const n = k ?? node;
    start = n.offset; end = n.offset + n.length;
  } else if (f.target.kind === 'span' && node.type === 'string') {
    // characters inside the string when it has no escapes (then text offsets equal value offsets)
    const raw = doc.text.slice(node.offset + 1, node.offset + node.length - 1);
    if (raw === node.value) {
      start = node.offset + 1 + f.target.start;
      end = node.offset + 1 + Math.max(f.target.end, f.target.start);
      if (end === start) end = Math.min(start + 1, node.offset + node.length);
    } else { start = node.offset; end = node.offset + node.length; }
  } else {
    start = node.offset; end = node.offset + node.length;
  }
  return { code: f.code, severity: f.severity, message: f.message, range: lines.range(start, end), path: f.path, ...(f.fix ? { fix: f.fix } : {}) };
}

/** Codes about a field's shape: no error when the operation ignores that field (the Lambda never reads it). */
const SHAPE_CODES = new Set(['wrong-type', 'attribute-value', 'unknown-attribute', 'attributes-length', 'values-length']);
const OPTIONAL_FIELDS = ['values', 'attributes', 'arguments'] as const;

const startsWith = (path: JsonPath, prefix: JsonPath) => prefix.every((p, i) => path[i] === p);

/**
 * Findings as the deployed Lambda's verdict has them: a field the operation ignores is never an error; a
 * refusal's finding quotes the line the Lambda logs; a crash is an error naming the exception its log shows.
 */
function withLambdaVerdict(findings: Finding[], req: unknown, reqPath: JsonPath): Finding[] {
  if (!isRecord(req)) return findings;
  const rule = isOperationName(req.operation) ? OPERATION_RULES[req.operation] : undefined;
  const ignoredField = (f: string) => rule !== undefined && !(rule.uses as string[]).includes(f) && !(rule.requires as string[]).includes(f);
  const out: Finding[] = [];
  for (const f of findings) {
    const field = String(f.path[reqPath.length] ?? '');
    if (f.severity === 'error' && SHAPE_CODES.has(f.code) && f.path.length > reqPath.length && (OPTIONAL_FIELDS as readonly string[]).includes(field)) {
      if (ignoredField(field)) continue;
      if (rule?.name === 'execute' && field === 'arguments') {
        out.push({ ...f, severity: 'warning', message: `"arguments" reaches Coiote as the JSON ${JSON.stringify(req.arguments)}, not as the text of an LwM2M argument list such as "0='on',1"` });
        continue;
      }
    }
    out.push(f);
  }
  if (rule?.name === 'execute' && req.arguments === null) {
    out.push({ code: 'ignored-field', severity: 'warning', path: [...reqPath, 'arguments'], target: { kind: 'key' }, message: '"arguments": null sends no arguments (the Lambda leaves them out)' });
  }
  // A request without errors so far is well formed: the Lambda neither refuses nor crashes on it (the case
  // table in test/unit/lambdaCases.ts holds this), so its verdict is only worked out to explain an error.
  if (!out.some((f) => f.severity === 'error')) return out;
  const verdict = lambdaVerdict(req);
  if (!verdict) return out;
  const amend = (i: number, text: string) => (out[i] = { ...out[i], message: `${out[i].message}; ${text}` });
  if (verdict.kind === 'refused') {
    const text = `the Lambda logs "${verdict.line}" (status ${verdict.statusCode}) and nothing reaches the device`;
    const at = verdict.field ? [...reqPath, verdict.field] : reqPath;
    let i = out.findIndex((f) => f.severity === 'error' && f.code === verdict.code);
    if (i < 0) i = out.findIndex((f) => f.severity === 'error' && startsWith(f.path, at) && f.path.length <= at.length + 1);
    if (i >= 0) amend(i, text);
    else out.push({ code: verdict.code, severity: 'error', path: at, target: verdict.field ? { kind: 'value' } : { kind: 'anchor' }, message: `the Lambda refuses this request: ${text}` });
  } else if (verdict.kind === 'crash') {
    const text = `the Lambda crashes with ${verdict.text} (its log shows it 3 times: Lambda retries the rule's asynchronous call twice) and nothing reaches the device`;
    const at = [...reqPath, verdict.field];
    const i = out.findIndex((f) => f.severity === 'error' && startsWith(f.path, at));
    if (i >= 0) amend(i, text);
    else out.push({ code: 'lambda-crash', severity: 'error', path: at, target: { kind: 'value' }, message: text });
  } else if ((rule?.name === 'read' || rule?.name === 'readComposite') && (typeof req.keys === 'string' || (Array.isArray(req.keys) && !req.keys.length))) {
    const i = out.findIndex((f) => f.severity === 'error' && startsWith(f.path, [...reqPath, 'keys']));
    if (i >= 0) amend(i, `the Lambda then reads the whole data model (it sends Coiote the empty keys text)`);
  }
  return out;
}

/** Syntax errors reported at most (a garbage text has one per character; the first ones say it all). */
const MAX_SYNTAX_DIAGNOSTICS = 100;

/** Appends without spreading (a spread of 130,000 findings overflows the call stack). */
function pushAll<T>(out: T[], more: readonly T[]): void {
  for (const x of more) out.push(x);
}

/** A text finding as a diagnostic: at its offsets, or at the value or property name its path names. */
function textDiagnostic(doc: DocumentModel, f: TextFinding): Diagnostic {
  if (f.path) return locate(doc, { code: f.code, severity: f.severity, message: f.message, path: f.path, target: { kind: f.target ?? 'value' } });
  return { code: f.code, severity: f.severity, message: f.message, range: doc.lines.range(f.start ?? 0, f.end ?? 0), path: [] };
}

const NOISY_WHEN_BROKEN = new Set(['missing-operation', 'missing-keys', 'missing-values', 'missing-attributes', 'values-length', 'attributes-length', 'shadow-too-large', 'wrong-type']);

/** Diagnostics of an operation document (a whole shadow document or a bare desired object), sorted by position. */
export function validateOperationDocument(text: string, options: ValidateOptions = {}): Diagnostic[] {
  // Over AWS's message limit: one diagnostic, no parsing (a pasted megabyte never blocks the editor).
  const oversized = oversizedBytes(text);
  if (oversized !== undefined) {
    const end = text.charCodeAt(0) === 10 || text.charCodeAt(0) === 13 ? 0 : Math.min(1, text.length);
    return [{ code: 'shadow-too-large', severity: 'error', path: [], range: { start: { line: 0, character: 0 }, end: { line: 0, character: end } },
      message: `the document is ${oversized} bytes: AWS refuses shadow messages over ${MAX_DOCUMENT_BYTES} bytes (128 KB) unread, and desired + reported may hold only ${SHADOW_MAX_BYTES}; nothing else was checked` }];
  }
  // A byte order mark is reported once; the rest is read as if it were a space (offsets stay the same).
  const bom = text.charCodeAt(0) === 0xfeff;
  const body = bom ? ' ' + text.slice(1) : text;
  // Validation runs on every edit: it reuses a cached model (completion and hover cache theirs) but does not
  // keep its own, so parsed documents die young and cost the garbage collector little.
  const doc = cachedDocumentModel(body) ?? new DocumentModel(body);
  const out: Diagnostic[] = [];
  const textFindings: TextFinding[] = bom ? [BOM_FINDING] : [];
  const hazards = checkJsonText(body, doc.strict, doc.strict ? doc.value : undefined, () => doc.tree);
  if (hazards.tooDeepAt !== undefined) {
    // Nothing recursive may see this text: one diagnostic where the nesting passes the limit.
    for (const f of textFindings) out.push(textDiagnostic(doc, f));
    out.push({ code: 'nesting-too-deep', severity: 'error', path: [], range: doc.lines.range(hazards.tooDeepAt, hazards.tooDeepAt + 1),
      message: `nested more than ${MAX_PARSE_DEPTH} levels deep: AWS allows ${SHADOW_MAX_DEPTH} levels in desired and refuses the update (400 "JSON contains too many levels of nesting"); nothing else was checked` });
    return out;
  }
  pushAll(textFindings, hazards.findings);
  for (const f of textFindings) out.push(textDiagnostic(doc, f));
  const broken = !doc.strict;
  if (broken) {
    const errs = doc.syntaxErrors;
    if (!doc.tree) {
      out.push({ code: 'json-syntax', severity: 'error', message: body.trim() ? 'invalid JSON: expected an object like {"state": {"desired": {...}}}' : 'empty document: expected {"state": {"desired": {"operation": ..., "keys": [...]}}}', range: doc.lines.range(0, Math.min(text.length, 1)), path: [] });
      return out;
    }
    const seen = new Set<string>();
    for (const e of errs) {
      if (seen.size >= MAX_SYNTAX_DIAGNOSTICS) break;
      const message = syntaxMessage(e, body);
      let start = e.offset, end = e.offset + Math.max(1, e.length);
      const trailing = message.startsWith('trailing comma');
      if (trailing) {
        start = body.lastIndexOf(',', e.offset - 1);
        end = start + 1;
      }
      const id = `${start}:${message}`;
      if (seen.has(id)) continue;
      seen.add(id);
      out.push({ code: 'json-syntax', severity: 'error', message, range: doc.lines.range(start, end), path: [], ...(trailing ? { fix: { kind: 'delete-range' } } : {}) });
    }
  }
  const value = doc.value;
  const reqPath = requestPath(value);
  let findings = schemaFindings(value, reqPath);
  if (reqPath) {
    pushAll(findings, semanticFindings(body, value, reqPath, options, findings.length === 0));
    findings = withLambdaVerdict(findings, getAt(value, reqPath), reqPath);
  }
  else if (isRecord(value) && 'state' in value && isRecord(value.state)) {
    findings.push({ code: 'no-request', severity: 'info', path: ['state'], target: { kind: 'key' },
      message: 'no "desired" in state: nothing to send; add "desired": {"operation": ..., "keys": [...]}' });
  }
  if (broken) findings = findings.filter((f) => !NOISY_WHEN_BROKEN.has(f.code));
  for (const f of findings) out.push(locate(doc, f));
  out.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
  return out;
}
