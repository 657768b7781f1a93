// Every thing's shadows (classic = '' and named), stored with AWS semantics: versions that keep
// counting across deletes, 409 on a stale version, metadata, delta. Seeded shadows are generated on
// first access of a thing, so a 10,000-thing fleet starts without building 30,000 documents. Beyond the
// seeded ones it keeps at most MAX_WRITTEN_SHADOWS shadows (each at most 8 KB of state, AWS's limit).
import { ApiError, invalidRequest } from './apiError';
import { clone, isObject, type JsonObject } from './json';
import { applyUpdate, computeDelta, metadataOf, parseUpdate, requestMetadata, type ShadowState, type UpdateRequest } from './shadowDocument';
import type { SimClock } from './clock';

const SHADOW_NAME = /^[a-zA-Z0-9:_-]{1,64}$/;
/** Shadows that updates may create besides the seeded fleet's (a sandbox written to for days stays bounded). */
export const MAX_WRITTEN_SHADOWS = 10_000;

interface ShadowRecord extends ShadowState {
  version: number;
  timestamp: number;
  exists: boolean;
}

/** Where seeded shadows come from (the fleet). */
export interface ShadowSeed {
  /** Shadow names ('' = classic) the thing starts with, or undefined for a thing not seeded. */
  shadowsOf(thingName: string): string[] | undefined;
  initial(thingName: string, shadowName: string): { reported?: JsonObject; timestamp: number };
}

export interface ShadowUpdateEvent {
  thingName: string;
  shadowName: string;
  request: UpdateRequest;
  /** The update's JSON text as sent, when it came as text (rules read numbers as written from it). */
  payloadText?: string;
  version: number;
  timestamp: number;
}

export type ShadowListener = (e: ShadowUpdateEvent) => void;

/**
 * A shadow changed (update or delete, from any client): the documents before and after, as the
 * `update/documents` topic describes them (state without delta, metadata, version). The MQTT broker
 * publishes AWS's shadow topics from these.
 */
export interface ShadowChangeEvent {
  thingName: string;
  shadowName: string;
  kind: 'update' | 'delete';
  /** The document before (absent when the shadow did not exist). */
  previous?: JsonObject;
  /** The document after an update. */
  current?: JsonObject;
  /** What an `update/accepted` (or `delete/accepted`) subscriber receives. */
  accepted: JsonObject;
  /** The update's delta (desired that differs from reported), when the update had `desired`. */
  delta?: JsonObject;
  version: number;
  timestamp: number;
  clientToken?: string;
}

export type ShadowChangeListener = (e: ShadowChangeEvent) => void;

export class ShadowStore {
  private readonly things = new Map<string, Map<string, ShadowRecord>>();
  private readonly listeners: ShadowListener[] = [];
  private readonly changeListeners: ShadowChangeListener[] = [];
  private written = 0;

  constructor(
    private readonly clock: SimClock,
    private readonly seed?: ShadowSeed,
  ) {}

  onAccepted(listener: ShadowListener): void {
    this.listeners.push(listener);
  }

  /** Every accepted update and delete, before the integration's rules see it (the MQTT broker). */
  onChange(listener: ShadowChangeListener): void {
    this.changeListeners.push(listener);
  }

  /** GetThingShadow: the full document, with delta when desired and reported differ. */
  get(thingName: string, shadowName: string): JsonObject {
    checkShadowName(shadowName);
    const r = this.record(thingName, shadowName);
    if (!r?.exists) throw noShadow(thingName, shadowName);
    // `timestamp` of a GET is when the service sent the document, as AWS documents it.
    return documentOf(r, this.clock.nowSeconds());
  }

  /** The stored state, or undefined (no copy: callers must not change it). */
  peek(thingName: string, shadowName: string): { desired?: JsonObject; reported?: JsonObject; version: number; timestamp: number } | undefined {
    const r = this.record(thingName, shadowName);
    return r?.exists ? r : undefined;
  }

  /**
   * What fleet indexing sees of a shadow: the stored state, or for a seeded thing never touched, its initial
   * state computed without keeping it (so searching 100,000 things does not build 100,000 shadows).
   */
  indexed(thingName: string, shadowName: string): { desired?: JsonObject; reported?: JsonObject; version: number } | undefined {
    const stored = this.things.get(thingName);
    if (stored) {
      const r = stored.get(shadowName);
      return r?.exists ? r : undefined;
    }
    if (!this.seed?.shadowsOf(thingName)?.includes(shadowName)) return undefined;
    const init = this.seed.initial(thingName, shadowName);
    return { ...(init.reported && Object.keys(init.reported).length ? { reported: init.reported } : {}), version: 1 };
  }

