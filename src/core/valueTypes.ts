// Checks a JSON value against a resource's LwM2M type and RangeEnumeration. Numbers may come as JSON
// numbers or numeric strings (the datamodel stores strings). Also knows how the Lambda turns a value into
// text (Python str()), which is what Coiote receives.
import { pyFromJson, pyStr } from './pythonValue';
import type { LwM2MType, ResourceDef } from './types';

export type ParsedRange =
  | { kind: 'numeric'; min: number; max: number }
  | { kind: 'length'; min: number; max: number }
  | { kind: 'list'; items: string[] };

const NUM = '[-+]?\\d+(?:\\.\\d+)?(?:[eE][-+]?\\d+)?';
const RANGE_RE = new RegExp(`^\\s*(${NUM})\\s*\\.\\.\\s*(${NUM})\\s*(bytes?|characters?|chars?)?\\s*$`, 'i');
const rangeCache = new Map<string, ParsedRange | undefined>();

/** Reads a DDF RangeEnumeration; undefined when it is prose or otherwise not checkable. */
export function parseRange(range: string | undefined, type: LwM2MType): ParsedRange | undefined {
  if (!range) return undefined;
  const key = `${type}\u0000${range}`;
  if (rangeCache.has(key)) return rangeCache.get(key);
  let out: ParsedRange | undefined;
  const m = RANGE_RE.exec(range);
  if (m) {
    const min = Number(m[1]), max = Number(m[2]);
    const isLength = !!m[3] || type === 'String' || type === 'Opaque';
    if (min <= max) out = { kind: isLength ? 'length' : 'numeric', min, max };
  } else if (/[,;]/.test(range)) {
    const items = range.split(/[,;]/).map((s) => s.trim()).filter(Boolean);
    if (items.length > 1 && items.every((s) => s.length <= 32)) out = { kind: 'list', items };
  }
  rangeCache.set(key, out);
  return out;
}

export interface ValueProblem {
  code: 'value-type' | 'value-range' | 'comma-in-value' | 'python-literal';
  severity: 'error' | 'warning';
  message: string;
}

/** The text the Lambda sends for a JSON value: Python str() of it. */
export function pythonText(v: unknown): string {
  return pyStr(pyFromJson(v));
}

const INT_RE = /^\s*[-+]?\d+\s*$/;
const FLOAT_RE = new RegExp(`^\\s*${NUM}\\s*$`);

function numberOf(v: unknown): number | undefined {
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && FLOAT_RE.test(v)) return Number(v);
  return undefined;
}

/** What a value of type `t` is, for messages: "an Integer (a whole number, e.g. 42 or \"42\")". */
export function describeType(t: LwM2MType): string {
  switch (t) {
    case 'Integer': return 'an Integer (a whole number, e.g. 42 or "42")';
    case 'Unsigned Integer': return 'an Unsigned Integer (a whole number ≥ 0)';
    case 'Float': return 'a Float (a number, e.g. 21.5 or "21.5")';
    case 'Boolean': return 'a Boolean ("true" / "false", or 1 / 0)';
    case 'String': return 'a String';
    case 'Time': return 'a Time (Unix seconds, e.g. 1735689600)';
    case 'Opaque': return 'Opaque data (a string)';
    case 'Objlnk': return 'an Objlnk ("ObjectID:InstanceID", e.g. "3:0")';
    case 'Corelnk': return 'a Corelnk (CoRE link text, e.g. "</3/0>")';
    case 'None': return 'nothing (it is executable)';
  }
}

const valueMemo = new WeakMap<ResourceDef, { s: Map<string, ValueProblem[]>; n: Map<number, ValueProblem[]> }>();

/** Problems of a write value for a resource; empty when it is fine. Memoised for strings and numbers: treat as read-only. */
export function checkValue(value: unknown, res: ResourceDef): ValueProblem[] {
  if (typeof value !== 'string' && typeof value !== 'number') return checkValueUncached(value, res);
  let memo = valueMemo.get(res);
  if (!memo) valueMemo.set(res, (memo = { s: new Map(), n: new Map() }));
  const m = (typeof value === 'number' ? memo.n : memo.s) as Map<string | number, ValueProblem[]>;
  let r = m.get(value);
  if (!r) {
    if (m.size > 2000) m.clear();
    m.set(value, (r = checkValueUncached(value, res)));
  }
  return r;
}

