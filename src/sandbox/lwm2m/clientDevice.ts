// A real LwM2M client as Coiote DM's device: it takes the Lambda's tasks (the same CoioteDevice face the simulated
// devices have), turns each into LwM2M requests on the client's registration — Read, Write (typed from the
// registry), Execute with arguments, Write-Attributes then Observe, Cancel Observation, Read-/Observe-Composite
// (FETCH with SenML) — and reports the answers into the operation shadow (`failedKeys`, `result` values as text)
// and notifications into the datamodel shadow, exactly as the simulated devices do. Tasks run one at a time; a
// queue-mode client gets them after its next Update; a client that does not answer ends in failedKeys after
// CoAP's exchange lifetime.
import type { CoioteDevice, CoioteDeviceState } from '../coioteDevice';
import type { SimClock } from '../clock';
import { mergeResult } from '../datamodelPaths';
import { reportOutcome, writeReported, type Outcome } from '../deviceShadows';
import type { JsonObject } from '../json';
import type { CoioteTask } from '../lambda';
import type { ShadowStore } from '../shadowStore';
import { recordsToDatamodel } from './answerShadows';
import type { CoapLog } from './coapLog';
import { CodecError, FORMATS, acceptFor, decode, encode, encodePaths, type Lwm2mRecord } from './codecs/index';
import { ObjectNaming, type KeyPath, type ObjectResolver } from './objectNaming';
import type { ClientRegistration } from './registrations';
import { attributeChange, attributeQuery, hasComposite, taskAttributes, taskKeys, type AttributeValues } from './requestMapping';
import { coerceValue } from '../valueTypes';
import { peerText, type Answer, type CoapTransport, type Observation, type OutRequest } from './transport';

/** How long a queue-mode client listens after an Update (CoAP's MAX_TRANSMIT_WAIT). */
export const QUEUE_AWAKE_MS = 93_000;
/** Tasks that may wait for a client; past it a task fails at once. */
const MAX_PENDING = 100;
/** Observations a client may have at once (each holds a token and a stream). */
const MAX_OBSERVATIONS = 64;
const WHOLE_MODEL = new Set(['all', '', '.', '/']);

export interface ClientContext {
  transport: CoapTransport;
  shadows: ShadowStore;
  clock: SimClock;
  log: CoapLog;
  resolve: ObjectResolver;
  /** Tests: how long a queue-mode client listens after an Update (default QUEUE_AWAKE_MS). */
  queueAwakeMs?: number;
}

interface Observed {
  cancel(): void;
  composite: boolean;
}

export class ClientDevice implements CoioteDevice {
  private reg: ClientRegistration | undefined;
  private naming: ObjectNaming;
  /** The thing exists and its shadows were written: tasks may run. */
  private ready = false;
  private readonly pending: CoioteTask[] = [];
  private busy = false;
  private readonly observations = new Map<string, Observed>();
  /** Attributes this server wrote, by path. */
  private readonly written = new Map<string, AttributeValues>();
  private last: ClientRegistration;

  constructor(
    readonly thingName: string,
    reg: ClientRegistration,
    private readonly ctx: ClientContext,
  ) {
    this.reg = reg;
    this.last = reg;
    this.naming = new ObjectNaming(ctx.resolve, reg.objectIds);
  }

  get registration(): ClientRegistration | undefined {
    return this.reg;
  }

  get objectNaming(): ObjectNaming {
    return this.naming;
  }

  get state(): CoioteDeviceState {
    const r = this.last;
    return {
      connectivity: !this.reg ? 'offline' : r.queueMode ? 'queue' : 'online',
      reachable: this.reachable(),
      pending: this.pending.length,
      observations: [...this.observations.keys()],
      lwm2m: { endpoint: r.endpoint, lwm2mVersion: r.lwm2mVersion, address: peerText(r.peer), binding: r.binding, lifetime: r.lifetime, registered: !!this.reg },
    };
  }

