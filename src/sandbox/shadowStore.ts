// Every thing's shadows (classic = '' and named), stored with AWS semantics: versions that keep
// counting across deletes, 409 on a stale version, metadata, delta. Only what updates and deletes wrote is
// kept (charged to the memory budget); a seeded shadow nobody wrote is built from the seed each time it is
// read — the same document every time, its ages counted from the thing's first read — so a 100,000-thing
// fleet neither starts with 300,000 documents nor keeps them once read. Beyond the seeded ones it keeps at
// most MAX_WRITTEN_SHADOWS shadows (each at most 8 KB of state, AWS's limit).
import { ApiError, invalidRequest } from './apiError';
import { clone, isObject, type JsonObject } from './json';
import { MemoryBudget, shadowBytes } from './memoryBudget';
import { applyUpdate, computeDelta, metadataOf, parseUpdate, requestMetadata, type ShadowState, type UpdateRequest } from './shadowDocument';
import type { SimClock } from './clock';

const SHADOW_NAME = /^[a-zA-Z0-9:_-]{1,64}$/;
/** Shadows that updates may create besides the seeded fleet's (a sandbox written to for days stays bounded). */
export const MAX_WRITTEN_SHADOWS = 10_000;
/** Seeded shadows built for a read and kept for the next (the documents someone has open); about 4 MB at most. */
const RECENTLY_BUILT = 256;

interface ShadowRecord extends ShadowState {
  version: number;
  timestamp: number;
  exists: boolean;
  /** What the record is charged to the memory budget (0 for a seeded one built on read, which is not kept). */
  bytes: number;
}

/** Where seeded shadows come from (the fleet). */
export interface ShadowSeed {
  /** Shadow names ('' = classic) the thing starts with, or undefined for a thing not seeded. */
  shadowsOf(thingName: string): readonly string[] | undefined;
  /** The shadow's initial state, the same for the same `atMs` (epoch ms its ages count back from). */
  initial(thingName: string, shadowName: string, atMs: number): { reported?: JsonObject; timestamp: number };
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
  /** What updates and deletes wrote, per thing (a deleted shadow keeps its version). */
  private readonly stored = new Map<string, Map<string, ShadowRecord>>();
  /** When each seeded thing's shadows were first read or written (epoch ms): their ages count back from then. */
  private readonly firstRead = new Map<string, number>();
  /** The seeded records built last, least recently read first (by `thing/shadow`: '/' is in neither name). */
  private readonly built = new Map<string, ShadowRecord>();
  private readonly listeners: ShadowListener[] = [];
  private readonly changeListeners: ShadowChangeListener[] = [];
  private written = 0;

  constructor(
    private readonly clock: SimClock,
    private readonly seed?: ShadowSeed,
    private readonly budget = new MemoryBudget(),
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
    const stored = this.stored.get(thingName)?.get(shadowName);
    if (stored) return stored.exists ? stored : undefined;
    if (!this.seed?.shadowsOf(thingName)?.includes(shadowName)) return undefined;
    const init = this.seed.initial(thingName, shadowName, this.firstRead.get(thingName) ?? Date.now());
    return { ...(init.reported && Object.keys(init.reported).length ? { reported: init.reported } : {}), version: 1 };
  }

  /** UpdateThingShadow: checks, merges, bumps the version; answers as the accepted topic does. */
  update(thingName: string, shadowName: string, payload: Buffer | string | UpdateRequest): JsonObject {
    checkShadowName(shadowName);
    const req = typeof payload === 'string' || Buffer.isBuffer(payload) ? parseUpdate(payload) : payload;
    const known = this.record(thingName, shadowName);
    if (!known && this.written >= MAX_WRITTEN_SHADOWS) throw invalidRequest(`The sandbox keeps at most ${MAX_WRITTEN_SHADOWS} shadows besides the seeded fleet's`);
    const current = known ?? { version: 0, timestamp: 0, exists: false, bytes: 0 };
    if (req.version !== undefined && req.version !== current.version) throw new ApiError(409, 'ConflictException', 'Version conflict');
    const ts = this.clock.nowSeconds();
    const next = applyUpdate(current.exists ? current : {}, req, ts);
    const rec: ShadowRecord = { ...next, version: current.version + 1, timestamp: ts, exists: true, bytes: 0 };
    rec.bytes = shadowBytes([rec.desired, rec.reported, rec.metaDesired, rec.metaReported]);
    this.keep(thingName, shadowName, rec, (message) => invalidRequest(message));
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
    const r = this.record(thingName, shadowName);
    if (!r?.exists) throw noShadow(thingName, shadowName);
    const ts = this.clock.nowSeconds();
    this.keep(thingName, shadowName, { version: r.version, timestamp: ts, exists: false, bytes: shadowBytes([]) }, (message) => invalidRequest(message));
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

  /** Things whose shadows have been read or written. */
  *touchedThings(): IterableIterator<string> {
    yield* this.firstRead.keys();
    for (const name of this.stored.keys()) if (!this.firstRead.has(name)) yield name;
  }

  /** Names of the thing's named shadows that exist, sorted. */
  listNamed(thingName: string): string[] {
    const names = new Set([...(this.seededNames(thingName) ?? []), ...(this.stored.get(thingName)?.keys() ?? [])]);
    names.delete('');
    return [...names].filter((n) => this.record(thingName, n)?.exists).sort();
  }

  /** The shadow as written, or as seeded (built now, not kept), or undefined when it never existed. */
  private record(thingName: string, shadowName: string): ShadowRecord | undefined {
    const stored = this.stored.get(thingName)?.get(shadowName);
    if (stored) return stored;
    const seeded = this.seededNames(thingName);
    if (!seeded?.includes(shadowName)) return undefined;
    const key = `${thingName}/${shadowName}`;
    let rec = this.built.get(key);
    if (rec) this.built.delete(key);
    else {
      const init = this.seed!.initial(thingName, shadowName, this.firstRead.get(thingName)!);
      rec = { version: 1, timestamp: init.timestamp, exists: true, bytes: 0 };
      if (init.reported && Object.keys(init.reported).length) {
        rec.reported = init.reported;
        rec.metaReported = metadataOf(init.reported, init.timestamp) as JsonObject;
      }
    }
    this.built.set(key, rec);
    if (this.built.size > RECENTLY_BUILT) this.built.delete(this.built.keys().next().value!);
    return rec;
  }

  /** The seeded thing's shadow names (its first read is stamped now if it had none), or undefined. */
  private seededNames(thingName: string): readonly string[] | undefined {
    const seeded = this.seed?.shadowsOf(thingName);
    if (seeded && !this.firstRead.has(thingName)) this.firstRead.set(thingName, Date.now());
    return seeded;
  }

  /** Keeps a written record in place of the one before, charged to the budget (refused: nothing changes). */
  private keep(thingName: string, shadowName: string, rec: ShadowRecord, refuse: (message: string) => Error): void {
    let shadows = this.stored.get(thingName);
    const more = rec.bytes - (shadows?.get(shadowName)?.bytes ?? 0);
    if (more > 0) this.budget.charge(more, refuse);
    else this.budget.release(-more);
    // the thing's entry is made only for an accepted write: refused ones leave nothing behind
    if (!shadows) this.stored.set(thingName, (shadows = new Map()));
    shadows.set(shadowName, rec);
    this.built.delete(`${thingName}/${shadowName}`);
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
