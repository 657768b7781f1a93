// Which parts of an operation shadow's `reported` one answer wrote. Shadow updates merge: `reported.result`
// keeps the keys of every earlier answer and `failedKeys` stays until an answer writes it again, so what
// `reported` holds is not what the latest answer said. A leaf belongs to the answer when its metadata
// timestamp is at or after the accepted request's and it provably changed since the request was accepted
// (absent then, another value, or a later timestamp). Timestamps are whole seconds: a leaf rewritten with the
// same value in the second of the request cannot be told from the older one, and is not counted.
import { isRecord } from '../jsonValue';

/** The parts of a shadow document an answer is recognised by (src/aws's ShadowDocument has them). */
export interface ShadowVersion {
  version: number;
  /** epoch seconds */
  timestamp?: number;
  state: { reported?: Record<string, unknown> };
  metadata?: Record<string, unknown>;
}

/** The newest per-field timestamp (epoch seconds) under a metadata section. */
export function newestTimestamp(meta: unknown): number | undefined {
  if (typeof meta !== 'object' || meta === null) return undefined;
  let best: number | undefined;
  for (const [k, v] of Object.entries(meta as Record<string, unknown>)) {
    const t = k === 'timestamp' && typeof v === 'number' ? v : newestTimestamp(v);
    if (t !== undefined && (best === undefined || t > best)) best = t;
  }
  return best;
}

const reportedMeta = (doc: ShadowVersion | undefined): unknown => (doc?.metadata as { reported?: unknown } | undefined)?.reported;
const child = (v: unknown, k: string): unknown => (isRecord(v) ? v[k] : undefined);
const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * `doc`'s reported section reduced to what the answer wrote after `accepted` (same shape; objects kept only
 * where a leaf under them is the answer's). `before` is the shadow as it was when the request was accepted.
 */
export function writtenSince(doc: ShadowVersion, accepted: Pick<ShadowVersion, 'timestamp'>, before: ShadowVersion | undefined): Record<string, unknown> {
  const noMetadata = reportedMeta(doc) === undefined;
  const walk = (value: unknown, meta: unknown, old: unknown, oldMeta: unknown): unknown => {
    // an object is walked per field (arrays are replaced whole by an update: one leaf)
    if (isRecord(value)) {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value)) {
        const w = walk(v, child(meta, k), child(old, k), child(oldMeta, k));
        if (w !== undefined) out[k] = w;
      }
      return Object.keys(out).length ? out : undefined;
    }
    if (noMetadata) return same(value, old) ? undefined : value; // a tolerant path: only changes count
    const ts = newestTimestamp(meta);
    if (ts === undefined || (accepted.timestamp !== undefined && ts < accepted.timestamp)) return undefined;
    if (old !== undefined && same(value, old) && newestTimestamp(oldMeta) === ts) return undefined;
    return value;
  };
  const out = walk(doc.state.reported ?? {}, reportedMeta(doc), before?.state.reported, reportedMeta(before));
  return isRecord(out) ? out : {};
}
