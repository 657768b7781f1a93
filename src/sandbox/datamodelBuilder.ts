// Builds a seeded device's LwM2M data model in the integration's datamodel-shadow shape: object name →
// instance ID → resource name → string value; a multi-instance resource as {id: value}; executables
// and write-only resources as {"noValue": true}. Names and types come from the object definitions.
import type { ObjectDef, ResourceDef } from '../core/index';
import type { DeviceModel } from './deviceModels';
import type { JsonObject } from './json';
import type { Random } from './random';

export type ObjectResolver = (id: number) => ObjectDef | undefined;

export interface BuiltDatamodel {
  datamodel: JsonObject;
  /** Object name in the datamodel → its definition. */
  defs: Map<string, ObjectDef>;
}

interface ValueContext {
  model: DeviceModel;
  rng: Random;
  serial: string;
  firmware: string;
  nowSeconds: number;
  queueMode: boolean;
  lifetime: number;
}

export const NO_VALUE = { noValue: true } as const;

export function buildDatamodel(model: DeviceModel, rng: Random, resolve: ObjectResolver, ctx: { nowSeconds: number; queueMode: boolean; lifetime: number }): BuiltDatamodel {
  const datamodel: JsonObject = {};
  const defs = new Map<string, ObjectDef>();
  const vc: ValueContext = { model, rng, serial: rng.digits(10), firmware: rng.pick(model.firmwareVersions), ...ctx };
  for (const spec of model.objects) {
    if (spec.probability !== undefined && !rng.chance(spec.probability)) continue;
    const def = resolve(spec.id);
    if (!def) continue;
    const instances: JsonObject = {};
    for (const inst of spec.instances) {
      const resources: JsonObject = {};
      for (const rid of spec.resources) {
        const rdef = def.resources.find((r) => r.id === rid);
        if (!rdef) continue;
        resources[rdef.name] = initialValue(def, rdef, vc);
      }
      instances[inst] = resources;
    }
    datamodel[def.name] = instances;
    defs.set(def.name, def);
  }
  return { datamodel, defs };
}

function initialValue(obj: ObjectDef, res: ResourceDef, c: ValueContext): JsonObject | string {
  if (res.operations === 'E' || res.operations === 'W') return { ...NO_VALUE };
  const v = specificValue(obj.id, res.id, c);
  if (v !== undefined) return v;
  if (res.multiple) return {};
  return defaultValue(res);
}

/** A plausible value of a resource type nobody chose a value for. */
export function defaultValue(res: ResourceDef): string {
  switch (res.type) {
    case 'Integer':
    case 'Unsigned Integer':
      return '0';
    case 'Float':
      return '0.0';
    case 'Boolean':
      return 'false';
    case 'Time':
      return '0';
    case 'Objlnk':
      return '65535:65535';
    default:
      return '';
  }
}

const fixed = (n: number, digits = 1) => n.toFixed(digits);

function specificValue(obj: number, res: number, c: ValueContext): JsonObject | string | undefined {
  const r = c.rng;
  switch (obj) {
    case 3:
      switch (res) {
        case 0: return c.model.manufacturer;
        case 1: return c.model.modelNumber;
        case 2: return c.serial;
        case 3: return c.firmware;
        case 6: return { '0': '1', '1': '5' };
        case 7: return { '0': String(r.int(3500, 4200)), '1': '5000' };
        case 9: return String(r.int(12, 100));
        case 10: return String(r.int(120, 900));
        case 11: return { '0': '0' };
        case 13: return String(c.nowSeconds);
        case 14: return '+01:00';
        case 15: return r.pick(['Europe/Warsaw', 'Europe/Berlin', 'Europe/London', 'America/New_York']);
        case 16: return c.queueMode ? 'UQ' : 'U';
        case 17: return c.model.deviceType;
        case 18: return c.model.hardwareVersion;
        case 19: return c.firmware;
        case 20: return '0';
        case 21: return '1024';
      }
      return undefined;
    case 1:
      switch (res) {
        case 0: return '1';
        case 1: return String(c.lifetime);
        case 2: return '1';
        case 3: return '0';
        case 5: return '86400';
        case 6: return 'true';
        case 7: return c.queueMode ? 'UQ' : 'U';
      }
      return undefined;
    case 4:
      switch (res) {
        case 0: return '6';
        case 1: return { '0': '6', '1': '7' };
        case 2: return String(r.int(-115, -70));
        case 3: return String(r.int(0, 100));
        case 4: return { '0': `10.${r.int(0, 255)}.${r.int(0, 255)}.${r.int(2, 254)}` };
        case 7: return { '0': r.pick(['iot.1nce.net', 'nbiot.telia.com', 'em']) };
        case 8: return String(r.int(1000000, 268435455));
        case 9: return String(r.int(1, 3));
        case 10: return r.pick(['260', '262', '234', '310']);
      }
      return undefined;
    case 5:
      switch (res) {
        case 1: return '';
        case 3: return '0';
        case 5: return '0';
        case 6: return '';
        case 7: return '';
        case 8: return Object.fromEntries((c.model.firmwareProtocols ?? [0]).map((p, i) => [String(i), String(p)]));
        case 9: return '2';
      }
      return undefined;
    case 6:
      switch (res) {
        case 0: return fixed(r.float(49.0, 54.8), 6);
        case 1: return fixed(r.float(14.1, 24.1), 6);
        case 2: return fixed(r.float(80, 320), 1);
        case 3: return fixed(r.float(3, 40), 1);
        case 5: return String(c.nowSeconds - r.int(30, 3600));
        case 6: return fixed(r.float(0, 2), 1);
      }
      return undefined;
    case 3303:
    case 3304: {
      const temp = obj === 3303;
      const value = temp ? r.float(18, 26) : r.float(30, 65);
      switch (res) {
        case 5700: return fixed(value);
        case 5601: return fixed(value - r.float(0.5, 4));
        case 5602: return fixed(value + r.float(0.5, 4));
        case 5603: return temp ? '-40.0' : '0.0';
        case 5604: return temp ? '85.0' : '100.0';
        case 5701: return temp ? 'Cel' : '%RH';
      }
      return undefined;
    }
    case 3347:
      switch (res) {
        case 5500: return 'false';
        case 5501: return String(r.int(0, 40));
        case 5750: return 'Button 1';
      }
      return undefined;
    case 33050:
      switch (res) {
        case 0: return String(r.pick([60, 300, 900]));
        case 1: return '0.2';
        case 2: return 'true';
        case 3: return String(r.int(0, 500));
      }
      return undefined;
  }
  return undefined;
}
