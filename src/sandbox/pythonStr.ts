// How the integration's Python Lambda turns JSON values into text: Python's str() of the value json.loads
// produced (true → "True", null → "None", objects as dict reprs), joined with commas.
import { isObject, type Json } from './json';

export function pythonStr(v: Json | undefined): string {
  if (typeof v === 'string') return v;
  return pythonRepr(v);
}

function pythonRepr(v: Json | undefined): string {
  if (v === null || v === undefined) return 'None';
  if (v === true) return 'True';
  if (v === false) return 'False';
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : String(v);
  if (typeof v === 'string') return `'${v.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  if (Array.isArray(v)) return `[${v.map(pythonRepr).join(', ')}]`;
  if (isObject(v)) return `{${Object.entries(v).map(([k, x]) => `'${k}': ${pythonRepr(x)}`).join(', ')}}`;
  return String(v);
}

/** The attributes list literal the Lambda sends (a null attribute value becomes '' — clear it). */
export function pythonAttributes(list: Json[]): string {
  return `[${list
    .map((a) => (isObject(a) ? `{${Object.entries(a).map(([k, x]) => `'${k}': ${x === null ? "''" : pythonRepr(x)}`).join(', ')}}` : pythonRepr(a)))
    .join(', ')}]`;
}