  /** A new registration of the endpoint (the first, or a re-Register): earlier observations are gone on the client. */
  attach(reg: ClientRegistration): void {
    this.cancelAll();
    this.reg = reg;
    this.last = reg;
    this.ready = false;
    this.naming = new ObjectNaming(this.ctx.resolve, reg.objectIds);
  }

  /** The thing and its shadows are in place: tasks may go to the client now. */
  markReady(): void {
    this.ready = true;
    this.pump();
  }

  /** An Update: a queue-mode client listens again. */
  woke(): void {
    if (this.reg) this.naming = new ObjectNaming(this.ctx.resolve, this.reg.objectIds);
    this.pump();
  }

  /** De-registered or expired: tasks wait for the next Register, observations are gone. */
  detach(): void {
    this.cancelAll();
    this.reg = undefined;
    this.ready = false;
  }

  enqueue(task: CoioteTask): void {
    if (this.pending.length >= MAX_PENDING) {
      this.ctx.log.note(`${this.thingName}: ${MAX_PENDING} tasks already wait for the device; ${task.operation} refused`);
      this.report(task.operation, { failed: taskKeys(task.keysText), result: {} });
      return;
    }
    this.pending.push(task);
    this.pump();
  }

  private reachable(): boolean {
    if (!this.reg || !this.ready) return false;
    return !this.reg.queueMode || Date.now() - this.reg.updatedAt < (this.ctx.queueAwakeMs ?? QUEUE_AWAKE_MS);
  }

  private pump(): void {
    if (this.busy || !this.pending.length || !this.reachable() || this.ctx.clock.isStopped) return;
    this.busy = true;
    const task = this.pending.shift()!;
    const reg = this.reg!;
    void this.run(task, reg)
      .catch((err: unknown): Outcome => {
        this.ctx.log.note(`${this.thingName}: ${task.operation} failed: ${(err as Error).message}`);
        return { failed: taskKeys(task.keysText), result: {} };
      })
      .then((outcome) => {
        this.report(task.operation, outcome);
        outcome.after?.();
        this.busy = false;
        this.pump();
      });
  }

  private report(operation: string, o: Outcome): void {
    reportOutcome(this.ctx.shadows, this.ctx.clock, this.thingName, operation, o);
  }

  private datamodel(fragment: JsonObject): void {
    if (!Object.keys(fragment).length) return;
    if (!writeReported(this.ctx.shadows, this.ctx.clock, this.thingName, 'datamodel', fragment)) {
      this.ctx.log.note(`${this.thingName}: the datamodel shadow refused an update (past 8 KB?)`);
    }
  }

  /** Values a client sent by itself (LwM2M Send, POST /dp) go into the datamodel shadow. */
  sent(records: Lwm2mRecord[]): void {
    this.datamodel(recordsToDatamodel(records, this.naming));
  }

  private accept(reg: ClientRegistration): number {
    return acceptFor(reg.lwm2mVersion, reg.formats)[0];
  }

  private async run(task: CoioteTask, reg: ClientRegistration): Promise<Outcome> {
    const keys = taskKeys(task.keysText);
    switch (task.operation) {
      case 'read':
        return this.read(reg, keys);
      case 'readComposite':
        return hasComposite(reg.lwm2mVersion) && !keys.some((k) => WHOLE_MODEL.has(k)) ? this.readComposite(reg, keys) : this.read(reg, keys);
      case 'write':
        return this.write(reg, keys, (task.valuesText ?? '').split(','));
      case 'execute':
        return this.execute(reg, task.keysText, task.arguments);
      case 'observe':
      case 'writeAttributes': {
        const attrs = taskAttributes(task.attributesText, keys.length);
        if (!attrs) return { failed: keys, result: {} };
        return task.operation === 'observe' ? this.observe(reg, keys, attrs) : this.writeAttributes(reg, keys, attrs);
      }
      case 'cancelObserve':
        return this.cancelObserve(keys);
      case 'observeComposite':
        if (!hasComposite(reg.lwm2mVersion)) return this.unsupported(keys, 'Observe-Composite', reg);
        return this.observeComposite(reg, keys);
      case 'cancelObserveComposite':
        return this.cancelObserveComposite(keys);
    }
  }

