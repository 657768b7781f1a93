// Coiote DM's reading of the attributes text the Lambda sends: Python's str() of a list of dicts with
// the spaces removed (`[{'pmin':10,'pmax':60},{}]`; writeAttributes also turns None into ''). Parses that
// literal syntax (lists, dicts, quoted strings, numbers, True / False / None) into JSON values.
import type { Json, JsonObject } from './json';

/** The value of a Python literal, or undefined when the text is not one. */
export function parsePythonLiteral(text: string): Json | undefined {
  let i = 0;
  const skip = () => {
    while (text[i] === ' ') i++;
  };
  const fail = (): never => {
    throw new SyntaxError(`not a Python literal at ${i}`);
  };
  const seq = (close: string, item: () => void) => {
    i++;
    skip();
    if (text[i] === close) {
      i++;
      return;
    }
    for (;;) {
      item();
      skip();
      if (text[i] === ',') i++;
      else if (text[i++] === close) return;
      else fail();
      skip();
    }
  };
  const str = (): string => {
    const q = text[i++];
    let out = '';
    while (i < text.length && text[i] !== q) {
      if (text[i] !== '\\') {
        out += text[i++];
        continue;
      }
      const c = text[i + 1];
      const hex = (n: number) => {
        const h = text.slice(i + 2, i + 2 + n);
        if (!/^[0-9a-fA-F]+$/.test(h) || h.length !== n) fail();
        i += 2 + n;
        return String.fromCodePoint(parseInt(h, 16));
      };
      if (c === 'x') out += hex(2);
      else if (c === 'u') out += hex(4);
      else if (c === 'U') out += hex(8);
      else {
        out += c === 'n' ? '\n' : c === 't' ? '\t' : c === 'r' ? '\r' : c;
        i += 2;
      }
    }
    if (text[i++] !== q) fail();
    return out;
  };
  const value = (): Json => {
    skip();
    const c = text[i];
    if (c === '[') {
      const a: Json[] = [];
      seq(']', () => a.push(value()));
      return a;
    }
    if (c === '{') {
      const o: JsonObject = {};
      seq('}', () => {
        skip();
        const k = text[i] === "'" || text[i] === '"' ? str() : fail();
        skip();
        if (text[i++] !== ':') fail();
        o[k] = value();
      });
      return o;
    }
    if (c === "'" || c === '"') return str();
    for (const [word, v] of [['True', true], ['False', false], ['None', null]] as const) {
      if (text.startsWith(word, i)) {
        i += word.length;
        return v;
      }
    }
    const m = /^-?(?:\d+\.?\d*(?:e[-+]?\d+)?|inf)/.exec(text.slice(i, i + 400));
    if (!m) return fail();
    i += m[0].length;
    return Number(m[0].replace('inf', 'Infinity'));
  };
  try {
    const v = value();
    skip();
    return i === text.length ? v : undefined;
  } catch {
    return undefined;
  }
}
