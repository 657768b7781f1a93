// What a JSON text hides from JSON.parse, and the limits that keep validating any text cheap: the size
// past which AWS refuses a message unread (checked before any parsing), nesting past which nothing is
// walked recursively, a byte order mark, lone surrogates, numbers no 64-bit float holds, and property
// names given twice (JSON.parse silently keeps the last). Every check is one pass; the exact scans run
// only when a cheap test says they may find something.
import type * as jsonc from 'jsonc-parser';
import type { Severity } from './diagnostics';
import type { JsonPath } from './documentModel';

/** AWS IoT refuses an MQTT or HTTP shadow message past 128 KB without reading it. */
export const MAX_DOCUMENT_BYTES = 128 * 1024;
/** Past this nesting nothing recursive (tolerant parser, ranges, sizes) is run on a text. */
export const MAX_PARSE_DEPTH = 64;

export interface TextFinding {
  code: string;
  severity: Severity;
  message: string;
  /** where in the parsed value (for values and property names), or text offsets */
  path?: JsonPath;
  target?: 'key' | 'value';
  start?: number;
  end?: number;
}

/** UTF-8 bytes of a text. */
export function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) { n += 4; i++; }
    else n += 3;
  }
  return n;
}

/** The text's UTF-8 size when it is over MAX_DOCUMENT_BYTES, else undefined (short texts are not counted). */
export function oversizedBytes(text: string): number | undefined {
  if (text.length * 3 <= MAX_DOCUMENT_BYTES) return undefined;
  const bytes = typeof Buffer !== 'undefined' ? Buffer.byteLength(text, 'utf8') : utf8Length(text);
  return bytes > MAX_DOCUMENT_BYTES ? bytes : undefined;
}

/**
 * The offset of the bracket that opens nesting level `limit + 1` (brackets inside strings ignored), or -1
 * when the text (up to `end`) never nests that deep. One pass, no recursion.
 */
export function offsetPastDepth(text: string, limit: number, end = text.length): number {
  let depth = 0;
  for (let i = 0; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      for (i++; i < end; i++) {
        const d = text.charCodeAt(i);
        if (d === 0x5c) i++;
        else if (d === 0x22) break;
      }
    } else if (c === 0x7b || c === 0x5b) {
      if (++depth > limit) return i;
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return -1;
}

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const ESCAPED_SURROGATE = /\\u[dD][89a-fA-F]/;

/** Whether the text may hold a lone surrogate, raw or escaped (cheap: most texts are plain ASCII). */
function maySurrogate(text: string): boolean {
  const wellFormed = (text as unknown as { isWellFormed?: () => boolean }).isWellFormed?.() ?? !/[\ud800-\udfff]/.test(text);
  return !wellFormed || (text.includes('\\u') && ESCAPED_SURROGATE.test(text));
}
/** A number literal that may not fit a float exactly: 16+ digits in a row or a 3-digit exponent. */
const MAYBE_HUGE_NUMBER = /\d{16}|[eE][-+]?\d{3}/;

interface ValueFacts {
  depth: number;
  properties: number;
  /** a number that is infinite or an integer past ±2^53 (its literal is then looked at) */
  hugeNumber: boolean;
  surrogates: { path: JsonPath; key: boolean }[];
}

/**
 * One iterative walk over a parsed value: its depth (up to `limit + 1`), how many properties it has, and
 * the paths of numbers that are not finite or not exact integers, and of strings with lone surrogates
 * (the string tests run only when `strings` is set).
 */
const huge = (x: number) => !Number.isFinite(x) || (Number.isInteger(x) && !Number.isSafeInteger(x));

function valueFacts(value: unknown, limit: number, strings: boolean): ValueFacts {
  const facts: ValueFacts = { depth: 0, properties: 0, hugeNumber: false, surrogates: [] };
  const stack: { v: unknown; path: JsonPath }[] = [{ v: value, path: [] }];
  while (stack.length) {
    const { v, path } = stack.pop()!;
    if (typeof v === 'number') {
      if (huge(v)) facts.hugeNumber = true;
      continue;
    }
    if (typeof v === 'string') {
      if (strings && LONE_SURROGATE.test(v)) facts.surrogates.push({ path, key: false });
      continue;
    }
    if (typeof v !== 'object' || v === null) continue;
    if (path.length + 1 > facts.depth) facts.depth = path.length + 1;
    if (facts.depth > limit) return facts;
    if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) {
        const x: unknown = v[i];
        if (typeof x === 'object' && x !== null) stack.push({ v: x, path: [...path, i] });
        else if (typeof x === 'number') { if (huge(x)) facts.hugeNumber = true; }
        else if (strings && typeof x === 'string') stack.push({ v: x, path: [...path, i] });
      }
    } else {
      const keys = Object.keys(v);
      facts.properties += keys.length;
      for (let i = keys.length - 1; i >= 0; i--) {
        const k = keys[i];
        if (strings && LONE_SURROGATE.test(k)) facts.surrogates.push({ path: [...path, k], key: true });
        stack.push({ v: (v as Record<string, unknown>)[k], path: [...path, k] });
      }
    }
  }
  return facts;
}

/** Colons that follow a string (ignoring whitespace): at least one per property name in the text. */
function propertyColons(text: string): number {
  let n = 0;
  for (let i = text.indexOf(':'); i >= 0; i = text.indexOf(':', i + 1)) {
    let j = i - 1;
    while (j >= 0 && (text.charCodeAt(j) === 0x20 || text.charCodeAt(j) === 0x0a || text.charCodeAt(j) === 0x0d || text.charCodeAt(j) === 0x09)) j--;
    if (j >= 0 && text.charCodeAt(j) === 0x22) n++;
  }
  return n;
}

