// Whether a written text is a valid value of an LwM2M resource type (and its simple numeric range), and
// its canonical form as the device stores it.
import type { ResourceDef } from '../core/index';

export function coerceValue(res: ResourceDef, text: string): string | undefined {
  const t = text.trim();
  switch (res.type) {
    case 'Integer':
    case 'Unsigned Integer':
    case 'Time': {
      if (!/^[-+]?\d+$/.test(t)) return undefined;
      const n = Number(t);
      if (res.type !== 'Integer' && n < 0) return undefined;
      if (!inRange(res.range, n)) return undefined;
      return String(n);
    }
    case 'Float': {
      const n = Number(t);
      if (t === '' || !Number.isFinite(n) || !inRange(res.range, n)) return undefined;
      return t;
    }
    case 'Boolean': {
      const b = t.toLowerCase();
      if (b === 'true' || b === '1') return 'true';
      if (b === 'false' || b === '0') return 'false';
      return undefined;
    }
    case 'Objlnk':
      return /^\d{1,5}:\d{1,5}$/.test(t) ? t : undefined;
    case 'None':
      return undefined;
    default:
      return text;
  }
}

/** Checks `a..b` ranges; other range notations (enumerations, byte lengths) are not enforced. */
function inRange(range: string | undefined, n: number): boolean {
  const m = range ? /^\s*(-?\d+(?:\.\d+)?)\s*\.\.\s*(-?\d+(?:\.\d+)?)\s*$/.exec(range) : null;
  return !m || (n >= Number(m[1]) && n <= Number(m[2]));
}