  private unsupported(keys: string[], what: string, reg: ClientRegistration): Outcome {
    this.ctx.log.note(`${this.thingName}: ${what} is LwM2M 1.1 and later; the client registered with ${reg.lwm2mVersion}, so every key fails`);
    return { failed: keys, result: {} };
  }

  private async get(reg: ClientRegistration, path: string): Promise<Lwm2mRecord[] | undefined> {
    const accept = this.accept(reg);
    const a = await this.ctx.transport.request(reg.peer, { method: 'GET', path, accept });
    return this.decoded(a, path, accept);
  }

  private decoded(a: Answer, path: string, accept: number): Lwm2mRecord[] | undefined {
    if (a.code !== '2.05') return undefined;
    try {
      return decode(a.format ?? accept, a.payload, path, this.naming.typeOf);
    } catch (err) {
      if (!(err instanceof CodecError)) throw err;
      this.ctx.log.note(`${this.thingName}: the answer for ${path} could not be read: ${err.message}`);
      return undefined;
    }
  }

  /** One object read whole, as a datamodel fragment (undefined when the client does not answer it). */
  async readModelOf(reg: ClientRegistration, objectId: number): Promise<JsonObject | undefined> {
    const records = await this.get(reg, `/${objectId}`).catch(() => undefined);
    return records ? recordsToDatamodel(records, this.naming) : undefined;
  }

  /** Every registered object but Security (whose keys are never read) and Device (read first), as one datamodel. */
  async readModel(reg: ClientRegistration): Promise<JsonObject> {
    const model: JsonObject = {};
    for (const id of reg.objectIds) {
      if (id === 0 || id === 3) continue;
      const fragment = await this.readModelOf(reg, id);
      if (fragment) mergeResult(model, fragment);
    }
    return model;
  }

  private paths(keys: string[]): { found: KeyPath[]; failed: string[] } {
    const found: KeyPath[] = [];
    const failed: string[] = [];
    for (const k of keys) {
      const p = this.naming.keyPath(k);
      if (p) found.push(p);
      else failed.push(k);
    }
    return { found, failed };
  }

  private async read(reg: ClientRegistration, keys: string[]): Promise<Outcome> {
    const result: JsonObject = {};
    const failed: string[] = [];
    for (const key of keys) {
      const paths = WHOLE_MODEL.has(key) ? reg.objectIds.filter((id) => id !== 0).map((id) => ({ key, path: `/${id}` })) : [this.naming.keyPath(key)];
      let any = false;
      for (const p of paths) {
        if (!p) continue;
        const records = await this.get(reg, p.path).catch(() => undefined);
        if (records) {
          mergeResult(result, recordsToDatamodel(records, this.naming));
          any = true;
        }
      }
      if (!any) failed.push(key);
    }
    return { failed, result };
  }

  private async readComposite(reg: ClientRegistration, keys: string[]): Promise<Outcome> {
    const { found, failed } = this.paths(keys);
    if (!found.length) return { failed, result: {} };
    const format = this.senml(reg);
    const a = await this.ctx.transport.request(reg.peer, { method: 'FETCH', path: '/', accept: format, contentFormat: format, payload: encodePaths(format, found.map((p) => p.path)) });
    const records = this.decoded(a, '/', format);
    if (!records) return { failed: keys, result: {} };
    const result = recordsToDatamodel(records, this.naming);
    for (const p of found) if (!records.some((r) => r.path === p.path || r.path.startsWith(`${p.path}/`))) failed.push(p.key);
    return { failed, result };
  }

