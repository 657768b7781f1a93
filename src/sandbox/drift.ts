// How a simulated device's values change by themselves over time: sensor readings wander (and move the
// min/max measured values), the battery drains, the clock runs, radio signal jitters, a tracker moves.
import { isObject, type JsonObject } from './json';
import type { Random } from './random';

const num = (v: unknown): number | undefined => (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v)) ? Number(v) : undefined);

/** Advances the model by `dtSeconds`; returns the paths (object/instance/resource) whose values changed. */
export function drift(model: JsonObject, rng: Random, dtSeconds: number, nowSeconds: number): string[][] {
  const changed: string[][] = [];
  const set = (obj: string, inst: string, res: string, value: string) => {
    const r = (model[obj] as JsonObject)[inst] as JsonObject;
    if (!(res in r) || r[res] === value) return;
    r[res] = value;
    changed.push([obj, inst, res]);
  };
  for (const [obj, instances] of Object.entries(model)) {
    if (!isObject(instances)) continue;
    for (const [inst, resources] of Object.entries(instances)) {
      if (!isObject(resources)) continue;
      const sensor = obj === 'Temperature' ? { step: 0.08, lo: -40, hi: 85, home: 21.5 } : obj === 'Humidity' ? { step: 0.3, lo: 0, hi: 100, home: 45 } : undefined;
      if (sensor) {
        const v = num(resources['Sensor Value']);
        if (v === undefined) continue;
        const next = Math.min(sensor.hi, Math.max(sensor.lo, v + (rng.next() - 0.5) * 2 * sensor.step * Math.sqrt(dtSeconds) + (sensor.home - v) * 0.002 * dtSeconds));
        const text = next.toFixed(1);
        set(obj, inst, 'Sensor Value', text);
        const min = num(resources['Min Measured Value']);
        const max = num(resources['Max Measured Value']);
        if (min !== undefined && next < min) set(obj, inst, 'Min Measured Value', text);
        if (max !== undefined && next > max) set(obj, inst, 'Max Measured Value', text);
      } else if (obj === 'Device') {
        const battery = num(resources['Battery Level']);
        if (battery !== undefined && battery > 5 && rng.chance(dtSeconds / 180)) set(obj, inst, 'Battery Level', String(battery - 1));
        if ('Current Time' in resources) set(obj, inst, 'Current Time', String(nowSeconds));
      } else if (obj === 'Connectivity Monitoring') {
        const rssi = num(resources['Radio Signal Strength']);
        if (rssi !== undefined && rng.chance(Math.min(1, dtSeconds / 10))) set(obj, inst, 'Radio Signal Strength', String(Math.min(-50, Math.max(-120, rssi + rng.int(-2, 2)))));
      } else if (obj === 'Location') {
        const lat = num(resources.Latitude);
        const lon = num(resources.Longitude);
        if (lat !== undefined && lon !== undefined && rng.chance(Math.min(1, dtSeconds / 30))) {
          set(obj, inst, 'Latitude', (lat + (rng.next() - 0.5) * 0.0004).toFixed(6));
          set(obj, inst, 'Longitude', (lon + (rng.next() - 0.5) * 0.0006).toFixed(6));
          set(obj, inst, 'Timestamp', String(nowSeconds));
        }
      }
    }
  }
  return changed;
}
