// Opaque (content format 42): the payload is the raw bytes of one resource value.
import { checkSize, type Limits } from './limits';
import { idsPath } from './paths';
import { singleRecord, singleValueIds } from './singleValue';
import type { Lwm2mRecord } from './types';
import { asOpaque, copyBytes } from './values';

const F = 42;

export function decodeOpaque(payload: Uint8Array, requestPath: string, limits: Required<Limits>): Lwm2mRecord[] {
  checkSize(F, payload.length, limits);
  const ids = singleValueIds(F, requestPath, 'opaque');
  return [{ path: idsPath(ids), value: copyBytes(payload) }];
}

export function encodeOpaque(records: Lwm2mRecord[], requestPath: string): Uint8Array {
  const { record } = singleRecord(F, records, requestPath, 'opaque');
  return copyBytes(asOpaque(F, record.path, record.value));
}
