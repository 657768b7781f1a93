// One simulated LwM2M device behind Coiote DM: its data model (typed by the object definitions), its
// connectivity (online; queue mode, reachable only around its updates; offline until it registers
// again), and what it does with each operation — read, write, execute (with effects), observe with
// notifications into the datamodel shadow, attributes, composite operations — reporting results into
// the operation shadow as the integration does.
import type { ObjectDef } from '../core/index';
import type { SimClock } from './clock';
import { executable, mergeResult, readNode, replacementPatch, resolveKey, resourceDef, setIn, WHOLE_MODEL_KEYS, writable, type NodeRef } from './datamodelPaths';
import { drift } from './drift';
import type { Connectivity, Fleet, SeededDevice } from './fleetSeed';
import { clone, isObject, type JsonObject } from './json';
import type { CoioteTask } from './lambda';
import type { CoioteDevice } from './coioteDevice';
import { deregisteredFields, registeredFields, updatedFields } from './classicShadow';
import { reportOutcome, writeReported, type Outcome } from './deviceShadows';
import { LWM2M_SERVER_URI, registeredObjects } from './fleetSeed';
import { applyAttributes, shouldNotify, type Attributes, type Observation } from './observation';
import { parsePythonLiteral } from './pythonLiteral';
import { Random } from './random';
import type { ShadowStore } from './shadowStore';
import { coerceValue } from './valueTypes';
import { FirmwareUpdateMachine } from './firmwareUpdate';
import type { FirmwareFetcher } from './firmwareDownload';

/** Simulated milliseconds (scaled by timeScale). */
const RESPONSE_MS: [number, number] = [300, 1500];
const QUEUE_WAKE_MS: [number, number] = [5000, 30000];
const QUEUE_AWAKE_MS = 93000;
const RECONNECT_MS: [number, number] = [30000, 120000];
const REBOOT_MS: [number, number] = [5000, 15000];
const TICK_MS = 1000;

export interface DeviceContext {
  clock: SimClock;
  shadows: ShadowStore;
  fleet: Fleet;
  /** How devices download firmware (firmwareUpdate.ts); without it, they do not update. */
  firmware?: { fetch: FirmwareFetcher; bytesPerSecond: number; failures: ReadonlyMap<string, number> };
}

export class SimDevice implements CoioteDevice {
  readonly thingName: string;
  private model: JsonObject;
  private readonly initial: JsonObject;
  private readonly defs: Map<string, ObjectDef>;
  private readonly rng: Random;
  private connectivity: Connectivity;
  private reachable: boolean;
  private rebooting = false;
  private lifetime: number;
  private pending: CoioteTask[] = [];
  private busy = false;
  private wakeScheduled = false;
  private reconnectScheduled = false;
  private cancelSleep?: () => void;
  private readonly observations = new Map<string, Observation>();
  private readonly writtenAttrs = new Map<string, Attributes>();
  private simNow = 0;
  private lastDriftAt: number;
  private stopTick?: () => void;
  private standing = false;
  private firmware?: { inst: JsonObject; machine: FirmwareUpdateMachine };

  constructor(
    private readonly seeded: SeededDevice,
    private readonly ctx: DeviceContext,
  ) {
    this.thingName = seeded.thingName;
    const built = ctx.fleet.datamodel(seeded);
    this.model = built.datamodel;
    this.initial = clone(built.datamodel);
    this.defs = built.defs;
    this.rng = Random.forItem(ctx.fleet.seed, seeded.index, 4);
    this.connectivity = seeded.connectivity;
    this.reachable = seeded.connectivity === 'online';
    this.lifetime = seeded.lifetime;
    this.lastDriftAt = ctx.clock.now();
  }

  get state(): { connectivity: Connectivity; reachable: boolean; pending: number; observations: string[] } {
    return { connectivity: this.connectivity, reachable: this.reachable, pending: this.pending.length, observations: [...this.observations.keys()] };
  }

