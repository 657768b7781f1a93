// The values of one resource in one version of a datamodel shadow, as points in time. The time of a point
// is the shadow's metadata timestamp for that value (when the device sent it, epoch seconds), not the time
// the shadow was fetched; the document's own timestamp is used only when the metadata has none.
import { isRecord } from '../jsonValue';
import type { LwM2MType, ResourceDef } from '../types';

/** What the series model reads of a datamodel shadow version (a ShadowDocument fits). */
export interface DatamodelVersion {
  state: { reported?: Record<string, unknown> };
  metadata?: Record<string, unknown>;
  /** Epoch seconds. */
  timestamp?: number;
}

/** A resource of a thing's datamodel: `Temperature` / `0` / `Sensor Value`. */
export interface ResourceAddress {
  object: string;
  instance: string;
  resource: string;
}

/** One value at one time; `instance` is the resource instance ID for multi-instance resources. */
export interface Sample {
  instance?: string;
  /** Epoch seconds (from the shadow's metadata). */
  t: number;
  v: number;
}

const PLOTTABLE_TYPES: ReadonlySet<LwM2MType> = new Set(['Integer', 'Unsigned Integer', 'Float', 'Time']);

/** The number a datamodel value stands for (values are strings in the shadow), or undefined. */
export function numericValue(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value !== 'string' || value.trim() === '') return undefined;
  const n = Number(value);
  return Number.isFinite(n) ? n : undefined;
}

/**
 * Whether a resource can be plotted: Integer, Unsigned Integer, Float or Time by its definition; without a
 * definition, when its value (or, for a multi-instance resource, any instance's value) is a number.
 */
export function isPlottable(def: Pick<ResourceDef, 'type'> | undefined, values: readonly (string | undefined)[]): boolean {
  if (def) return PLOTTABLE_TYPES.has(def.type);
  return values.some((v) => numericValue(v) !== undefined);
}

function timestampOf(meta: unknown): number | undefined {
  if (!isRecord(meta)) return undefined;
  const t = meta.timestamp;
  return typeof t === 'number' && Number.isFinite(t) ? t : undefined;
}

function child(v: unknown, key: string): unknown {
  return isRecord(v) ? v[key] : undefined;
}

/**
 * The resource's numeric values in `doc`, each with its metadata timestamp: one sample for a single-instance
 * resource, one per resource instance for a multi-instance one. Values that are not numbers are left out.
 */
export function resourceSamples(doc: DatamodelVersion, at: ResourceAddress): Sample[] {
  const value = child(child(child(doc.state.reported, at.object), at.instance), at.resource);
  const meta = child(child(child(child(doc.metadata, 'reported'), at.object), at.instance), at.resource);
  const fallback = typeof doc.timestamp === 'number' && Number.isFinite(doc.timestamp) ? doc.timestamp : undefined;
  if (isRecord(value)) {
    if (value.noValue === true) return [];
    const out: Sample[] = [];
    for (const [riid, raw] of Object.entries(value)) {
      const v = numericValue(raw);
      const t = timestampOf(child(meta, riid)) ?? fallback;
      if (v !== undefined && t !== undefined) out.push({ instance: riid, t, v });
    }
    return out;
  }
  const v = numericValue(value);
  const t = timestampOf(meta) ?? fallback;
  return v !== undefined && t !== undefined ? [{ t, v }] : [];
}
