// The public face of src/sandbox: start the embedded AWS IoT + Coiote DM emulator in-process. One HTTP
// server on 127.0.0.1 answers the IoT, IoT data plane and CloudWatch Logs SDK clients; behind it a
// seeded fleet and the simulated integration (rules, Lambda, Coiote, devices).
import { loadRegistry } from '../core/index';
import { SimClock } from './clock';
import { Fleet } from './fleetSeed';
import { addIotRoutes } from './iotApi';
import { LogStore } from './logStore';
import { Router } from './router';
import { SandboxServer } from './server';
import { addShadowRoutes } from './shadowApi';
import { ShadowStore, type ShadowChangeEvent } from './shadowStore';
import { ThingRegistry } from './thingRegistry';
import { VENDOR_OBJECTS } from './vendorObjects';
import { seedFleet } from './fleetInstall';
import { Random } from './random';
import { LiveTail } from './liveTail';
import { LOGS_TARGET_PREFIX, logsHandler } from './logsApi';
import { Coiote } from './coiote';
import type { CoioteDeviceState, RealDeviceInfo } from './coioteDevice';
import { CreateThingLambda } from './createThingLambda';
import { Lwm2mServer } from './lwm2m/lwm2mServer';
import { LambdaLogs } from './lambdaLogs';
import { OperationLambda } from './lambda';
import { IntegrationRules } from './rules';
import { AWS_IOT_LIMITS, MQTT_PATH, ShadowBroker, type BrokerLimits } from './mqtt/shadowBroker';
import { addIndexRoutes } from './fleetIndex/indexApi';
import { getHeapStatistics } from 'node:v8';
import { DEFAULT_MEMORY_BUDGET_MIB, MemoryBudget, SandboxSizeError, SEEDED_DEVICE_BYTES, sandboxSizeProblem } from './memoryBudget';
import { FirmwareFiles, type FirmwareGrant } from './firmware/firmwareFiles';
import { addFirmwareRoutes, FIRMWARE_UPLOAD_MAX_BODY, FIRMWARE_UPLOAD_PATH } from './firmware/firmwareHttp';
import { fetchFirmware } from './firmwareDownload';
import { DEFAULT_FIRMWARE_BYTES_PER_S, SIMULATED_FAILURES } from './firmwareUpdate';

export const SANDBOX_REGION = 'us-east-1';
export { vendorDdfFiles } from './vendorDdf';
export { AWS_IOT_LIMITS, type BrokerLimits } from './mqtt/shadowBroker';
export { DEFAULT_MEMORY_BUDGET_MIB, SandboxSizeError } from './memoryBudget';
export { FIRMWARE_UPLOAD_PATH } from './firmware/firmwareHttp';
export type { FirmwareGrant } from './firmware/firmwareFiles';
export { DEFAULT_FIRMWARE_BYTES_PER_S, SIMULATED_FAILURES } from './firmwareUpdate';

