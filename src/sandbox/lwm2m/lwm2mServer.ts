// The sandbox's LwM2M server: Coiote DM's side for real devices. A client that registers goes the way the
// integration takes a device: its Device object is read (manufacturer and model make the Coiote device type), the
// CreateThing Lambda makes the thing (or fails, and the CoAP log says why the device never appears), the classic
// shadow gets the documented registration fields, the datamodel shadow the objects read from the client; then
// Coiote DM hands it the Lambda's tasks like any device (Coiote.attachRealDevices). Updates refresh the classic
// shadow and wake a queue-mode client; a De-register or a lifetime that runs out marks it not registered.
import type { SimClock } from '../clock';
import { deregisteredFields, registeredFields, updatedFields } from '../classicShadow';
import type { CoioteDevice, RealDeviceInfo, RealDevices } from '../coioteDevice';
import type { CreateThingLambda } from '../createThingLambda';
import { firmwareCoapHandler } from '../firmware/firmwareCoap';
import type { FirmwareFiles } from '../firmware/firmwareFiles';
import { replacementPatch, mergeResult } from '../datamodelPaths';
import { writeReported } from '../deviceShadows';
import type { JsonObject } from '../json';
import { coioteId } from '../lambda';
import type { LogStore } from '../logStore';
import type { ShadowStore } from '../shadowStore';
import { withExecutables } from './answerShadows';
import { ClientDevice } from './clientDevice';
import { CoapLog, inert } from './coapLog';
import type { ObjectResolver } from './objectNaming';
import { RegistrationInterface } from './registrationInterface';
import { localAddressToward, reachableFrom } from './localAddress';
import { Registrations, type ClientRegistration, type RegistrationEnd } from './registrations';
import { CoapTransport } from './transport';

/** Devices (endpoints) remembered, registered or not: tasks for one that left wait for its return. */
const MAX_DEVICES = 10_000;

export interface Lwm2mServerOptions {
  host: string;
  port: number;
  /** Tests: how long a request waits for an answer (default CoAP's EXCHANGE_LIFETIME, 247 s). */
  exchangeLifetimeMs?: number;
  /** Tests: how long a queue-mode client listens after an Update (default CoAP's MAX_TRANSMIT_WAIT, 93 s). */
  queueAwakeMs?: number;
}

export interface Lwm2mServerDeps {
  shadows: ShadowStore;
  logs: LogStore;
  clock: SimClock;
  resolve: ObjectResolver;
  createThing: CreateThingLambda;
  /** The sandbox's firmware files, served at `coap://<this server>/fw/<token>/<name>` (Block2) to any device. */
  firmware?: FirmwareFiles;
}

/**
 * The Coiote device type of a client: `<manufacturer>.<model>` from /3/0/0 and /3/0/1. How Coiote DM spells it is
 * not documented; the sandbox keeps letters, digits, `_` and `-` and turns anything else into `_`, so the
 * integration's `.` → `:` gives a thing type AWS takes ("Open Mobile Alliance" → `Open_Mobile_Alliance`).
 */
export function coioteDeviceType(manufacturer: string | undefined, model: string | undefined): string {
  const part = (s: string | undefined) => (s && s.trim() ? s.trim().slice(0, 60).replace(/[^A-Za-z0-9_-]/g, '_') : 'unknown');
  return `${part(manufacturer)}.${part(model)}`;
}

export class Lwm2mServer implements RealDevices {
  readonly log: CoapLog;
  private readonly registrations: Registrations;
  private readonly devices = new Map<string, ClientDevice>();
  /** Endpoints Coiote DM created a thing for (the CreateThing rule fires once per new device). */
  private readonly created = new Set<string>();
  /** Endpoints whose CreateThing invocation failed (until a later registration makes the thing). */
  private readonly refused = new Set<string>();
  private transport!: CoapTransport;
  private closed = false;

