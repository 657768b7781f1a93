// What a person types into a tree action's input box, checked as they type: a write value against the
// resource's type, range, units and enumeration (core's value rules), LwM2M execute arguments, and
// notification attributes. Pure: each check returns the problem text, or nothing when it is fine.
import { ATTRIBUTE_NAMES, ATTRIBUTE_RULES, checkAttributeValue } from '../attributes';
import type { ResourceDef } from '../types';
import { checkValue, parseRange, type ValueProblem } from '../valueTypes';
import type { AttributeSet } from './requestBuilders';

export interface InputCheck {
  /** the first error (the input box refuses the value) */
  error?: string;
  /** warnings (accepted, shown under the box) */
  warnings: string[];
}

const NUMERIC_TYPES = new Set(['Integer', 'Unsigned Integer', 'Float', 'Time']);

/** The value a write sends for what was typed: the text itself (numbers trimmed), as the datamodel holds it. */
export function writeValueOf(text: string, def: ResourceDef | undefined): string {
  return def && NUMERIC_TYPES.has(def.type) ? text.trim() : text;
}

function fromProblems(problems: ValueProblem[]): InputCheck {
  const error = problems.find((p) => p.severity === 'error')?.message;
  return { error, warnings: problems.filter((p) => p.severity === 'warning').map((p) => p.message) };
}

/** Checks a write value as typed; empty text is refused for every type but String and Opaque. */
export function checkWriteInput(text: string, def: ResourceDef | undefined): InputCheck {
  if (!def) return { warnings: ['no definition of this resource is known: the value cannot be checked'] };
  if (text.trim() === '' && def.type !== 'String' && def.type !== 'Opaque') {
    return { error: `${def.name} needs a value: ${def.type}${def.range ? ` in ${def.range}` : ''}`, warnings: [] };
  }
  return fromProblems(checkValue(writeValueOf(text, def), def));
}

/**
 * The choices a write offers as a pick list instead of free text: a Boolean's two values, or the items of an
 * enumeration range ("0,1,2" / "on;off"). Undefined when the value is free text.
 */
export function writeChoices(def: ResourceDef | undefined): string[] | undefined {
  if (!def) return undefined;
  if (def.type === 'Boolean') return ['true', 'false'];
  const range = parseRange(def.range, def.type);
  return range?.kind === 'list' ? range.items : undefined;
}

/**
 * LwM2M execute arguments (OMA-TS-LightweightM2M-Core §5.4.5 / 7.4.3): a comma-separated list of
 * `<digit>` or `<digit>='<text>'`, each digit 0–9 at most once, the text without a quote.
 */
export function checkExecuteArguments(text: string): string | undefined {
  const s = text.trim();
  if (s === '') return undefined;
  const seen = new Set<string>();
  let i = 0;
  for (;;) {
    const digit = s[i];
    if (digit === undefined || !/[0-9]/.test(digit)) {
      return `argument ${seen.size + 1} must start with one digit 0–9 (e.g. 0='fw.bin',1), not ${JSON.stringify(s.slice(i, i + 8) || 'the end')}`;
    }
    if (seen.has(digit)) return `argument ${digit} is given twice`;
    seen.add(digit);
    i++;
    if (s[i] === '=') {
      if (s[i + 1] !== "'") return `the value of argument ${digit} must be quoted: ${digit}='…'`;
      const close = s.indexOf("'", i + 2);
      if (close < 0) return `the value of argument ${digit} has no closing quote (')`;
      i = close + 1;
    }
    if (i === s.length) return undefined;
    if (s[i] !== ',') return `expected "," after argument ${digit}, not ${JSON.stringify(s[i])}`;
    i++;
  }
}

/** The attributes an observe or writeAttributes may set from the tree (con is left to documents). */
export const TREE_ATTRIBUTE_NAMES = ATTRIBUTE_NAMES.filter((n) => n !== 'con');

/** Checks one attribute value as typed ("" clears it); returns the value to send, or the problem. */
export function attributeValueOf(name: string, text: string, def?: ResourceDef): { value?: number | null; error?: string } {
  const rule = ATTRIBUTE_RULES[name];
  if (!rule) return { error: `unknown attribute "${name}"; attributes are ${ATTRIBUTE_NAMES.join(', ')}` };
  const s = text.trim();
  if (s === '') return { value: null };
  if (!/^[-+]?\d+(\.\d+)?([eE][-+]?\d+)?$/.test(s)) return { error: `${name} must be a number${rule.kind === 'seconds' ? ' of seconds' : ''}, not ${JSON.stringify(s)}` };
  const n = Number(s);
  if (rule.numericOnly && def && !NUMERIC_TYPES.has(def.type)) return { error: `${name} applies to numeric resources; ${def.name} is a ${def.type}` };
  const problem = checkAttributeValue(name, n);
  return problem ? { error: problem } : { value: n };
}

/** Rules between attributes of one set: pmin ≤ pmax, epmin ≤ epmax, lt < gt (and lt + 2·st < gt). */
export function checkAttributeSet(attrs: AttributeSet): string | undefined {
  const num = (k: string) => (typeof attrs[k] === 'number' ? (attrs[k] as number) : undefined);
  const [pmin, pmax, epmin, epmax, gt, lt, st] = ['pmin', 'pmax', 'epmin', 'epmax', 'gt', 'lt', 'st'].map(num);
  if (pmin !== undefined && pmax !== undefined && pmax > 0 && pmin > pmax) return `pmin (${pmin} s) must not be greater than pmax (${pmax} s)`;
  if (epmin !== undefined && epmax !== undefined && epmin > epmax) return `epmin (${epmin} s) must not be greater than epmax (${epmax} s)`;
  if (lt !== undefined && gt !== undefined) {
    if (lt >= gt) return `lt (${lt}) must be less than gt (${gt})`;
    if (st !== undefined && lt + 2 * st >= gt) return `lt + 2 × st (${lt + 2 * st}) must be less than gt (${gt})`;
  }
  if (st !== undefined && st < 0) return `st must not be negative, not ${st}`;
  return undefined;
}

/**
 * Reads attributes written as `pmin=10 pmax=60 st=0.5` (spaces, commas or & between them; `none` or
 * empty for none). For F1 and tests; the tree asks one attribute at a time.
 */
export function parseAttributesText(text: string, def?: ResourceDef): { attributes?: AttributeSet; error?: string } {
  const s = text.trim();
  if (s === '' || s === 'none') return { attributes: {} };
  const attributes: AttributeSet = {};
  for (const part of s.split(/[\s,&]+/).filter(Boolean)) {
    const m = /^([a-z]+)=(.*)$/.exec(part);
    if (!m) return { error: `expected name=value (e.g. pmin=10), not ${JSON.stringify(part)}` };
    if (m[1] in attributes) return { error: `${m[1]} is given twice` };
    const v = attributeValueOf(m[1], m[2], def);
    if (v.error) return { error: v.error };
    attributes[m[1]] = v.value ?? null;
  }
  const set = checkAttributeSet(attributes);
  return set ? { error: set } : { attributes };
}

/** `pmin=10 pmax=60` for a set (menus, history, tooltips). */
export function attributesText(attrs: AttributeSet): string {
  const parts = Object.entries(attrs).map(([k, v]) => `${k}=${v === null ? '' : v}`);
  return parts.length ? parts.join(' ') : 'none';
}