export interface SandboxOptions {
  /** 0 (default) = a free port. */
  port?: number;
  /** Seeded things (default 25). */
  things?: number;
  /** Seed of the fleet (default 1): the same seed gives the same fleet. */
  seed?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Speed multiplier for simulated delays (tests use e.g. 0.01). Default 1. */
  timeScale?: number;
  /**
   * MQTT over WebSocket at `/mqtt` (AWS's shadow topics, live). Default on; `false` answers the
   * WebSocket upgrade 403, as an account whose policy refuses iot:Connect does (the polling fallback).
   */
  mqtt?: boolean | { limits?: Partial<BrokerLimits> };
  /**
   * Also log each task Coiote DM receives (template and text parameters, as JSON) to the sandbox-only log
   * group `/sandbox/coiote-dm/tasks`. Off by default: the deployed integration has no such log.
   */
  taskLog?: boolean;
  /** Fleet indexing (registry + classic shadow + the `operation` named shadow) on, as an account that pays for it. Default off. */
  indexing?: boolean;
  /**
   * MiB the sandbox may keep for things, written shadows and simulated devices (default 512; see
   * memoryBudget.ts). The seeded fleet may take half of it; a larger fleet is refused before it is built.
   */
  memoryBudgetMiB?: number;
  /**
   * The LwM2M server (CoAP over UDP, NoSec) real devices register with. Default off here (the extension and the
   * CLI turn it on at 127.0.0.1:5683); `{}` = 127.0.0.1 on a free port. A port that cannot be bound leaves the
   * rest of the sandbox running and says why in `lwm2mError`.
   */
  lwm2m?: {
    host?: string;
    port?: number;
    /** Tests: how long a request waits for an answer (default 247 s). */
    exchangeLifetimeMs?: number;
    /** Tests: how long a queue-mode client listens after an Update (default 93 s). */
    queueAwakeMs?: number;
  } | false;
  /**
   * Seeded devices that end every firmware update in this Update Result (2–9, or 11 deferred), by thing name.
   * A package can also ask for one itself: `FAIL=<code>` in its file name or its first 4 KiB.
   */
  firmwareFailures?: Record<string, number>;
  /** Simulated download speed of a device's firmware download (bytes per second; default 16 KiB/s). */
  firmwareBytesPerSecond?: number;
}

export interface RunningSandbox {
  url: string;
  port: number;
  region: 'us-east-1';
  credentials: { accessKeyId: string; secretAccessKey: string };
  stop(): Promise<void>;
  /** `ws://host:port/mqtt`, or undefined when MQTT is off. */
  mqttUrl?: string;
  /** Milliseconds from startSandbox() to listening. */
  startupMs: number;
  /** The seeded devices (for tests and demos: which thing is online, offline, sleeping). */
  fleet: readonly SeededThing[];
  /** A simulated device's state right now (undefined for things Coiote DM does not know). */
  device(thingName: string): DeviceState | undefined;
  /** `coap://host:port` real devices register with, when the LwM2M server listens. */
  lwm2mUri?: string;
  /** Why the LwM2M server is not listening though it was asked for (e.g. the port is in use). */
  lwm2mError?: string;
  /** Real devices the LwM2M server knows (registered or not), e.g. for "LwM2M 1.1 · 127.0.0.1:56830". */
  lwm2mClients(): RealDeviceInfo[];
  /**
   * Hosts a firmware file: keeps a copy of the bytes and answers its one-time URLs (HTTP always; CoAP when the
   * sandbox's LwM2M server listens). The same as `POST /sandbox/firmware` for the embedded sandbox.
   */
  hostFirmware(bytes: Uint8Array, name: string, ttlSeconds?: number): FirmwareGrant;
  /** Benchmarks and tests: hears every shadow write the moment the store accepts it (any client, the integration). */
  onShadowChange(listener: (e: { thingName: string; shadowName: string; version: number; kind: 'update' | 'delete' }) => void): () => void;
}

export interface SeededThing {
  thingName: string;
  thingTypeName?: string;
  connectivity: 'online' | 'offline' | 'queue';
  /** Sends notifications by itself: its datamodel shadow changes without requests. */
  autoNotify: boolean;
}

/** A device's state as Coiote DM sees it (simulated or real; `lwm2m` is set for a real LwM2M client). */
export type DeviceState = CoioteDeviceState;
export type { RealDeviceInfo } from './coioteDevice';
export { COAP_LOG_GROUP } from './lwm2m/coapLog';

/** Fake static credentials: the sandbox accepts any signature. */
export const SANDBOX_CREDENTIALS = { accessKeyId: 'AKIASANDBOXEXAMPLE00', secretAccessKey: 'sandbox/secret/not-a-real-key/EXAMPLEKEY' };

