// What plain text (0) and opaque (42) share: the payload is the value of the one resource (or resource instance)
// the request names.
import { CodecError } from './codecError';
import { idsPath, requestIds } from './paths';
import type { Lwm2mRecord } from './types';

/** The request path's IDs, which must name a resource or a resource instance. */
export function singleValueIds(format: number, requestPath: string, name: string): number[] {
  const ids = requestIds(format, requestPath);
  if (ids.length < 3) throw new CodecError(format, `${name} carries one resource value, and ${idsPath(ids)} is an object or instance: read it as TLV or SenML`);
  return ids;
}

/** The one record an encoder for a single value takes: for the request path itself. */
export function singleRecord(format: number, records: Lwm2mRecord[], requestPath: string, name: string): { ids: number[]; record: Lwm2mRecord } {
  const ids = singleValueIds(format, requestPath, name);
  const path = idsPath(ids);
  if (records.length !== 1 || records[0].path !== path) {
    throw new CodecError(format, `${name} carries exactly one value, for ${path}; got ${records.length} record(s)${records.length === 1 ? ` for ${records[0].path}` : ''}`);
  }
  return { ids, record: records[0] };
}
