// Keys that repeat or that another key already covers, as the Lambda treats them for each operation.
import type { JsonPath } from '../documentModel';
import { normaliseKey, type OperationRule } from '../operations';
import type { Finding } from './finding';

const SET_KEY_OPERATIONS = ['cancelObserve', 'observeComposite', 'cancelObserveComposite'];

export function duplicateFindings(keys: unknown[], rule: OperationRule, opName: string, keysPath: JsonPath): Finding[] {
  const out: Finding[] = [];
  // cancelObserve and the composite operations pass keys through a set as written: "X" and "X." are two keys
  const asWritten = SET_KEY_OPERATIONS.includes(opName);
  const strs = keys.map((k) => (typeof k !== 'string' ? undefined : asWritten ? k : normaliseKey(k)));
  if (asWritten) {
    keys.forEach((k, i) => {
      if (typeof k === 'string' && k.length > 1 && k.endsWith('.') && !rule.specialKeys.includes(k)) {
        out.push({ code: 'duplicate-key', severity: 'warning', path: [...keysPath, i], target: { kind: 'value' }, fix: { kind: 'replace-value', value: k.slice(0, -1) },
          message: `"${k}" reaches Coiote with its trailing "." (the Lambda strips it only for write, read, observe and writeAttributes), as a key other than "${k.slice(0, -1)}"` });
      }
    });
  }
  const firstIndex = new Map<string, number>();
  strs.forEach((k, i) => {
    if (k === undefined) return;
    const prev = firstIndex.get(k);
    if (prev === undefined) { firstIndex.set(k, i); return; }
    if (rule.duplicates === 'error') {
      out.push({ code: 'duplicate-key', severity: 'error', path: [...keysPath, i], target: { kind: 'value' },
        message: `key "${k}" repeats key ${prev + 1} (trailing "." ignored): the Lambda refuses duplicate keys for ${opName}` });
    } else {
      out.push({ code: 'duplicate-key', severity: 'warning', path: [...keysPath, i], target: { kind: 'value' },
        message: `key "${k}" repeats key ${prev + 1}: ${rule.duplicates === 'dropped' ? 'the Lambda drops the duplicate' : 'it is sent twice'}` });
    }
  });
  if (rule.prefixSwallows || rule.name === 'cancelObserve') {
    const all = strs.findIndex((k) => k !== undefined && rule.specialKeys.includes(k));
    strs.forEach((k, i) => {
      if (k === undefined || firstIndex.get(k) !== i) return;
      if (all >= 0 && i !== all && !rule.specialKeys.includes(k)) {
        out.push({ code: 'duplicate-key', severity: 'warning', path: [...keysPath, i], target: { kind: 'value' },
          message: `"${keys[all] as string}" already covers everything, so "${k}" adds nothing` });
        return;
      }
      if (!rule.prefixSwallows) return;
      // the first key that names a whole ancestor of k: look up each of k's proper prefixes at a '.' (linear)
      let cover = -1;
      for (let dot = k.indexOf('.'); dot >= 0; dot = k.indexOf('.', dot + 1)) {
        const o = k.slice(0, dot);
        const j = firstIndex.get(o);
        if (j !== undefined && j !== i && !rule.specialKeys.includes(o) && (cover < 0 || j < cover)) cover = j;
      }
      if (cover >= 0) {
        out.push({ code: 'duplicate-key', severity: 'warning', path: [...keysPath, i], target: { kind: 'value' },
          message: `"${k}" is inside "${strs[cover]}", which already ${opName === 'observe' ? 'observes' : 'reads'} it: the Lambda drops it` });
      }
    });
  }
  return out;
}
