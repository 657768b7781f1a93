// The classic (unnamed) shadow's connectivity parameters, with the names and formats the integration's
// documentation shows (`registered`, `lastRegisterUpdate` "yyyy-MM-dd HH:mm:ss.SSS", `lwm2mVersion`,
// `registeredLifeTime`, `registeredMode`, `registeredObjects`, `registeredQueueMode`, …), written on Register
// and Update by simulated and real devices alike. Times are UTC (the documentation's screenshots carry no zone).
import type { JsonObject } from './json';

export interface Registration {
  /** The LwM2M Server object instance the device registered through (the sandbox's is 1). */
  serverInstance?: number;
  /** The server URI the device was given. */
  uri: string;
  lwm2mVersion: string;
  /** Seconds. */
  lifetime: number;
  /** The binding, e.g. `U` or `UQ`. */
  binding: string;
  queueMode: boolean;
  /** `/1/1,/2,/3/0,…`: the objects and instances of the registration's link list. */
  objects: string;
}

/** `yyyy-MM-dd HH:mm:ss.SSS` (UTC) of an epoch ms, as the integration writes `lastRegisterUpdate`. */
export function coioteTime(ms: number): string {
  return new Date(ms).toISOString().replace('T', ' ').replace('Z', '');
}

/** Epoch ms of a `yyyy-MM-dd HH:mm:ss.SSS` (UTC) text, NaN when it is none. */
export function parseCoioteTime(text: unknown): number {
  if (typeof text !== 'string' || !/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d{1,3})?$/.test(text)) return NaN;
  return Date.parse(`${text.replace(' ', 'T')}Z`);
}

/** The classic shadow's `reported` after a Register. */
export function registeredFields(r: Registration, at: number): JsonObject {
  return {
    registered: true,
    lastRegisterUpdate: coioteTime(at),
    lwm2mServerObjectInstance: String(r.serverInstance ?? 1),
    lwm2mUri: r.uri,
    lwm2mVersion: r.lwm2mVersion,
    registeredLifeTime: String(r.lifetime),
    registeredMode: r.binding,
    registeredObjects: r.objects,
    registeredQueueMode: String(r.queueMode),
  };
}

/** The classic shadow's `reported` change after an Update (only what changed besides the time). */
export function updatedFields(at: number, changed: Partial<Registration> = {}): JsonObject {
  const out: JsonObject = { registered: true, lastRegisterUpdate: coioteTime(at) };
  if (changed.lifetime !== undefined) out.registeredLifeTime = String(changed.lifetime);
  if (changed.binding !== undefined) out.registeredMode = changed.binding;
  if (changed.queueMode !== undefined) out.registeredQueueMode = String(changed.queueMode);
  if (changed.objects !== undefined) out.registeredObjects = changed.objects;
  return out;
}

/** The classic shadow's `reported` change after a De-register or a lifetime that ran out. */
export function deregisteredFields(): JsonObject {
  return { registered: false };
}