  /** Standing observations a device set up at registration: its values move by themselves. */
  startAutoNotify(): void {
    this.standing = true;
    const standing: [string, Attributes][] = [
      ['Temperature.0.Sensor Value', { pmin: 10, pmax: 60 }],
      ['Humidity.0.Sensor Value', { pmin: 10, pmax: 60 }],
      ['Device.0.Battery Level', { pmin: 60, pmax: 600 }],
    ];
    for (const [key, attrs] of standing) {
      const ref = resolveKey(this.model, key);
      if (ref) this.observations.set(key, { id: key, refs: [ref], composite: false, attrs, lastNotify: this.simNow, last: this.values([ref]) });
    }
    this.ensureTicking();
  }

  /** Whether the device is registered now and refreshes its registration (online or queue mode). */
  get registered(): boolean {
    return !this.rebooting && (this.connectivity === 'queue' || this.reachable);
  }

  /** A periodic LwM2M Update within the lifetime. */
  lifetimeRefresh(): void {
    this.registrationUpdate();
  }

  enqueue(task: CoioteTask): void {
    this.pending.push(task);
    this.pump();
  }

  private pump(): void {
    if (this.busy || !this.pending.length || this.ctx.clock.isStopped) return;
    if (!this.reachable) {
      if (this.rebooting) return;
      if (this.connectivity === 'queue') this.scheduleWake();
      else this.scheduleReconnect();
      return;
    }
    this.busy = true;
    const task = this.pending.shift()!;
    this.ctx.clock.after(this.rng.int(...RESPONSE_MS), () => {
      this.busy = false;
      if (!this.reachable) {
        this.pending.unshift(task);
      } else {
        const outcome = this.run(task);
        this.report(task.operation, outcome);
        outcome.after?.();
        if (this.connectivity === 'queue') this.armSleep();
      }
      this.pump();
    });
  }

  private scheduleWake(): void {
    if (this.wakeScheduled) return;
    this.wakeScheduled = true;
    this.ctx.clock.after(this.rng.int(...QUEUE_WAKE_MS), () => {
      this.wakeScheduled = false;
      this.registrationUpdate();
      this.reachable = true;
      this.armSleep();
      this.pump();
    });
  }

  private armSleep(): void {
    this.cancelSleep?.();
    this.cancelSleep = this.ctx.clock.after(QUEUE_AWAKE_MS, () => {
      if (this.busy || this.pending.length) this.armSleep();
      else if (this.connectivity === 'queue') this.reachable = false;
    });
  }

  private scheduleReconnect(): void {
    if (this.reconnectScheduled) return;
    this.reconnectScheduled = true;
    this.ctx.clock.after(this.rng.int(...RECONNECT_MS), () => {
      this.reconnectScheduled = false;
      if (this.connectivity === 'offline') this.connectivity = 'online';
      this.register();
    });
  }

  /** LwM2M Register: connectivity and the whole data model written to the classic and datamodel shadows. */
  private register(): void {
    const now = this.ctx.clock.now();
    this.observations.clear();
    const queueMode = this.connectivity === 'queue';
    this.writeShadow('', registeredFields({
      uri: LWM2M_SERVER_URI, lwm2mVersion: '1.1', lifetime: this.lifetime, binding: queueMode ? 'UQ' : 'U', queueMode,
      objects: registeredObjects({ datamodel: this.model, defs: this.defs }),
    }, now));
    this.catchUp();
    this.writeShadow('datamodel', replacementPatch(this.ctx.shadows.peek(this.thingName, 'datamodel')?.reported, this.model));
    this.reachable = true;
    if (this.connectivity === 'queue') this.armSleep();
    if (this.standing) this.startAutoNotify();
    this.pump();
  }

  /** LwM2M Update: the registration is refreshed. */
  private registrationUpdate(changed: { lifetime?: number; binding?: string; queueMode?: boolean } = {}): void {
    this.writeShadow('', updatedFields(this.ctx.clock.now(), changed));
  }

  private reboot(before?: () => void): void {
    this.reachable = false;
    this.rebooting = true;
    this.observations.clear();
    this.ctx.clock.after(this.rng.int(...REBOOT_MS), () => {
      before?.();
      this.rebooting = false;
      const dev = this.model.Device;
      if (isObject(dev) && isObject(dev['0']) && 'Error Code' in dev['0']) (dev['0'] as JsonObject)['Error Code'] = { '0': '0' };
      this.register();
    });
  }

  private writeShadow(shadow: string, reported: JsonObject): void {
    writeReported(this.ctx.shadows, this.ctx.clock, this.thingName, shadow, reported);
  }