  private senml(reg: ClientRegistration): number {
    return reg.formats.includes(FORMATS.SENML_CBOR) ? FORMATS.SENML_CBOR : FORMATS.SENML_JSON;
  }

  private async write(reg: ClientRegistration, keys: string[], values: string[]): Promise<Outcome> {
    // A value or key with a comma was split by the Lambda: Coiote cannot pair them any more.
    if (values.length !== keys.length) return { failed: keys, result: {} };
    const result: JsonObject = {};
    const failed: string[] = [];
    const format = this.accept(reg);
    for (let i = 0; i < keys.length; i++) {
      const p = this.naming.keyPath(keys[i]);
      const value = p?.resourceId !== undefined ? coerceValue(p.resource, values[i], false) : undefined;
      if (!p || p.resourceId === undefined || value === undefined) {
        failed.push(keys[i]);
        continue;
      }
      // A resource instance is written by a partial update of its object instance.
      const target = p.resourceInstance !== undefined ? `/${p.objectId}/${p.instance}` : p.path;
      const record: Lwm2mRecord = { path: p.path, value };
      let payload: Uint8Array;
      let ct = format;
      try {
        payload = encode(format, [record], target, this.naming.typeOf);
      } catch {
        try {
          ct = FORMATS.TEXT;
          payload = encode(ct, [record], target, this.naming.typeOf);
        } catch {
          failed.push(keys[i]);
          continue;
        }
      }
      const a = await this.ctx.transport.request(reg.peer, { method: p.resourceInstance !== undefined ? 'POST' : 'PUT', path: target, contentFormat: ct, payload }).catch(() => undefined);
      if (a?.code === '2.04') mergeResult(result, recordsToDatamodel([record], this.naming));
      else failed.push(keys[i]);
    }
    return { failed, result };
  }

  private async execute(reg: ClientRegistration, key: string, args: string | undefined): Promise<Outcome> {
    const p = this.naming.keyPath(key);
    if (!p || p.resourceId === undefined || p.resourceInstance !== undefined) return { failed: [key], result: {} };
    const req: OutRequest = { method: 'POST', path: p.path };
    if (args !== undefined && args !== '') {
      req.payload = Buffer.from(args, 'utf8');
      req.contentFormat = FORMATS.TEXT;
    }
    const a = await this.ctx.transport.request(reg.peer, req).catch(() => undefined);
    return a?.code === '2.04' ? { failed: [], result: {} } : { failed: [key], result: {} };
  }

  private async writeAttributesOf(reg: ClientRegistration, p: KeyPath, given: JsonObject, mode: 'observe' | 'writeAttributes'): Promise<boolean> {
    const written = this.written.get(p.path) ?? {};
    const change = attributeChange(given, mode, written);
    const query = attributeQuery(change, reg.lwm2mVersion);
    if (!query.length) return true;
    const a = await this.ctx.transport.request(reg.peer, { method: 'PUT', path: p.path, query }).catch(() => undefined);
    if (a?.code !== '2.04') return false;
    const next: AttributeValues = { ...written, ...change };
    for (const [k, v] of Object.entries(next)) if (v === null) delete next[k as keyof AttributeValues];
    this.written.set(p.path, next);
    return true;
  }

  private async writeAttributes(reg: ClientRegistration, keys: string[], attrs: JsonObject[]): Promise<Outcome> {
    const failed: string[] = [];
    for (let i = 0; i < keys.length; i++) {
      const p = WHOLE_MODEL.has(keys[i]) ? undefined : this.naming.keyPath(keys[i]);
      if (!p || !(await this.writeAttributesOf(reg, p, attrs[i], 'writeAttributes'))) failed.push(keys[i]);
    }
    return { failed, result: {} };
  }

