// How a resource value reads in the Fleet tree: the value with its units, `noValue` as such, a
// multi-instance resource as its count. Pure (no vscode).
import { unitText } from '../../core/unitText'; // a tiny pure function called synchronously: a direct import on purpose (see eslint.config.mjs, ui → core)
import type { DmResource, ResourceDef } from '../../core/index';

export const NO_VALUE_TEXT = 'no value';

/** Units as people read them ("Cel" → "°C", OMA's "/100" → "%"): see core/unitText. */
export function displayUnits(units: string | undefined): string | undefined {
  return unitText(units);
}

export function valueWithUnits(value: string, def: Partial<Pick<ResourceDef, 'type' | 'units'>> | undefined): string {
  if (def?.type === 'Time' && /^\d{9,11}$/.test(value)) {
    const iso = new Date(Number(value) * 1000).toISOString().replace('T', ' ').replace(/\.000Z$/, ' UTC');
    return `${value} (${iso})`;
  }
  const units = displayUnits(def?.units);
  if (!units || value === '') return value;
  return `${value} ${units}`;
}

export function resourceValueText(res: DmResource): string {
  if (res.instances) {
    const n = res.instances.length;
    return n === 1 ? '1 instance' : `${n} instances`;
  }
  if (res.noValue || res.value === undefined) return NO_VALUE_TEXT;
  return valueWithUnits(res.value, res.def);
}