  private report(operation: string, o: Outcome): void {
    reportOutcome(this.ctx.shadows, this.ctx.clock, this.thingName, operation, o);
  }

  /** Lets values move for the time since they last did (reads see fresh values). */
  private catchUp(): void {
    const now = this.ctx.clock.now();
    const dt = Math.min(3600, (now - this.lastDriftAt) / Math.max(1e-6, this.ctx.clock.timeScale) / 1000);
    this.lastDriftAt = now;
    if (dt > 0) drift(this.model, this.rng, dt, Math.floor(now / 1000));
  }

  private ensureTicking(): void {
    if (this.stopTick || !this.observations.size) return;
    this.stopTick = this.ctx.clock.every(TICK_MS, () => this.tick());
  }

  private tick(): void {
    if (!this.observations.size) {
      this.stopTick?.();
      this.stopTick = undefined;
      return;
    }
    this.simNow += TICK_MS;
    if (!this.reachable && this.connectivity !== 'queue') return;
    this.catchUp();
    const [pmin, pmax] = this.serverDefaults();
    const fragment: JsonObject = {};
    for (const o of this.observations.values()) {
      const values = this.values(o.refs);
      if (!shouldNotify(o, values, this.simNow, pmin, pmax)) continue;
      o.lastNotify = this.simNow;
      o.last = values;
      for (const ref of o.refs) {
        const f = readNode(this.model, this.defs, ref);
        if (f) mergeResult(fragment, f);
      }
    }
    if (Object.keys(fragment).length) this.writeShadow('datamodel', fragment);
  }

  private serverDefaults(): [number, number] {
    const server = this.model['LwM2M Server'];
    const inst = isObject(server) ? Object.values(server).find(isObject) : undefined;
    const n = (v: unknown, d: number) => (typeof v === 'string' && Number.isFinite(Number(v)) ? Number(v) : d);
    return [n(inst?.['Default Minimum Period'], 1), n(inst?.['Default Maximum Period'], 0)];
  }

  /** Current values under the refs, by `object/instance/resource[/riid]`. */
  private values(refs: NodeRef[]): Map<string, string> {
    const out = new Map<string, string>();
    const walk = (v: unknown, path: string[]) => {
      if (typeof v === 'string') out.set(path.join('/'), v);
      else if (isObject(v)) for (const [k, x] of Object.entries(v)) walk(x, [...path, k]);
    };
    for (const ref of refs) walk(readNode(this.model, this.defs, ref), []);
    return out;
  }

  /** Runs the task as Coiote DM reads its text: keys and values split at every ',', attributes parsed. */
  private run(task: CoioteTask): Outcome {
    this.catchUp();
    const keys = task.keysText.split(',');
    const attributes = () => {
      const list = parsePythonLiteral(task.attributesText ?? '');
      return Array.isArray(list) && list.length === keys.length ? list.map((a) => (isObject(a) ? a : {})) : undefined;
    };
    switch (task.operation) {
      case 'read':
      case 'readComposite':
        // '' (what the Lambda sends for [], "all", "", ".", "/" or a keys string) reads everything
        return this.read(keys);
      case 'write':
        return this.write(keys, (task.valuesText ?? '').split(','));
      case 'execute':
        return this.execute([task.keysText], task.arguments);
      case 'observe': {
        const a = attributes();
        return a ? this.observe(keys, a) : { failed: keys, result: {} };
      }
      case 'cancelObserve':
        return this.cancelObserve(keys);
      case 'writeAttributes': {
        const a = attributes();
        return a ? this.writeAttributes(keys, a) : { failed: keys, result: {} };
      }
      case 'observeComposite':
        return this.observeComposite(keys);
      case 'cancelObserveComposite':
        return this.cancelObserveComposite(keys);
    }
  }

  private read(keys: string[]): Outcome {
    const result: JsonObject = {};
    const failed: string[] = [];
    for (const key of keys) {
      if (WHOLE_MODEL_KEYS.has(key)) {
        for (const object of Object.keys(this.model)) {
          const f = readNode(this.model, this.defs, { key: object, object });
          if (f) mergeResult(result, f);
        }
        continue;
      }
      const ref = resolveKey(this.model, key);
      const f = ref && readNode(this.model, this.defs, ref);
      if (f) mergeResult(result, f);
      else failed.push(key);
    }
    return { failed, result };
  }