export async function startSandbox(options: SandboxOptions = {}): Promise<RunningSandbox> {
  const t0 = performance.now();
  const firmwareSettings = firmwareOptions(options);
  const seed = options.seed ?? 1;
  const count = Math.max(0, Math.floor(options.things ?? 25));
  const budgetMiB = options.memoryBudgetMiB ?? DEFAULT_MEMORY_BUDGET_MIB;
  const tooLarge = sandboxSizeProblem(count, budgetMiB, getHeapStatistics().heap_size_limit);
  if (tooLarge) throw new SandboxSizeError(tooLarge);
  const budget = new MemoryBudget(budgetMiB * 1024 * 1024);
  const clock = new SimClock(options.timeScale ?? 1);
  const registry = loadRegistry();
  const vendor = new Map(VENDOR_OBJECTS.map((o) => [o.id, o]));
  const fleet = new Fleet(seed, count, (id) => vendor.get(id) ?? registry.objectById(id), clock.now());
  budget.charge(count * SEEDED_DEVICE_BYTES, (message) => new SandboxSizeError(message));
  const things = new ThingRegistry(SANDBOX_REGION, budget);
  const changeListeners = new Set<(e: ShadowChangeEvent) => void>();
  const shadows = new ShadowStore(clock, fleet, budget);
  shadows.onChange((e) => { for (const l of changeListeners) l(e); });
  const logs = new LogStore(SANDBOX_REGION);
  seedFleet(fleet, things, logs, new Random(seed ^ 0x5eed));
  // The simulated integration behind the shadows: rules → Lambda → Coiote DM → devices → shadows.
  const coiote = new Coiote({ clock, shadows, fleet, firmware: firmwareSettings }, budget);
  const lambda = new OperationLambda(new LambdaLogs(logs, 'Lwm2mOperation', new Random(seed ^ 0x1a3b)), coiote, clock, new Random(seed ^ 0x2c4d), options.taskLog ? logs : undefined);
  new IntegrationRules(shadows, lambda, logs, clock, new Random(seed ^ 0x3e5f)).install();
  coiote.start();

  const router = new Router();
  const firmwareFiles = new FirmwareFiles(clock);
  addFirmwareRoutes(router, firmwareFiles);
  addIotRoutes(router, things, `a${new Random(seed).hex(13)}`);
  addShadowRoutes(router, shadows, clock);
  addIndexRoutes(router, things, shadows, options.indexing === true);
  const liveTail = new LiveTail(logs, clock);
  const mqtt = options.mqtt ?? true;
  const broker = mqtt
    ? await ShadowBroker.create(shadows, clock, SANDBOX_REGION, { ...AWS_IOT_LIMITS, ...(typeof mqtt === 'object' ? mqtt.limits : {}) })
    : undefined;
  const server = new SandboxServer({
    router,
    targets: { [LOGS_TARGET_PREFIX]: logsHandler(logs, liveTail) },
    upgrade: (req, socket, head) => broker ? broker.upgrade(req, socket, head) : refuseMqtt(req, socket),
    bodyLimits: { [FIRMWARE_UPLOAD_PATH]: FIRMWARE_UPLOAD_MAX_BODY },
  });
  const host = options.host ?? '127.0.0.1';
  let port: number;
  try {
    port = await server.listen(options.port ?? 0, host);
  } catch (e) {
    clock.stop(); // no simulation left running behind a sandbox that never started
    await broker?.close();
    throw e;
  }
  let lwm2m: Lwm2mServer | undefined;
  let lwm2mError: string | undefined;
  if (options.lwm2m) {
    const createThing = new CreateThingLambda(new LambdaLogs(logs, 'CreateThing', new Random(seed ^ 0x4c7d)), things, shadows, clock, new Random(seed ^ 0x5e8f));
    const resolve = (id: number) => vendor.get(id) ?? registry.objectById(id);
    const lwHost = options.lwm2m.host ?? '127.0.0.1';
    try {
      lwm2m = await Lwm2mServer.start({ host: lwHost, port: options.lwm2m.port ?? 0, exchangeLifetimeMs: options.lwm2m.exchangeLifetimeMs, queueAwakeMs: options.lwm2m.queueAwakeMs }, { shadows, logs, clock, resolve, createThing, firmware: firmwareFiles });
      coiote.attachRealDevices(lwm2m);
      firmwareFiles.bases.coap = lwm2m.uri;
      const server = lwm2m;
      firmwareFiles.addressFor = (thing) => server.addressFor(thing);
    } catch (e) {
      const err = e as NodeJS.ErrnoException;
      lwm2mError = err.code === 'EADDRINUSE'
        ? `UDP port ${options.lwm2m.port} on ${lwHost} is in use: the LwM2M server is off (everything else works)`
        : `the LwM2M server could not listen on ${lwHost}:${options.lwm2m.port ?? 0}: ${err.message}`;
    }
  }
  firmwareFiles.bases.http = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  let stopped: Promise<void> | undefined;
  return {
    url: `http://${host}:${port}`,
    ...(broker ? { mqttUrl: `ws://${host}:${port}${MQTT_PATH}` } : {}),
    port,
    region: SANDBOX_REGION,
    credentials: { ...SANDBOX_CREDENTIALS },
    startupMs: performance.now() - t0,
    fleet: fleet.devices.map((d) => ({ thingName: d.thingName, thingTypeName: d.model.typeName, connectivity: d.connectivity, autoNotify: d.autoNotify })),
    device: (thingName) => coiote.device(thingName)?.state,
    ...(lwm2m ? { lwm2mUri: lwm2m.uri } : {}),
    ...(lwm2mError ? { lwm2mError } : {}),
    lwm2mClients: () => lwm2m?.clients() ?? [],
    hostFirmware: (bytes, name, ttlSeconds) => firmwareFiles.upload(bytes, name, ttlSeconds),
    onShadowChange: (listener) => {
      const wrapped = (e: ShadowChangeEvent) => listener({ thingName: e.thingName, shadowName: e.shadowName, version: e.version, kind: e.kind });
      changeListeners.add(wrapped);
      return () => changeListeners.delete(wrapped);
    },
    stop: () =>
      (stopped ??= (async () => {
        liveTail.stopAll();
        await lwm2m?.close();
        clock.stop();
        await broker?.close();
        await server.close();
      })()),
  };
}

