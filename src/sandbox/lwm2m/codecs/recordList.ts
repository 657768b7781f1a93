// The records a decoder gathers from one payload: bounded in number, each path once per time, and a resource
// never both a single value and a set of instances.
import { CodecError } from './codecError';
import type { Limits } from './limits';
import { idsPath } from './paths';
import type { Lwm2mRecord, Lwm2mValue } from './types';

export class RecordList {
  readonly records: Lwm2mRecord[] = [];
  private readonly seen = new Set<string>();
  /** '/o/i/r' → whether it was given as a single value ('single') or as instances ('multiple'). */
  private readonly shape = new Map<string, 'single' | 'multiple'>();

  constructor(private readonly format: number, private readonly limits: Required<Limits>) {}

  add(ids: readonly number[], value: Lwm2mValue, time?: number): void {
    const path = idsPath(ids);
    if (this.records.length >= this.limits.maxRecords) throw new CodecError(this.format, `more than ${this.limits.maxRecords} records in one payload`);
    const key = time === undefined ? path : `${path}@${time}`;
    if (this.seen.has(key)) throw new CodecError(this.format, `${path} appears twice${time === undefined ? '' : ` for the same time ${time}`}`);
    const resource = idsPath(ids.slice(0, 3));
    const shape = ids.length === 4 ? 'multiple' : 'single';
    const before = this.shape.get(resource);
    if (before && before !== shape) throw new CodecError(this.format, `${resource} is given both as a single value and as resource instances`);
    this.shape.set(resource, shape);
    this.seen.add(key);
    this.records.push(time === undefined ? { path, value } : { path, value, time });
  }
}
