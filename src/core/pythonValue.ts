// JSON as the integration's Python Lambda holds it after json.loads: an integer literal is an int (any
// size), a literal with a '.' or an exponent is a float, objects are dicts in insertion order (a repeated
// name keeps its first place and its last value). Also Python's str()/repr() of such values and the few
// built-in operations whose failures the Lambda lets escape (the exceptions are raised as PyError, with
// CPython 3.8's type names and messages).

export type PyValue = null | boolean | string | PyInt | PyFloat | PyValue[] | PyDict;

export class PyInt {
  /** Decimal text without leading zeros or '-0' (json.loads('-0') is 0). */
  readonly text: string;
  constructor(text: string) {
    this.text = BigInt(text).toString();
  }
}

export class PyFloat {
  constructor(readonly value: number) {}
}

export class PyDict {
  constructor(readonly entries: Map<string, PyValue> = new Map()) {}
}

/** An exception as the Python runtime reports it: `[ERROR] <type>: <message>`. */
export class PyError extends Error {
  constructor(
    readonly type: string,
    message: string,
  ) {
    super(message);
  }
}

export function pyTypeName(v: PyValue | undefined): string {
  if (v === null || v === undefined) return 'NoneType';
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'string') return 'str';
  if (v instanceof PyInt) return 'int';
  if (v instanceof PyFloat) return 'float';
  if (Array.isArray(v)) return 'list';
  return 'dict';
}

/** A JavaScript JSON value as json.loads would give it (a whole number is taken for an int). */
export function pyFromJson(v: unknown): PyValue {
  if (v === null || v === undefined) return null;
  if (typeof v === 'boolean' || typeof v === 'string') return v;
  if (typeof v === 'number') return Number.isInteger(v) && Math.abs(v) <= Number.MAX_SAFE_INTEGER ? new PyInt(String(v)) : new PyFloat(v);
  if (Array.isArray(v)) return v.map(pyFromJson);
  const d = new PyDict();
  for (const [k, x] of Object.entries(v as Record<string, unknown>)) d.entries.set(k, pyFromJson(x));
  return d;
}

/** A JSON value for a request body (json.dumps of the Python value; floats lose nothing a reader needs). */
export function pyToJson(v: PyValue): unknown {
  if (v instanceof PyInt) return Number(v.text);
  if (v instanceof PyFloat) return v.value;
  if (Array.isArray(v)) return v.map(pyToJson);
  if (v instanceof PyDict) return Object.fromEntries([...v.entries].map(([k, x]) => [k, pyToJson(x)]));
  return v;
}

/** Parses strict JSON text as json.loads does, keeping int and float apart. Throws SyntaxError. */
export function pyParseJson(text: string): PyValue {
  let i = 0;
  const fail = (): never => {
    throw new SyntaxError(`invalid JSON at ${i}`);
  };
  const ws = () => {
    while (i < text.length && (text[i] === ' ' || text[i] === '\t' || text[i] === '\n' || text[i] === '\r')) i++;
  };
  const value = (): PyValue => {
    ws();
    const c = text[i];
    if (c === '{') {
      i++;
      const d = new PyDict();
      ws();
      if (text[i] === '}') {
        i++;
        return d;
      }
      for (;;) {
        ws();
        if (text[i] !== '"') fail();
        const k = str();
        ws();
        if (text[i++] !== ':') fail();
        d.entries.set(k, value());
        ws();
        if (text[i] === ',') i++;
        else if (text[i++] === '}') return d;
        else fail();
      }
    }
    if (c === '[') {
      i++;
      const a: PyValue[] = [];
      ws();
      if (text[i] === ']') {
        i++;
        return a;
      }
      for (;;) {
        a.push(value());
        ws();
        if (text[i] === ',') i++;
        else if (text[i++] === ']') return a;
        else fail();
      }
    }
    if (c === '"') return str();
    for (const [word, v] of [['true', true], ['false', false], ['null', null]] as const) {
      if (text.startsWith(word, i)) {
        i += word.length;
        return v;
      }
    }
    const m = /^-?(?:0|[1-9]\d*)(\.\d+)?([eE][-+]?\d+)?/.exec(text.slice(i, i + 400));
    if (!m) return fail();
    i += m[0].length;
    return m[1] === undefined && m[2] === undefined ? new PyInt(m[0]) : new PyFloat(Number(m[0]));
  };
  const str = (): string => {
    const start = i;
    i++;
    while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
    if (i >= text.length) fail();
    i++;
    return JSON.parse(text.slice(start, i)) as string;
  };
  const v = value();
  ws();
  if (i !== text.length) fail();
  return v;
}