  private async observe(reg: ClientRegistration, keys: string[], attrs: JsonObject[]): Promise<Outcome> {
    const failed: string[] = [];
    const initial: JsonObject = {};
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i];
      const p = WHOLE_MODEL.has(key) ? undefined : this.naming.keyPath(key);
      if (!p || (!this.observations.has(key) && this.observations.size >= MAX_OBSERVATIONS) || !(await this.writeAttributesOf(reg, p, attrs[i], 'observe'))) {
        failed.push(key);
        continue;
      }
      this.observations.get(key)?.cancel();
      this.observations.delete(key);
      const accept = this.accept(reg);
      const o = await this.startObservation(reg, key, { method: 'GET', path: p.path, accept }, p.path, false);
      if (o) mergeResult(initial, o);
      else failed.push(key);
    }
    // The observe's first answer carries the current values, which Coiote stores in the datamodel shadow.
    return { failed, result: {}, after: () => this.datamodel(initial) };
  }

  /** Starts an observation; its first values (a datamodel fragment), or undefined when the client refused it. */
  private async startObservation(reg: ClientRegistration, id: string, req: OutRequest, path: string, composite: boolean): Promise<JsonObject | undefined> {
    const accept = req.accept!;
    let obs: Observation;
    try {
      obs = await this.ctx.transport.observe(reg.peer, req, (n) => {
        const records = this.decoded(n, path, accept);
        if (records) this.datamodel(recordsToDatamodel(records, this.naming));
      }, () => {
        if (this.observations.get(id) === entry) this.observations.delete(id);
      });
    } catch {
      return undefined;
    }
    const records = this.decoded(obs.first, path, accept);
    if (!records) {
      obs.cancel();
      return undefined;
    }
    const entry: Observed = { cancel: () => obs.cancel(), composite };
    if (this.reg !== reg) {
      obs.cancel();
      return undefined;
    }
    this.observations.set(id, entry);
    return recordsToDatamodel(records, this.naming);
  }

  private cancelObserve(keys: string[]): Outcome {
    if (keys.includes('all')) {
      for (const [id, o] of this.observations) {
        if (o.composite) continue;
        o.cancel();
        this.observations.delete(id);
      }
      return { failed: [], result: {} };
    }
    const failed: string[] = [];
    for (const k of keys) {
      const o = this.observations.get(k);
      if (!o || o.composite) failed.push(k);
      else {
        o.cancel();
        this.observations.delete(k);
      }
    }
    return { failed, result: {} };
  }

  private compositeId(keys: string[]): string {
    return `composite:${[...keys].sort().join('\n')}`;
  }

  private async observeComposite(reg: ClientRegistration, keys: string[]): Promise<Outcome> {
    const { found, failed } = this.paths(keys.filter((k) => !WHOLE_MODEL.has(k)));
    failed.push(...keys.filter((k) => WHOLE_MODEL.has(k)));
    if (!found.length) return { failed, result: {} };
    const id = this.compositeId(found.map((p) => p.key));
    this.observations.get(id)?.cancel();
    this.observations.delete(id);
    const format = this.senml(reg);
    const initial = this.observations.size < MAX_OBSERVATIONS
      ? await this.startObservation(reg, id, { method: 'FETCH', path: '/', accept: format, contentFormat: format, payload: encodePaths(format, found.map((p) => p.path)) }, '/', true)
      : undefined;
    if (!initial) return { failed: keys, result: {} };
    return { failed, result: {}, after: () => this.datamodel(initial) };
  }

  private cancelObserveComposite(keys: string[]): Outcome {
    const id = this.compositeId(keys);
    const o = this.observations.get(id);
    if (!o) return { failed: keys, result: {} };
    o.cancel();
    this.observations.delete(id);
    return { failed: [], result: {} };
  }

  private cancelAll(): void {
    for (const o of this.observations.values()) o.cancel();
    this.observations.clear();
    this.written.clear();
  }

  /** The server stops: observations end, waiting tasks stay unanswered (the sandbox is going away). */
  close(): void {
    this.cancelAll();
    this.pending.length = 0;
  }
}
