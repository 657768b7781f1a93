// AWS IoT Device Shadow semantics on plain JSON: merging an update (null deletes a field), per-field
// metadata timestamps, the delta between desired and reported, and the documented limits
// (8 KB of desired + reported after the merge, 6 levels of nesting).
import { ApiError } from './apiError';
import { clone, deepEqual, isObject, MAX_JSON_NESTING, nestingDepth, nestsDeeperThan, own, setOwn, type Json, type JsonObject } from './json';

export const MAX_STATE_BYTES = 8192;
export const MAX_DEPTH = 6;
/** AWS refuses shadow request payloads past 128 KB before looking at them. */
export const MAX_PAYLOAD_BYTES = 128 * 1024;

export interface ShadowState {
  desired?: JsonObject;
  reported?: JsonObject;
  metaDesired?: JsonObject;
  metaReported?: JsonObject;
}

export interface UpdateRequest {
  desired?: JsonObject | null;
  reported?: JsonObject | null;
  version?: number;
  clientToken?: string;
  /** The request's `state` as sent (echoed by the accepted response). */
  state: JsonObject;
}

export const tooLarge = () => new ApiError(413, 'RequestEntityTooLargeException', 'The payload exceeds the maximum size allowed');
const bad = (message: string) => new ApiError(400, 'InvalidRequestException', message);

/** Parses and checks an UpdateThingShadow payload as the shadow service does. */
export function parseUpdate(payload: Buffer | string): UpdateRequest {
  const text = typeof payload === 'string' ? payload : payload.toString('utf8');
  if (Buffer.byteLength(text) > MAX_PAYLOAD_BYTES) throw tooLarge();
  // Past 64 levels the text is refused unread: nothing recursive below ever sees it.
  if (nestsDeeperThan(text, MAX_JSON_NESTING)) throw bad(`JSON contains too many levels of nesting; maximum is ${MAX_DEPTH}`);
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    throw bad('Invalid JSON');
  }
  if (!isObject(doc)) throw bad('Invalid JSON');
  if (!Object.hasOwn(doc, 'state')) throw bad('Missing required node: state');
  const state = doc.state;
  if (!isObject(state)) throw bad('State node must be an object');
  const req: UpdateRequest = { state };
  for (const section of ['desired', 'reported'] as const) {
    if (!Object.hasOwn(state, section)) continue;
    const v = state[section];
    if (v !== null && !isObject(v)) throw bad(`${section === 'desired' ? 'Desired' : 'Reported'} node must be an object`);
    if (nestingDepth(v) > MAX_DEPTH) throw bad('JSON contains too many levels of nesting; maximum is 6');
    req[section] = v;
  }
  if (Object.hasOwn(doc, 'version')) {
    const v = doc.version;
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) throw bad('Invalid version');
    req.version = v;
  }
  if (Object.hasOwn(doc, 'clientToken')) {
    const t = doc.clientToken;
    if (typeof t !== 'string' || Buffer.byteLength(t) > 64) throw bad('Invalid clientToken');
    req.clientToken = t;
  }
  return req;
}

/** Merges `patch` into `target` (which it changes): objects merge, null deletes, anything else replaces. */
export function mergeInto(target: JsonObject, patch: JsonObject): JsonObject {
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete target[k];
    else if (isObject(v)) {
      const cur = own(target, k);
      setOwn(target, k, mergeInto(isObject(cur) ? cur : {}, v));
    } else setOwn(target, k, clone(v));
  }
  return target;
}

/** Metadata for a value written at `ts`: the same shape, every leaf (and array element) `{"timestamp": ts}`. */
export function metadataOf(v: Json, ts: number): Json {
  if (Array.isArray(v)) return v.map((x) => metadataOf(x, ts));
  if (isObject(v)) {
    const out: JsonObject = {};
    for (const [k, x] of Object.entries(v)) setOwn(out, k, metadataOf(x, ts));
    return out;
  }
  return { timestamp: ts };
}

/** Merges metadata for `patch` into `meta` (changed in place), mirroring mergeInto. */
export function mergeMetadata(meta: JsonObject, patch: JsonObject, ts: number): JsonObject {
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete meta[k];
    else if (isObject(v)) {
      const cur = own(meta, k);
      setOwn(meta, k, mergeMetadata(isObject(cur) && !(typeof own(cur, 'timestamp') === 'number' && Object.keys(cur).length === 1) ? cur : {}, v, ts));
    } else setOwn(meta, k, metadataOf(v, ts));
  }
  return meta;
}

/** Request metadata as the accepted response shows it: a timestamp for every field the request touched. */
export function requestMetadata(patch: JsonObject, ts: number): JsonObject {
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(patch)) setOwn(out, k, v === null ? { timestamp: ts } : metadataOf(v, ts));
  return out;
}

/** The fields of desired that reported does not have, or has with another value (objects compared per field). */
export function computeDelta(desired: JsonObject | undefined, reported: JsonObject | undefined): JsonObject | undefined {
  if (!desired) return undefined;
  const out: JsonObject = {};
  for (const [k, d] of Object.entries(desired)) {
    const r = own(reported, k);
    if (isObject(d) && isObject(r)) {
      const sub = computeDelta(d, r);
      if (sub) setOwn(out, k, sub);
    } else if (!deepEqual(d, r)) setOwn(out, k, clone(d));
  }
  return Object.keys(out).length ? out : undefined;
}

/** Metadata for the fields of a delta, taken from desired's metadata. */
export function deltaMetadata(delta: JsonObject, metaDesired: JsonObject | undefined): JsonObject {
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(delta)) {
    const m = own(metaDesired, k);
    setOwn(out, k, isObject(v) && isObject(m) ? deltaMetadata(v, m) : (m ?? null));
  }
  return out;
}

/** Bytes of desired + reported that count against the 8 KB limit (metadata does not count). */
export function stateBytes(s: { desired?: JsonObject; reported?: JsonObject }): number {
  return (s.desired ? Buffer.byteLength(JSON.stringify(s.desired)) : 0) + (s.reported ? Buffer.byteLength(JSON.stringify(s.reported)) : 0);
}

/** Applies an update to a copy of `current`; throws 413 when the result would pass 8 KB. */
export function applyUpdate(current: ShadowState, req: UpdateRequest, ts: number): ShadowState {
  const next: ShadowState = {
    desired: current.desired ? clone(current.desired) : undefined,
    reported: current.reported ? clone(current.reported) : undefined,
    metaDesired: current.metaDesired ? clone(current.metaDesired) : undefined,
    metaReported: current.metaReported ? clone(current.metaReported) : undefined,
  };
  for (const section of ['desired', 'reported'] as const) {
    const metaKey = section === 'desired' ? 'metaDesired' : 'metaReported';
    const patch = req[section];
    if (patch === undefined) continue;
    if (patch === null) {
      next[section] = undefined;
      next[metaKey] = undefined;
      continue;
    }
    next[section] = mergeInto(next[section] ?? {}, patch);
    next[metaKey] = mergeMetadata(next[metaKey] ?? {}, patch, ts);
    if (!Object.keys(next[section]!).length) {
      next[section] = undefined;
      next[metaKey] = undefined;
    }
  }
  if (stateBytes(next) > MAX_STATE_BYTES) throw tooLarge();
  return next;
}