  /** UpdateThingShadow: checks, merges, bumps the version; answers as the accepted topic does. */
  update(thingName: string, shadowName: string, payload: Buffer | string | UpdateRequest): JsonObject {
    checkShadowName(shadowName);
    const req = typeof payload === 'string' || Buffer.isBuffer(payload) ? parseUpdate(payload) : payload;
    const known = this.record(thingName, shadowName);
    if (!known && this.written >= MAX_WRITTEN_SHADOWS) throw invalidRequest(`The sandbox keeps at most ${MAX_WRITTEN_SHADOWS} shadows besides the seeded fleet's`);
    const current = known ?? { version: 0, timestamp: 0, exists: false };
    if (req.version !== undefined && req.version !== current.version) throw new ApiError(409, 'ConflictException', 'Version conflict');
    const ts = this.clock.nowSeconds();
    const next = applyUpdate(current.exists ? current : {}, req, ts);
    const rec: ShadowRecord = { ...next, version: current.version + 1, timestamp: ts, exists: true };
    // the thing's entry is made only for an accepted update: refused ones leave nothing behind
    this.shadowsOf(thingName, true)!.set(shadowName, rec);
    if (!known) this.written++;
    const meta: JsonObject = {};
    if (req.desired !== undefined) meta.desired = req.desired === null ? { timestamp: ts } : requestMetadata(req.desired, ts);
    if (req.reported !== undefined) meta.reported = req.reported === null ? { timestamp: ts } : requestMetadata(req.reported, ts);
    const response: JsonObject = { state: clone(req.state), metadata: meta, version: rec.version, timestamp: ts };
    if (req.clientToken !== undefined) response.clientToken = req.clientToken;
    if (this.changeListeners.length) {
      const delta = req.desired ? computeDelta(rec.desired, rec.reported) : undefined;
      this.emitChange({
        thingName, shadowName, kind: 'update', ...(current.exists ? { previous: changeDocumentOf(current) } : {}),
        current: changeDocumentOf(rec), accepted: response, ...(delta ? { delta } : {}),
        version: rec.version, timestamp: ts, ...(req.clientToken !== undefined ? { clientToken: req.clientToken } : {}),
      });
    }
    const payloadText = typeof payload === 'string' ? payload : Buffer.isBuffer(payload) ? payload.toString('utf8') : undefined;
    const event: ShadowUpdateEvent = { thingName, shadowName, request: req, payloadText, version: rec.version, timestamp: ts };
    for (const l of this.listeners) {
      try {
        l(event);
      } catch {
        // a rule's failure never fails the caller's update
      }
    }
    return response;
  }

  /** DeleteThingShadow: the version survives, so the next update continues from it. */
  delete(thingName: string, shadowName: string): JsonObject {
    checkShadowName(shadowName);
    const shadows = this.shadowsOf(thingName, false);
    const r = shadows?.get(shadowName);
    if (!r?.exists) throw noShadow(thingName, shadowName);
    const ts = this.clock.nowSeconds();
    shadows!.set(shadowName, { version: r.version, timestamp: ts, exists: false });
    const accepted: JsonObject = { version: r.version, timestamp: ts };
    if (this.changeListeners.length) {
      this.emitChange({ thingName, shadowName, kind: 'delete', previous: changeDocumentOf(r), accepted, version: r.version, timestamp: ts });
    }
    return accepted;
  }

  private emitChange(e: ShadowChangeEvent): void {
    for (const l of this.changeListeners) {
      try {
        l(e);
      } catch {
        // a subscriber's failure never fails the caller's request
      }
    }
  }

  /** Things whose shadows have been read or written (seeded ones are built on first access). */
  touchedThings(): IterableIterator<string> {
    return this.things.keys();
  }

  /** Names of the thing's named shadows that exist, sorted. */
  listNamed(thingName: string): string[] {
    const shadows = this.shadowsOf(thingName, false);
    if (!shadows) return [];
    return [...shadows.entries()].filter(([n, r]) => n !== '' && r.exists).map(([n]) => n).sort();
  }

  private record(thingName: string, shadowName: string): ShadowRecord | undefined {
    return this.shadowsOf(thingName, false)?.get(shadowName);
  }

  private shadowsOf(thingName: string, create: boolean): Map<string, ShadowRecord> | undefined {
    let m = this.things.get(thingName);
    if (m) return m;
    const seeded = this.seed?.shadowsOf(thingName);
    if (!seeded && !create) return undefined;
    m = new Map();
    for (const name of seeded ?? []) {
      const init = this.seed!.initial(thingName, name);
      const rec: ShadowRecord = { version: 1, timestamp: init.timestamp, exists: true };
      if (init.reported && Object.keys(init.reported).length) {
        rec.reported = init.reported;
        rec.metaReported = metadataOf(init.reported, init.timestamp) as JsonObject;
      }
      m.set(name, rec);
    }
    this.things.set(thingName, m);
    return m;
  }
}

function documentOf(r: ShadowRecord, now: number): JsonObject {
  const state: JsonObject = {};
  const metadata: JsonObject = {};
  if (r.desired) state.desired = clone(r.desired);
  if (r.reported) state.reported = clone(r.reported);
  const delta = computeDelta(r.desired, r.reported);
  if (delta) state.delta = delta;
  if (r.metaDesired && isObject(r.metaDesired)) metadata.desired = clone(r.metaDesired);
  if (r.metaReported && isObject(r.metaReported)) metadata.reported = clone(r.metaReported);
  return { state, metadata, version: r.version, timestamp: now };
}

/** A document as `update/documents` carries it: state (desired, reported; no delta), metadata, version. */
function changeDocumentOf(r: ShadowRecord): JsonObject {
  const state: JsonObject = {};
  const metadata: JsonObject = {};
  if (r.desired) state.desired = clone(r.desired);
  if (r.reported) state.reported = clone(r.reported);
  if (r.metaDesired && isObject(r.metaDesired)) metadata.desired = clone(r.metaDesired);
  if (r.metaReported && isObject(r.metaReported)) metadata.reported = clone(r.metaReported);
  return { state, metadata, version: r.version };
}

function checkShadowName(name: string): void {
  if (name !== '' && !SHADOW_NAME.test(name)) throw invalidRequest('Invalid shadow name');
}

function noShadow(thingName: string, shadowName: string): ApiError {
  return new ApiError(404, 'ResourceNotFoundException', `No shadow exists with name: '${shadowName ? `${thingName}~${shadowName}` : thingName}'`);
}
