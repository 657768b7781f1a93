// The seeded fleet: deterministic from a seed, cheap to create for 100,000 things (names, types and
// attributes up front; shadows built from the seed whenever they are read, the same each time). Each thing has
// `protocol=LwM2M`, a classic shadow with connectivity fields, a `datamodel` shadow and an empty
// `operation` shadow, as the integration's CreateThing Lambda and the device's registration leave them.
import { buildDatamodel, type BuiltDatamodel, type ObjectResolver } from './datamodelBuilder';
import { DEVICE_MODELS, type DeviceModel } from './deviceModels';
import type { JsonObject } from './json';
import { Random } from './random';
import type { ShadowSeed } from './shadowStore';
import { deregisteredFields, registeredFields } from './classicShadow';

export type Connectivity = 'online' | 'offline' | 'queue';

export interface SeededDevice {
  index: number;
  thingName: string;
  thingId: string;
  model: DeviceModel;
  connectivity: Connectivity;
  /** Offline because it deregistered (otherwise: its lifetime ran out without an update). */
  deregistered: boolean;
  /** Sends notifications by itself (a standing observation), so a watcher sees values move. */
  autoNotify: boolean;
  lifetime: number;
  /** Seconds before the sandbox started. */
  createdAgo: number;
  registeredAgo: number;
  lastUpdateAgo: number;
}

export const LWM2M_SERVER_URI = 'coaps://eu.iot.avsystem.cloud:5684';
export const SEEDED_SHADOWS = ['', 'datamodel', 'operation'];

/** The first devices are chosen so that even a small fleet shows every case. */
const SHOWCASE: { model: string; connectivity: Connectivity; autoNotify?: boolean; deregistered?: boolean }[] = [
  { model: 'acme-tracker-v2', connectivity: 'online', autoNotify: true },
  { model: 'nordic-thingy91', connectivity: 'online', autoNotify: true },
  { model: 'acme-env-sensor', connectivity: 'queue' },
  { model: 'acme-tracker-v2', connectivity: 'offline', deregistered: true },
  { model: 'untyped-devkit', connectivity: 'online' },
  { model: 'acme-tracker-v1', connectivity: 'online' },
  { model: 'nordic-thingy91', connectivity: 'online' },
  { model: 'acme-env-sensor', connectivity: 'offline' },
  { model: 'acme-tracker-v2', connectivity: 'queue' },
];

export class Fleet implements ShadowSeed {
  readonly devices: SeededDevice[] = [];
  private readonly byName = new Map<string, SeededDevice>();

  constructor(
    readonly seed: number,
    count: number,
    private readonly resolve: ObjectResolver,
    /** Epoch ms the fleet's ages are measured from. */
    readonly startedAt: number,
  ) {
    const totalWeight = DEVICE_MODELS.reduce((s, m) => s + m.weight, 0);
    for (let i = 0; i < count; i++) {
      const rng = Random.forItem(seed, i, 1);
      const show = SHOWCASE[i];
      let model: DeviceModel;
      if (show) model = DEVICE_MODELS.find((m) => m.key === show.model)!;
      else {
        let w = rng.next() * totalWeight;
        model = DEVICE_MODELS.find((m) => (w -= m.weight) < 0) ?? DEVICE_MODELS[0];
      }
      let connectivity: Connectivity = show?.connectivity ?? (rng.chance(model.queueMode) ? 'queue' : rng.chance(0.15) ? 'offline' : 'online');
      if (connectivity === 'queue' && model.queueMode === 0) connectivity = 'online';
      let thingName = model.thingName(rng);
      while (this.byName.has(thingName)) thingName = model.thingName(rng);
      const lifetime = connectivity === 'queue' ? 3600 : rng.pick([3600, 86400, 86400]);
      const deregistered = show?.deregistered ?? (connectivity === 'offline' && rng.chance(0.5));
      // Showcase devices registered recently, so the CreateThing Lambda's lines are within log retention.
      const createdAgo = rng.int(1, show ? 25 : 90) * 86400 + rng.int(0, 86399);
      const lastUpdateAgo =
        connectivity === 'online' ? rng.int(5, 600) : connectivity === 'queue' ? rng.int(120, 1800) : deregistered ? rng.int(7200, 3 * 86400) : lifetime + rng.int(600, 86400);
      const registeredAgo = Math.min(createdAgo, lastUpdateAgo + rng.int(0, 5) * lifetime);
      const d: SeededDevice = {
        index: i,
        thingName,
        thingId: rng.uuid(),
        model,
        connectivity,
        deregistered,
        autoNotify: (show?.autoNotify ?? false) || (i % 1000 === 500 && connectivity === 'online'),
        lifetime,
        createdAgo,
        registeredAgo,
        lastUpdateAgo,
      };
      this.devices.push(d);
      this.byName.set(thingName, d);
    }
  }

