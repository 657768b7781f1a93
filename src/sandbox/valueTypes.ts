// Whether a written text is a valid value of an LwM2M resource type (and its numeric range), and its
// canonical form as the device stores it. The RangeEnumeration is read by core's parser, the same one the
// editor's validation uses, so the simulated device refuses exactly the out-of-range numbers validation flags.
import { parseRange, type ResourceDef } from '../core/index';

/**
 * A written text as the resource's type stores it (`1` → `true` for a Boolean, `+7` → `7` for an Integer), or
 * undefined when it cannot be one (`abc` for an Integer). With `checkRange`, numbers outside the resource's numeric
 * range are refused too, as the simulated device does; a real client enforces its own range, so the LwM2M server
 * leaves that to the device.
 */
export function coerceValue(res: ResourceDef | undefined, text: string, checkRange = true): string | undefined {
  const t = text.trim();
  const fits = (n: number) => !checkRange || res === undefined || inRange(res, n);
  switch (res?.type) {
    case 'Integer':
    case 'Unsigned Integer':
    case 'Time': {
      if (!/^[-+]?\d+$/.test(t)) return undefined;
      const n = BigInt(t);
      if (res.type !== 'Integer' && n < 0n) return undefined;
      return fits(Number(n)) ? String(n) : undefined;
    }
    case 'Float': {
      const n = Number(t);
      return t !== '' && Number.isFinite(n) && fits(n) ? t : undefined;
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