/** MQTT turned off: the WebSocket upgrade to /mqtt is refused as a policy without iot:Connect refuses it. */
function refuseMqtt(req: { url?: string }, socket: { end(data: string): void }): boolean {
  if (!(req.url ?? '').startsWith(MQTT_PATH)) return false;
  const body = 'Forbidden: MQTT is turned off in this sandbox (--no-mqtt)';
  socket.end(`HTTP/1.1 403 Forbidden\r\ncontent-type: text/plain\r\ncontent-length: ${body.length}\r\nconnection: close\r\n\r\n${body}`);
  return true;
}

/** The simulated devices' firmware download and failures, checked: a bad setting stops the start with the reason. */
function firmwareOptions(options: SandboxOptions): NonNullable<import('./device').DeviceContext['firmware']> {
  const failures = new Map<string, number>();
  for (const [thing, code] of Object.entries(options.firmwareFailures ?? {})) {
    if (!(SIMULATED_FAILURES as readonly number[]).includes(code)) {
      throw new RangeError(`firmware failure ${code} for ${thing}: a simulated device can end an update in ${SIMULATED_FAILURES.join(', ')}`);
    }
    failures.set(thing, code);
  }
  const bytesPerSecond = options.firmwareBytesPerSecond ?? DEFAULT_FIRMWARE_BYTES_PER_S;
  if (!Number.isFinite(bytesPerSecond) || bytesPerSecond <= 0) throw new RangeError(`firmware download speed must be a positive number of bytes per second (got ${bytesPerSecond})`);
  return { fetch: fetchFirmware, bytesPerSecond, failures };
}
