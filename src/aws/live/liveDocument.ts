// Shadow topic payloads → ShadowDocument, the same shape GetThingShadow gives (decodeShadow): a
// `get/accepted` payload is a full document; an `update/documents` side (previous or current) has state
// without delta, which is derived here as the shadow service derives it.
import { decodeShadow } from '../shadows';
import type { ShadowDocument } from '../types';
import { isRecord } from '../../core/jsonValue';

type Obj = Record<string, unknown>;

/** The fields of desired that reported lacks or holds with another value (objects compared per field). */
export function shadowDelta(desired: unknown, reported: unknown): Obj | undefined {
  if (!isRecord(desired)) return undefined;
  const out: Obj = {};
  for (const [k, d] of Object.entries(desired)) {
    const r = isRecord(reported) ? reported[k] : undefined;
    if (isRecord(d) && isRecord(r)) {
      const sub = shadowDelta(d, r);
      if (sub) out[k] = sub;
    } else if (JSON.stringify(d) !== JSON.stringify(r)) out[k] = d;
  }
  return Object.keys(out).length ? out : undefined;
}

const encoder = new TextEncoder();

/** A document from `get/accepted` (what GetThingShadow returns, plus the request's clientToken). */
export function documentFromGet(thingName: string, shadowName: string, payload: Uint8Array): ShadowDocument {
  return decodeShadow(thingName, shadowName, payload);
}

/** One side of an `update/documents` message, with the message's timestamp. */
export function documentFromSide(thingName: string, shadowName: string, side: unknown, timestamp: unknown): ShadowDocument | undefined {
  if (!isRecord(side) || typeof side.version !== 'number') return undefined;
  const state = isRecord(side.state) ? side.state : {};
  const delta = shadowDelta(state.desired, state.reported);
  const body = {
    state: { ...(state.desired !== undefined ? { desired: state.desired } : {}), ...(state.reported !== undefined ? { reported: state.reported } : {}), ...(delta ? { delta } : {}) },
    ...(isRecord(side.metadata) ? { metadata: side.metadata } : {}),
    version: side.version,
    ...(typeof timestamp === 'number' ? { timestamp } : {}),
  };
  return decodeShadow(thingName, shadowName, encoder.encode(JSON.stringify(body)));
}