/** Property names given twice in one object of the tolerant tree (iterative), as text ranges of the later ones. */
function duplicateProperties(tree: jsonc.Node): TextFinding[] {
  const out: TextFinding[] = [];
  const stack: jsonc.Node[] = [tree];
  while (stack.length) {
    const node = stack.pop()!;
    const children = node.children ?? [];
    if (node.type === 'object') {
      const seen = new Set<string>();
      for (const prop of children) {
        const keyNode = prop.children?.[0];
        const name = keyNode?.value;
        if (typeof name !== 'string' || !keyNode) continue;
        if (seen.has(name)) {
          out.push({ code: 'duplicate-property', severity: 'warning', start: keyNode.offset, end: keyNode.offset + keyNode.length,
            message: `${JSON.stringify(name)} is given twice in this object: JSON parsers keep only one of them (usually the last), so the other is silently lost` });
        }
        seen.add(name);
      }
    }
    for (let i = children.length - 1; i >= 0; i--) if (children[i].children) stack.push(children[i]);
  }
  return out;
}

/** Number literals in the text that do not survive as a 64-bit float, with their offsets (strings skipped). */
function hugeNumberLiterals(text: string): TextFinding[] {
  const out: TextFinding[] = [];
  const re = /"(?:[^"\\]|\\.)*"|-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const lit = m[0];
    if (lit.startsWith('"')) continue;
    const v = Number(lit);
    if (!Number.isFinite(v)) {
      out.push({ code: 'number-out-of-range', severity: 'error', start: m.index, end: m.index + lit.length,
        message: `${lit.length > 40 ? lit.slice(0, 37) + '...' : lit} is beyond the largest number JSON tools hold (about 1.8e308): it arrives as infinity (Python's inf) or is refused; write a smaller number or a string` });
    } else if (/^-?\d+$/.test(lit) && !Number.isSafeInteger(v) && BigInt(lit) !== BigInt(v)) {
      out.push({ code: 'number-out-of-range', severity: 'warning', start: m.index, end: m.index + lit.length,
        message: `${lit} has more digits than a 64-bit float keeps (beyond ±9007199254740991): JavaScript tools, this check included, read it as ${BigInt(v).toString()}; write it as a string to keep every digit` });
    }
  }
  return out;
}

export interface TextCheckResult {
  findings: TextFinding[];
  /** the offset where nesting passes MAX_PARSE_DEPTH: the text must not be walked further */
  tooDeepAt?: number;
}

/**
 * The hazards of a text JSON.parse accepted (`strictValue` given) or of a broken one (then `tree` is
 * asked for only when nesting allows). Cheap when there is nothing to find.
 */
export function checkJsonText(text: string, strict: boolean, strictValue: unknown, tree: () => jsonc.Node | undefined): TextCheckResult {
  const findings: TextFinding[] = [];
  const surrogates = maySurrogate(text);
  if (strict) {
    const facts = valueFacts(strictValue, MAX_PARSE_DEPTH, surrogates);
    if (facts.depth > MAX_PARSE_DEPTH) return { findings, tooDeepAt: Math.max(0, offsetPastDepth(text, MAX_PARSE_DEPTH)) };
    for (const s of facts.surrogates) findings.push(surrogateFinding(s.path, s.key));
    if (facts.hugeNumber) pushSome(findings, hugeNumberLiterals(text));
    if (propertyColons(text) > facts.properties) {
      const t = tree();
      if (t) pushSome(findings, duplicateProperties(t));
    }
    return { findings };
  }
  const deep = offsetPastDepth(text, MAX_PARSE_DEPTH);
  if (deep >= 0) return { findings, tooDeepAt: deep };
  const t = tree();
  if (t) {
    pushSome(findings, duplicateProperties(t));
    if (surrogates) {
      const stack: jsonc.Node[] = [t];
      while (stack.length) {
        const n = stack.pop()!;
        if (n.type === 'string' && typeof n.value === 'string' && LONE_SURROGATE.test(n.value)) {
          findings.push({ ...surrogateFinding([], n.parent?.type === 'property' && n.parent.children?.[0] === n), start: n.offset, end: n.offset + n.length, path: undefined });
        }
        for (const c of n.children ?? []) stack.push(c);
      }
    }
  }
  if (MAYBE_HUGE_NUMBER.test(text)) pushSome(findings, hugeNumberLiterals(text));
  return { findings };
}

/** A byte order mark at the start: reported, then the text is read as if it were a space. */
export const BOM_FINDING: TextFinding = { code: 'byte-order-mark', severity: 'error', start: 0, end: 1,
  message: 'the text starts with a byte order mark (U+FEFF): AWS accepts only plain JSON; save the file as UTF-8 without BOM' };

/** At most 1,000 findings of one kind: enough to see the pattern, never a flood. */
function pushSome(out: TextFinding[], more: TextFinding[]): void {
  for (let i = 0; i < more.length && i < 1000; i++) out.push(more[i]);
}

function surrogateFinding(path: JsonPath, key: boolean): TextFinding {
  return { code: 'lone-surrogate', severity: 'error', path, target: key ? 'key' : 'value',
    message: `this ${key ? 'property name' : 'string'} holds half of a UTF-16 surrogate pair (an escape like \\ud800 without its partner), which is no character: it cannot be encoded as UTF-8, so AWS or the Lambda refuses it` };
}
