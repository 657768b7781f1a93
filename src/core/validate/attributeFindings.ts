// The "attributes" of observe and writeAttributes: periods and thresholds that contradict each other or the resource.
import type { JsonPath } from '../documentModel';
import type { ParsedKey } from '../keys';
import { isRecord } from '../jsonValue';
import type { Finding } from './finding';

export function attributeFindings(attrs: unknown[], parsed: (ParsedKey | undefined)[], attrsPath: JsonPath): Finding[] {
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