  private constructor(
    private readonly deps: Lwm2mServerDeps,
    private readonly options: Lwm2mServerOptions,
  ) {
    this.log = new CoapLog(deps.logs);
    this.registrations = new Registrations((reg, why) => this.ended(reg, why));
  }

  static async start(options: Lwm2mServerOptions, deps: Lwm2mServerDeps): Promise<Lwm2mServer> {
    const s = new Lwm2mServer(deps, options);
    const rd = new RegistrationInterface(s.registrations, s.log, {
      registered: (reg) => s.registered(reg),
      updated: (reg, changed) => s.updated(reg, changed),
      sent: (reg, records) => s.deviceFor(reg)?.sent(records),
      thingName: (ep) => ep.replace(/%3A/g, ':'),
    }, () => s.uri);
    const files = deps.firmware;
    const firmware = files ? firmwareCoapHandler(files) : undefined;
    s.transport = await CoapTransport.open({
      host: options.host, port: options.port, log: s.log, exchangeLifetimeMs: options.exchangeLifetimeMs,
      onRequest: (req, res) => {
        if (!firmware?.(req, res)) rd.handle(req, res);
      },
      ...(files ? { downloadUrl: (path: string) => files.servable(path) } : {}),
    });
    s.log.note(`LwM2M server listening on ${s.transport.uri} (NoSec)`);
    return s;
  }

  get uri(): string {
    return this.transport.uri;
  }

  get port(): number {
    return this.transport.port;
  }

  /**
   * The address of this machine the device registered as `thingName` reaches it on (its registration's peer), or
   * undefined when no such device is registered: for URLs the device is given when the server listens on 0.0.0.0.
   */
  async addressFor(thingName: string): Promise<string | undefined> {
    for (const reg of this.registrations.all()) if (reg.thingName === thingName) return localAddressToward(reg.peer);
    return undefined;
  }

  /** Coiote DM's view: a real device by thing name, once the CreateThing path made its thing. */
  device(thingName: string): CoioteDevice | undefined {
    const d = this.devices.get(thingName);
    return d && this.created.has(d.state.lwm2m!.endpoint) ? d : undefined;
  }

  /** Every real device the server knows, registered or not. */
  clients(): RealDeviceInfo[] {
    return [...this.devices.values()].map((d) => {
      const info = d.state.lwm2m!;
      const thing = this.created.has(info.endpoint) ? 'made' : this.refused.has(info.endpoint) ? 'refused' : 'pending';
      return { ...info, thing };
    });
  }

  private deviceFor(reg: ClientRegistration): ClientDevice | undefined {
    const d = this.devices.get(reg.thingName);
    return d?.registration === reg ? d : undefined;
  }

  private ctx() {
    return { transport: this.transport, shadows: this.deps.shadows, clock: this.deps.clock, log: this.log, resolve: this.deps.resolve, queueAwakeMs: this.options.queueAwakeMs };
  }

  private registered(reg: ClientRegistration): void {
    const started = performance.now();
    let d = this.devices.get(reg.thingName);
    if (d) d.attach(reg);
    else {
      if (this.devices.size >= MAX_DEVICES) this.forgetOne();
      d = new ClientDevice(reg.thingName, reg, this.ctx());
      this.devices.set(reg.thingName, d);
    }
    void this.onboard(d, reg, started).catch((err: unknown) => this.log.note(`${inert(reg.endpoint)}: registration handling failed: ${(err as Error).message}`));
  }