/** Python's repr() of a float: the shortest round-tripping digits, exponent form below 1e-4 and from 1e16. */
function floatRepr(x: number): string {
  if (Number.isNaN(x)) return 'nan';
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf';
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  const [mant, expText] = Math.abs(x).toExponential().split('e');
  const digits = mant.replace('.', '');
  const exp = Number(expText);
  const sign = x < 0 ? '-' : '';
  // the decimal point sits after `exp + 1` digits
  const point = exp + 1;
  if (point > 16 || point < -3) {
    const m = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    return `${sign}${m}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  }
  if (point <= 0) return `${sign}0.${'0'.repeat(-point)}${digits}`;
  if (point >= digits.length) return `${sign}${digits}${'0'.repeat(point - digits.length)}.0`;
  return `${sign}${digits.slice(0, point)}.${digits.slice(point)}`;
}

const NOT_PRINTABLE = /[\p{C}\p{Z}]/u;

/** Python's repr() of a str: single quotes unless the text has ' and no ", escapes for what is not printable. */
function strRepr(s: string): string {
  const quote = s.includes("'") && !s.includes('"') ? '"' : "'";
  let out = quote;
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    if (ch === quote || ch === '\\') out += '\\' + ch;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (ch !== ' ' && (cp < 0x20 || cp === 0x7f || NOT_PRINTABLE.test(ch))) {
      out += cp < 0x100 ? `\\x${cp.toString(16).padStart(2, '0')}` : cp < 0x10000 ? `\\u${cp.toString(16).padStart(4, '0')}` : `\\U${cp.toString(16).padStart(8, '0')}`;
    } else out += ch;
  }
  return out + quote;
}

export function pyRepr(v: PyValue | undefined): string {
  if (v === null || v === undefined) return 'None';
  if (v === true) return 'True';
  if (v === false) return 'False';
  if (typeof v === 'string') return strRepr(v);
  if (v instanceof PyInt) return v.text;
  if (v instanceof PyFloat) return floatRepr(v.value);
  if (Array.isArray(v)) return `[${v.map(pyRepr).join(', ')}]`;
  return `{${[...v.entries].map(([k, x]) => `${strRepr(k)}: ${pyRepr(x)}`).join(', ')}}`;
}

/** Python's str(): a str as it is, anything else as its repr. */
export function pyStr(v: PyValue | undefined): string {
  return typeof v === 'string' ? v : pyRepr(v);
}

// ---- the built-ins the Lambda uses, with their failures

/** len(v) */
export function pyLen(v: PyValue): number {
  if (typeof v === 'string') return [...v].length;
  if (Array.isArray(v)) return v.length;
  if (v instanceof PyDict) return v.entries.size;
  throw new PyError('TypeError', `object of type '${pyTypeName(v)}' has no len()`);
}

/** for x in v: the items (a str's characters, a dict's keys). */
export function pyIter(v: PyValue): PyValue[] {
  if (typeof v === 'string') return [...v];
  if (Array.isArray(v)) return v;
  if (v instanceof PyDict) return [...v.entries.keys()];
  throw new PyError('TypeError', `'${pyTypeName(v)}' object is not iterable`);
}

/** `item in v` for a str item. */
export function pyContains(v: PyValue, item: string): boolean {
  if (typeof v === 'string') return v.includes(item);
  if (Array.isArray(v)) return v.some((x) => x === item);
  if (v instanceof PyDict) return v.entries.has(item);
  throw new PyError('TypeError', `argument of type '${pyTypeName(v)}' is not iterable`);
}

/** The identity a set uses (1, 1.0 and True are one element); throws for unhashable items. */
function hashKey(v: PyValue): string {
  if (Array.isArray(v) || v instanceof PyDict) throw new PyError('TypeError', `unhashable type: '${pyTypeName(v)}'`);
  if (typeof v === 'string') return `s${v}`;
  if (v === null) return 'n';
  const n = typeof v === 'boolean' ? (v ? 1 : 0) : v instanceof PyInt ? Number(v.text) : v.value;
  return v instanceof PyInt && !Number.isSafeInteger(n) ? `i${v.text}` : `f${n}`;
}

/**
 * list(set(v)): the distinct items. CPython's order for strings depends on a per-process hash seed, so
 * the deployed function's order is not defined; this keeps first occurrences in order.
 */
export function pyDistinct(v: PyValue): PyValue[] {
  const seen = new Set<string>();
  const out: PyValue[] = [];
  for (const x of pyIter(v)) {
    const k = hashKey(x);
    if (!seen.has(k)) {
      seen.add(k);
      out.push(x);
    }
  }
  return out;
}

/** ','.join(v) */
export function pyJoin(sep: string, v: PyValue): string {
  if (v === null || typeof v === 'boolean' || v instanceof PyInt || v instanceof PyFloat) throw new PyError('TypeError', 'can only join an iterable');
  const items = pyIter(v);
  items.forEach((x, i) => {
    if (typeof x !== 'string') throw new PyError('TypeError', `sequence item ${i}: expected str instance, ${pyTypeName(x)} found`);
  });
  return items.join(sep);
}

/** x.endswith(suffix) */
export function pyEndsWith(x: PyValue, suffix: string): boolean {
  if (typeof x !== 'string') throw new PyError('AttributeError', `'${pyTypeName(x)}' object has no attribute 'endswith'`);
  return x.endsWith(suffix);
}

/** Python orders str by code point (JavaScript's default sort compares UTF-16 units). */
export function pyCompareStr(a: string, b: string): number {
  const ia = a[Symbol.iterator]();
  const ib = b[Symbol.iterator]();
  for (;;) {
    const x = ia.next();
    const y = ib.next();
    if (x.done || y.done) return x.done && y.done ? 0 : x.done ? -1 : 1;
    const d = x.value.codePointAt(0)! - y.value.codePointAt(0)!;
    if (d) return d;
  }
}