  private write(keys: string[], values: string[]): Outcome {
    // A value or key with a comma in it was split by the Lambda: Coiote cannot pair them any more.
    if (values.length !== keys.length) return { failed: keys, result: {} };
    const result: JsonObject = {};
    const failed: string[] = [];
    const effects: (() => void)[] = [];
    keys.forEach((key, i) => {
      const ref = resolveKey(this.model, key);
      const def = ref?.resource !== undefined ? resourceDef(this.defs, ref.object, ref.resource) : undefined;
      if (!ref || ref.resource === undefined || !writable(def) || (def!.multiple && ref.resourceInstance === undefined)) {
        failed.push(key);
        return;
      }
      const value = coerceValue(def!, values[i]);
      if (value === undefined) {
        failed.push(key);
        return;
      }
      const path = [ref.object, ref.instance!, ref.resource, ...(ref.resourceInstance !== undefined ? [ref.resourceInstance] : [])];
      setIn(this.model, path, value);
      setIn(result, path, value);
      effects.push(() => this.afterWrite(ref, value));
    });
    return { failed, result, after: () => effects.forEach((f) => f()) };
  }

  private afterWrite(ref: NodeRef, value: string): void {
    if (ref.object === 'LwM2M Server' && ref.resource === 'Lifetime') {
      this.lifetime = Number(value);
      this.registrationUpdate({ lifetime: this.lifetime });
    } else if (ref.object === 'LwM2M Server' && ref.resource === 'Binding') {
      this.registrationUpdate({ binding: value, queueMode: value.includes('Q') });
    } else if (ref.object === 'Firmware Update' && ref.resource === 'Package URI') {
      this.firmwareUpdate(ref.instance!)?.packageUriWritten(value);
    }
  }

  /** The Firmware Update instance's state machine (made on first use). */
  private firmwareUpdate(instance: string): FirmwareUpdateMachine | undefined {
    const inst = (this.model['Firmware Update'] as JsonObject | undefined)?.[instance];
    const opts = this.ctx.firmware;
    if (!isObject(inst) || !opts) return undefined;
    if (this.firmware?.inst === inst) return this.firmware.machine;
    const device = () => (this.model.Device as JsonObject | undefined)?.['0'];
    const memoryKb = Number((device() as JsonObject | undefined)?.['Memory Total']);
    const machine = new FirmwareUpdateMachine(inst as JsonObject, {
      clock: this.ctx.clock,
      fetch: opts.fetch,
      bytesPerSecond: opts.bytesPerSecond,
      configuredFailure: opts.failures.get(this.thingName),
      flashBytes: Number.isFinite(memoryKb) && memoryKb > 0 ? memoryKb * 1024 : undefined,
      firmwareVersion: () => String((device() as JsonObject | undefined)?.['Firmware Version'] ?? ''),
      installVersion: (v) => {
        const dev = device();
        if (isObject(dev)) dev['Firmware Version'] = v;
      },
      reboot: (installed) => this.reboot(installed),
    });
    this.firmware = { inst: inst as JsonObject, machine };
    return machine;
  }

  private execute(keys: string[], _args?: string): Outcome {
    const key = keys[0];
    const ref = resolveKey(this.model, key);
    const def = ref?.resource !== undefined ? resourceDef(this.defs, ref.object, ref.resource) : undefined;
    if (!ref || ref.resource === undefined || ref.resourceInstance !== undefined || !executable(def)) return { failed: [key], result: {} };
    const inst = (this.model[ref.object] as JsonObject)[ref.instance!] as JsonObject;
    const ok = (after?: () => void): Outcome => ({ failed: [], result: {}, after });
    switch (`${ref.object}/${ref.resource}`) {
      case 'Device/Reboot':
        return ok(() => this.reboot());
      case 'Device/Factory Reset':
        return ok(() => this.reboot(() => (this.model = clone(this.initial))));
      case 'Device/Reset Error Code':
        if ('Error Code' in inst) inst['Error Code'] = { '0': '0' };
        return ok();
      case 'LwM2M Server/Registration Update Trigger':
        return ok(() => this.registrationUpdate());
      case 'LwM2M Server/Disable': {
        const timeout = Number(inst['Disable Timeout'] ?? 86400);
        return ok(() => {
          this.writeShadow('', deregisteredFields());
          this.reachable = false;
          this.rebooting = true;
          this.ctx.clock.after((Number.isFinite(timeout) ? timeout : 86400) * 1000, () => {
            this.rebooting = false;
            this.register();
          });
        });
      }
      case 'Firmware Update/Update': {
        const install = this.firmwareUpdate(ref.instance!)?.update();
        return install ? ok(install) : { failed: [key], result: {} };
      }
      case 'Temperature/Reset Min and Max Measured Values':
      case 'Humidity/Reset Min and Max Measured Values':
        if (typeof inst['Sensor Value'] === 'string') Object.assign(inst, { 'Min Measured Value': inst['Sensor Value'], 'Max Measured Value': inst['Sensor Value'] });
        return ok();
      case 'ACME Tracking/Reset Trip Counter':
        inst['Trip Counter'] = '0';
        return ok();
      default:
        return ok();
    }
  }