  /** Device object → CreateThing → classic shadow → datamodel shadow → tasks may run. */
  private async onboard(d: ClientDevice, reg: ClientRegistration, started: number): Promise<void> {
    const device = await d.readModelOf(reg, 3);
    if (this.closed || d.registration !== reg) return;
    const inst = device?.[d.objectNaming.objectName(3)] as JsonObject | undefined;
    const first = inst ? (Object.values(inst)[0] as JsonObject | undefined) : undefined;
    const text = (v: unknown) => (typeof v === 'string' ? v : undefined);
    const type = coioteDeviceType(text(first?.Manufacturer), text(first?.['Model Number']));
    if (!this.created.has(reg.endpoint)) {
      const r = this.deps.createThing.invoke({ coioteDeviceId: coioteId(reg.endpoint), coioteDeviceType: type });
      if (!r.ok) {
        this.refused.add(reg.endpoint);
        this.log.note(`${inert(reg.endpoint)} registered, but is no thing: the CreateThing Lambda failed (${inert(r.error)}); see /aws/lambda/CreateThing. The device will not appear in the fleet.`);
        return;
      }
      this.created.add(reg.endpoint);
      this.refused.delete(reg.endpoint);
    }
    const thingMs = performance.now() - started;
    const shadows = this.deps.shadows;
    // The server's URI as this device reaches it: never the 0.0.0.0 or :: a server on every interface listens on.
    const uri = await reachableFrom(this.uri, reg.peer);
    if (this.closed || d.registration !== reg) return;
    writeReported(shadows, this.deps.clock, reg.thingName, '', registeredFields({
      serverInstance: serverInstance(reg), uri, lwm2mVersion: reg.lwm2mVersion, lifetime: reg.lifetime, binding: reg.binding,
      queueMode: reg.queueMode, objects: reg.objectsText,
    }, reg.updatedAt));
    const model = await d.readModel(reg);
    if (this.closed || d.registration !== reg) return;
    if (device) mergeResult(model, device);
    for (const id of reg.objectIds) withExecutables(model, d.objectNaming, id);
    const patch = replacementPatch(shadows.peek(reg.thingName, 'datamodel')?.reported, model);
    if (!writeReported(shadows, this.deps.clock, reg.thingName, 'datamodel', patch)) {
      this.log.note(`${inert(reg.endpoint)}: the datamodel shadow refused the client's objects (${Buffer.byteLength(JSON.stringify(model))} bytes; a shadow holds 8 KB)`);
    }
    this.log.note(`${inert(reg.endpoint)} is thing ${inert(reg.thingName)} (type ${inert(type.replace(/\./g, ':'))}): thing ready in ${thingMs.toFixed(0)} ms, shadows in ${(performance.now() - started).toFixed(0)} ms`);
    d.markReady();
  }

  private updated(reg: ClientRegistration, changed: { lifetime?: number; binding?: string; queueMode?: boolean; objects?: string }): void {
    const d = this.deviceFor(reg);
    if (!d) return;
    if (this.created.has(reg.endpoint)) writeReported(this.deps.shadows, this.deps.clock, reg.thingName, '', updatedFields(reg.updatedAt, changed));
    d.woke();
  }

  private ended(reg: ClientRegistration, why: RegistrationEnd): void {
    if (why === 'replaced') return;
    const d = this.deviceFor(reg);
    d?.detach();
    if (this.created.has(reg.endpoint) && !this.closed) writeReported(this.deps.shadows, this.deps.clock, reg.thingName, '', deregisteredFields());
    this.log.note(`${inert(reg.endpoint)} ${why === 'expired' ? `lifetime of ${reg.lifetime} s ran out without an Update` : 'de-registered'}`);
  }

  private forgetOne(): void {
    for (const [name, d] of this.devices) {
      if (!d.registration) {
        this.devices.delete(name);
        return;
      }
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const d of this.devices.values()) d.close();
    this.registrations.clear();
    await this.transport.close();
  }
}

/** The client's LwM2M Server object instance: the one `/1/<i>` it registered (Wakaama's is 0), else 1. */
function serverInstance(reg: ClientRegistration): number {
  const m = reg.objectsText.split(',').map((p) => /^\/1\/(\d+)$/.exec(p)).filter(Boolean);
  return m.length === 1 ? Number(m[0]![1]) : 1;
}
