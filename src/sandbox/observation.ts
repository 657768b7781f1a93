// LwM2M observations with their notification attributes: pmin / pmax (seconds), gt / lt (thresholds),
// st (step), con. A notification goes out when pmin has passed and a value changed enough (by st, or
// across gt / lt), or when pmax has passed without one.
import { isObject, type Json, type JsonObject } from './json';
import type { NodeRef } from './datamodelPaths';

export const ATTRIBUTE_NAMES = ['pmin', 'pmax', 'gt', 'lt', 'st', 'epmin', 'epmax', 'con'] as const;
export type Attributes = Partial<Record<(typeof ATTRIBUTE_NAMES)[number], number>>;

export interface Observation {
  id: string;
  refs: NodeRef[];
  composite: boolean;
  attrs: Attributes;
  /** Simulated ms of the last notification. */
  lastNotify: number;
  /** Last notified values by `object/instance/resource[/riid]`. */
  last: Map<string, string>;
}

const asNumber = (v: Json | undefined): number | undefined => {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
  return undefined;
};

/**
 * Attributes after a request: for writeAttributes, `{}` changes nothing, '' clears one, others set;
 * for observe, attributes left out are reset except `con`, and an object with only `con` changes nothing else.
 */
export function applyAttributes(current: Attributes, given: JsonObject | undefined, mode: 'observe' | 'writeAttributes'): Attributes {
  const g = isObject(given) ? given : {};
  const keys = Object.keys(g);
  const onlyCon = keys.length > 0 && keys.every((k) => k === 'con');
  const next: Attributes = mode === 'observe' && !onlyCon && keys.length > 0 ? (current.con !== undefined ? { con: current.con } : {}) : { ...current };
  for (const name of ATTRIBUTE_NAMES) {
    if (!(name in g)) continue;
    const v = g[name];
    if (v === '' || v === null) delete next[name];
    else {
      const n = asNumber(v);
      if (n !== undefined) next[name] = n;
    }
  }
  return next;
}

/** Whether an observation notifies now, given the current values. */
export function shouldNotify(o: Observation, values: Map<string, string>, nowMs: number, defaultPmin: number, defaultPmax: number): boolean {
  const pmin = (o.attrs.pmin ?? defaultPmin) * 1000;
  const pmax = (o.attrs.pmax ?? defaultPmax) * 1000;
  const elapsed = nowMs - o.lastNotify;
  if (elapsed < pmin) return false;
  if (pmax > 0 && elapsed >= pmax) return true;
  for (const [path, v] of values) {
    const before = o.last.get(path);
    if (before === v) continue;
    const a = Number(before);
    const b = Number(v);
    if (before === undefined || !Number.isFinite(a) || !Number.isFinite(b)) return true;
    const hasCond = o.attrs.st !== undefined || o.attrs.gt !== undefined || o.attrs.lt !== undefined;
    if (!hasCond) return true;
    if (o.attrs.st !== undefined && Math.abs(b - a) >= o.attrs.st) return true;
    if (o.attrs.gt !== undefined && (a <= o.attrs.gt) !== (b <= o.attrs.gt)) return true;
    if (o.attrs.lt !== undefined && (a < o.attrs.lt) !== (b < o.attrs.lt)) return true;
  }
  return false;
}