function checkValueUncached(value: unknown, res: ResourceDef): ValueProblem[] {
  const out: ValueProblem[] = [];
  const want = describeType(res.type);
  const shown = JSON.stringify(value);
  if (value === null) {
    // A String resource takes the text "None"; any other type cannot, so the write surely fails.
    out.push({ code: 'python-literal', severity: res.type === 'String' ? 'warning' : 'error', message: `null reaches Coiote as the text "None" (the Lambda uses Python str()); ${res.name} expects ${want}` });
    return out;
  }
  if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') {
    out.push({ code: 'value-type', severity: 'error', message: `${shown} is not a single value: the Lambda sends it as Python text; ${res.name} expects ${want}` });
    return out;
  }
  if (typeof value === 'string' && value.includes(',')) {
    out.push({ code: 'comma-in-value', severity: 'error', message: `the value contains a comma: the Lambda joins values with commas, so Coiote receives it as two values` });
  }
  const t = res.type;
  if (typeof value === 'boolean') {
    if (t === 'Boolean' || t === 'String') {
      // a String resource takes the text "True" / "False" as it is: surprising, not failing
      out.push({ code: 'python-literal', severity: 'warning', message: `JSON ${value} reaches Coiote as the text "${pythonText(value)}" (Python str()); write "${value}" to send it as written` });
    } else {
      out.push({ code: 'value-type', severity: 'error', message: `${shown} is not valid for ${res.name}: it expects ${want} (and true travels as "True")` });
    }
    return out;
  }
  let num: number | undefined;
  switch (t) {
    case 'Integer':
    case 'Unsigned Integer':
    case 'Time': {
      const ok = typeof value === 'number' ? Number.isInteger(value) : INT_RE.test(value);
      if (!ok && !(t === 'Time' && typeof value === 'string' && !Number.isNaN(Date.parse(value)) && /\d{4}-\d{2}-\d{2}/.test(value))) {
        out.push({ code: 'value-type', severity: 'error', message: `${shown} is not valid for ${res.name}: it expects ${want}` });
        return out;
      }
      num = numberOf(value);
      if (t === 'Unsigned Integer' && num !== undefined && num < 0) {
        out.push({ code: 'value-range', severity: 'error', message: `${shown} is negative: ${res.name} is an Unsigned Integer (≥ 0)` });
        return out;
      }
      break;
    }
    case 'Float':
      num = numberOf(value);
      if (num === undefined) {
        out.push({ code: 'value-type', severity: 'error', message: `${shown} is not valid for ${res.name}: it expects ${want}` });
        return out;
      }
      break;
    case 'Boolean':
      if (!(value === 0 || value === 1 || (typeof value === 'string' && /^(true|false|0|1)$/.test(value)))) {
        out.push({ code: 'value-type', severity: 'error', message: `${shown} is not valid for ${res.name}: it expects ${want}` });
      }
      return out;
    case 'Objlnk':
      if (typeof value !== 'string' || !/^\d+:\d+$/.test(value)) {
        out.push({ code: 'value-type', severity: 'error', message: `${shown} is not valid for ${res.name}: it expects ${want}` });
      }
      return out;
    case 'Corelnk':
      if (typeof value !== 'string' || !/^\s*</.test(value)) {
        out.push({ code: 'value-type', severity: 'error', message: `${shown} is not valid for ${res.name}: it expects ${want}` });
      }
      return out;
    case 'Opaque':
      if (typeof value !== 'string') {
        out.push({ code: 'value-type', severity: 'error', message: `${shown} is not valid for ${res.name}: it expects ${want}` });
        return out;
      }
      break;
    case 'String':
    case 'None':
      break;
  }
  const range = parseRange(res.range, t);
  if (!range) return out;
  if (range.kind === 'numeric' && num !== undefined && (num < range.min || num > range.max)) {
    out.push({ code: 'value-range', severity: 'error', message: `${shown} is outside ${res.name}'s range ${res.range}${res.units ? ` (${res.units})` : ''}` });
  } else if (range.kind === 'length') {
    const len = String(value).length;
    if (len < range.min || len > range.max) {
      out.push({ code: 'value-range', severity: 'warning', message: `${len} characters is outside ${res.name}'s length ${res.range}` });
    }
  } else if (range.kind === 'list') {
    const s = String(value).trim();
    const inList = range.items.some((i) => i === s || (num !== undefined && numberOf(i) === num));
    if (!inList) out.push({ code: 'value-range', severity: 'error', message: `${shown} is not one of ${res.name}'s values: ${range.items.join(', ')}` });
  }
  return out;
}
