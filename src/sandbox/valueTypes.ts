// Whether a written text is a valid value of an LwM2M resource type (and its numeric range), and its
// canonical form as the device stores it. The RangeEnumeration is read by core's parser, the same one the
// editor's validation uses, so the simulated device refuses exactly the out-of-range numbers validation flags.
import { parseRange, type ResourceDef } from '../core/index';

export function coerceValue(res: ResourceDef, text: string): string | undefined {
  const t = text.trim();
  switch (res.type) {
    case 'Integer':
    case 'Unsigned Integer':
    case 'Time': {
      if (!/^[-+]?\d+$/.test(t)) return undefined;
      const n = Number(t);
      if (res.type !== 'Integer' && n < 0) return undefined;
      if (!inRange(res, n)) return undefined;
      return String(n);
    }
    case 'Float': {
      const n = Number(t);
      if (t === '' || !Number.isFinite(n) || !inRange(res, n)) return undefined;
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

/** Checks numeric `a..b` ranges; other range notations (enumerations, lengths) are not enforced by the device. */
function inRange(res: ResourceDef, n: number): boolean {
  const range = parseRange(res.range, res.type);
  return range?.kind !== 'numeric' || (n >= range.min && n <= range.max);
}