  device(thingName: string): SeededDevice | undefined {
    return this.byName.get(thingName);
  }

  /** Thing types the fleet uses, in order of first use. */
  thingTypes(): { name: string; deprecated: boolean }[] {
    const seen = new Map<string, boolean>();
    for (const d of this.devices) if (d.model.typeName && !seen.has(d.model.typeName)) seen.set(d.model.typeName, !!d.model.deprecated);
    return [...seen].map(([name, deprecated]) => ({ name, deprecated }));
  }

  shadowsOf(thingName: string): readonly string[] | undefined {
    return this.byName.has(thingName) ? SEEDED_SHADOWS : undefined;
  }

  initial(thingName: string, shadowName: string, atMs: number): { reported?: JsonObject; timestamp: number } {
    const d = this.byName.get(thingName)!;
    // Ages count back from when the thing's shadows are first read (atMs), so a sandbox that ran for hours
    // still shows online devices within their lifetime.
    const at = (ago: number) => Math.floor(atMs / 1000) - ago;
    if (shadowName === '') return { reported: this.classic(d, atMs), timestamp: at(d.lastUpdateAgo) };
    if (shadowName === 'datamodel') return { reported: this.datamodel(d).datamodel, timestamp: at(d.lastUpdateAgo) };
    return { timestamp: at(d.createdAgo) };
  }

  /** The device's data model as it registered (the same every time for the same seed). */
  datamodel(d: SeededDevice): BuiltDatamodel {
    const nowSeconds = Math.floor(this.startedAt / 1000) - d.lastUpdateAgo;
    return buildDatamodel(d.model, Random.forItem(this.seed, d.index, 2), this.resolve, { nowSeconds, queueMode: d.connectivity === 'queue', lifetime: d.lifetime });
  }

  /** Connectivity parameters as the integration keeps them in the classic shadow (its documented names and formats). */
  classic(d: SeededDevice, nowMs = Date.now()): JsonObject {
    const reported = registeredFields({
      uri: LWM2M_SERVER_URI,
      lwm2mVersion: '1.1',
      lifetime: d.lifetime,
      binding: d.connectivity === 'queue' ? 'UQ' : 'U',
      queueMode: d.connectivity === 'queue',
      objects: registeredObjects(this.datamodel(d)),
    }, nowMs - d.lastUpdateAgo * 1000);
    if (d.deregistered) Object.assign(reported, deregisteredFields());
    return reported;
  }
}

/** `/1/1,/3/0,…`: the registration's link list as the classic shadow's `registeredObjects` shows it. */
export function registeredObjects(built: BuiltDatamodel): string {
  const links: string[] = [];
  for (const [name, instances] of Object.entries(built.datamodel)) {
    const id = built.defs.get(name)?.id;
    if (id === undefined) continue;
    const ids = Object.keys(instances as JsonObject);
    if (ids.length) for (const i of ids) links.push(`/${id}/${i}`);
    else links.push(`/${id}`);
  }
  return links.join(',');
}