  private observe(keys: string[], attributes: JsonObject[]): Outcome {
    const failed: string[] = [];
    const initial: JsonObject = {};
    keys.forEach((key, i) => {
      const ref = WHOLE_MODEL_KEYS.has(key) ? undefined : resolveKey(this.model, key);
      const now = ref && readNode(this.model, this.defs, ref);
      if (!ref || !now) {
        failed.push(key);
        return;
      }
      const base = this.observations.get(key)?.attrs ?? this.writtenAttrs.get(key) ?? {};
      const attrs = applyAttributes(base, attributes[i], 'observe');
      this.observations.set(key, { id: key, refs: [ref], composite: false, attrs, lastNotify: this.simNow, last: this.values([ref]) });
      mergeResult(initial, now);
    });
    // The observe response carries the current values, which Coiote stores in the datamodel shadow.
    return { failed, result: {}, after: () => this.afterObserve(initial) };
  }

  private afterObserve(initial: JsonObject): void {
    if (Object.keys(initial).length) this.writeShadow('datamodel', initial);
    this.ensureTicking();
  }

  private cancelObserve(keys: string[]): Outcome {
    if (keys.includes('all')) {
      for (const [id, o] of this.observations) if (!o.composite) this.observations.delete(id);
      return { failed: [], result: {} };
    }
    const failed = keys.filter((k) => !(this.observations.get(k) && !this.observations.get(k)!.composite && this.observations.delete(k)));
    return { failed, result: {} };
  }

  private writeAttributes(keys: string[], attributes: JsonObject[]): Outcome {
    const failed: string[] = [];
    keys.forEach((key, i) => {
      const ref = WHOLE_MODEL_KEYS.has(key) ? undefined : resolveKey(this.model, key);
      if (!ref) {
        failed.push(key);
        return;
      }
      this.writtenAttrs.set(key, applyAttributes(this.writtenAttrs.get(key) ?? {}, attributes[i], 'writeAttributes'));
      const o = this.observations.get(key);
      if (o) o.attrs = applyAttributes(o.attrs, attributes[i], 'writeAttributes');
    });
    return { failed, result: {} };
  }

  private compositeId(keys: string[]): string {
    return `composite:${[...keys].sort().join('\n')}`;
  }

  private observeComposite(keys: string[]): Outcome {
    const failed: string[] = [];
    const refs: NodeRef[] = [];
    const initial: JsonObject = {};
    for (const key of keys) {
      const ref = WHOLE_MODEL_KEYS.has(key) ? undefined : resolveKey(this.model, key);
      const now = ref && readNode(this.model, this.defs, ref);
      if (!ref || !now) failed.push(key);
      else {
        refs.push(ref);
        mergeResult(initial, now);
      }
    }
    if (refs.length) {
      const id = this.compositeId(refs.map((r) => r.key));
      this.observations.set(id, { id, refs, composite: true, attrs: {}, lastNotify: this.simNow, last: this.values(refs) });
    }
    return { failed, result: {}, after: () => this.afterObserve(initial) };
  }

  private cancelObserveComposite(keys: string[]): Outcome {
    const id = this.compositeId(keys);
    if (this.observations.has(id)) {
      this.observations.delete(id);
      return { failed: [], result: {} };
    }
    return { failed: keys, result: {} };
  }
}
