// OMA TLV (content format 11542, OMA-TS-LightweightM2M-Core §7.4.3). Each entry: a type byte — bits 7-6 what the
// identifier names (00 object instance, 01 resource instance, 10 multiple resource, 11 resource with value), bit 5
// a 16-bit identifier, bits 4-3 the size of the length field (0: the length is bits 2-0; 1-3: an 8/16/24-bit
// length follows) — then the identifier, the length and the value. Object instances hold resources; multiple
// resources hold resource instances. Values carry no type: Integer and Time are signed big-endian in 1/2/4/8
// bytes, Unsigned Integer unsigned in 1/2/4/8, Float 4 or 8 bytes IEEE 754, Boolean one byte 0/1, Objlnk two 16-bit
// IDs, String and Corelnk UTF-8, Opaque raw. So decoding needs the registry's type of each resource.
import { CodecError } from './codecError';
import { checkSize, type Limits } from './limits';
import { checkRecordPath, idsPath, isUnder, requestIds, resourcePathOf } from './paths';
import { RecordList } from './recordList';
import type { Lwm2mRecord, Lwm2mValue, ResourceType, TypeOf } from './types';
import { asBoolean, asFloat, asInteger, asObjlnk, asOpaque, asString, decodeUtf8, encodeUtf8, inferType, integerValue, copyBytes, untypedValue } from './values';

const F = 11542;

const OBJECT_INSTANCE = 0;
const RESOURCE_INSTANCE = 1;
const MULTIPLE_RESOURCE = 2;
const RESOURCE = 3;
const KIND_NAME = ['object instance', 'resource instance', 'multiple resource', 'resource'];
/** How many IDs the path of each kind of entry has (/o/i, /o/i/r/ri, /o/i/r, /o/i/r). */
const KIND_DEPTH = [2, 4, 3, 3];
/** What each kind of entry may hold. */
const CHILDREN: Record<number, number[]> = { [OBJECT_INSTANCE]: [RESOURCE, MULTIPLE_RESOURCE], [MULTIPLE_RESOURCE]: [RESOURCE_INSTANCE] };
const MAX_LENGTH = 0xffffff;

export function decodeTlv(payload: Uint8Array, requestPath: string, typeOf: TypeOf, limits: Required<Limits>): Lwm2mRecord[] {
  checkSize(F, payload.length, limits);
  const base = requestIds(F, requestPath);
  const list = new RecordList(F, limits);
  const view = new DataView(payload.buffer, payload.byteOffset, payload.byteLength);

  const level = (start: number, end: number, parent: number[] | undefined, parentKind: number | undefined): void => {
    let o = start;
    while (o < end) {
      const at = o;
      const type = payload[o++];
      const kind = type >> 6;
      const idBytes = type & 0x20 ? 2 : 1;
      const lengthBytes = (type >> 3) & 3;
      if (o + idBytes + lengthBytes > end) throw new CodecError(F, `the TLV entry at byte ${at} is cut short in its header`);
      const id = idBytes === 2 ? view.getUint16(o) : payload[o];
      o += idBytes;
      let length = type & 7;
      if (lengthBytes > 0) {
        // Bits 2-0 are only the length when no length field follows; otherwise they are ignored.
        length = 0;
        for (let k = 0; k < lengthBytes; k++) length = length * 256 + payload[o++];
      }
      if (length > end - o) throw new CodecError(F, `the TLV entry at byte ${at} declares ${length} bytes of value, and only ${end - o} remain`);
      const ids = entryIds(kind, id, parent, parentKind, at);
      if (CHILDREN[kind]) level(o, o + length, ids, kind);
      else if (isUnder(ids, base)) list.add(ids, valueOf(payload.subarray(o, o + length), ids, typeOf(resourcePathOf(ids))));
      else throw new CodecError(F, `the TLV names ${idsPath(ids)}, outside the requested ${idsPath(base)}`);
      o += length;
    }
  };

  /** The path of an entry: below its parent entry, or at top level, completed from the request path. */
  const entryIds = (kind: number, id: number, parent: number[] | undefined, parentKind: number | undefined, at: number): number[] => {
    if (parent === undefined) {
      const depth = KIND_DEPTH[kind];
      if (base.length < depth - 1) throw new CodecError(F, `a top-level TLV ${KIND_NAME[kind]} (byte ${at}) needs a request path of ${depth - 1} IDs, and ${idsPath(base)} has ${base.length}`);
      if (base.length >= depth && base[depth - 1] !== id) throw new CodecError(F, `the TLV names ${idsPath([...base.slice(0, depth - 1), id])}, outside the requested ${idsPath(base)}`);
      return [...base.slice(0, depth - 1), id];
    }
    if (!CHILDREN[parentKind as number].includes(kind)) throw new CodecError(F, `a TLV ${KIND_NAME[parentKind as number]} holds a ${KIND_NAME[kind]} (byte ${at})`);
    return [...parent, id];
  };

  level(0, payload.length, undefined, undefined);
  return list.records;
}

function valueOf(bytes: Uint8Array, ids: number[], type: ResourceType | undefined): Lwm2mValue {
  const path = idsPath(ids);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const wrongLength = (what: string): never => {
    throw new CodecError(F, `${path} is ${what}, and its TLV value has ${bytes.length} bytes`);
  };
  switch (type) {
    case 'Integer':
    case 'Time':
    case 'Unsigned Integer': {
      const unsigned = type === 'Unsigned Integer';
      switch (bytes.length) {
        case 1: return unsigned ? view.getUint8(0) : view.getInt8(0);
        case 2: return unsigned ? view.getUint16(0) : view.getInt16(0);
        case 4: return unsigned ? view.getUint32(0) : view.getInt32(0);
        case 8: return integerValue(unsigned ? view.getBigUint64(0) : view.getBigInt64(0));
        default: return wrongLength(`${type === 'Time' ? 'a Time' : `an ${type}`} (1, 2, 4 or 8 bytes)`);
      }
    }
    case 'Float': {
      const n = bytes.length === 4 ? view.getFloat32(0) : bytes.length === 8 ? view.getFloat64(0) : wrongLength('a Float (4 or 8 bytes)');
      if (!Number.isFinite(n)) throw new CodecError(F, `${path} is a Float, and the device sent ${n}`);
      return n;
    }
    case 'Boolean':
      if (bytes.length !== 1) wrongLength('a Boolean (1 byte)');
      if (bytes[0] > 1) throw new CodecError(F, `${path} is a Boolean, and its TLV byte is ${bytes[0]}, not 0 or 1`);
      return bytes[0] === 1;
    case 'Objlnk':
      if (bytes.length !== 4) wrongLength('an Objlnk (4 bytes)');
      return { objectId: view.getUint16(0), instanceId: view.getUint16(2) };
    case 'String':
    case 'Corelnk':
      return decodeUtf8(F, bytes, `the ${type} value of ${path}`);
    case 'Opaque':
      return copyBytes(bytes);
    case 'None':
      return bytes.length === 0 ? '' : untypedValue(bytes);
    default:
      return untypedValue(bytes);
  }
}

export function encodeTlv(records: Lwm2mRecord[], requestPath: string, typeOf: TypeOf): Uint8Array {
  const base = requestIds(F, requestPath);
  if (base.length === 0) throw new CodecError(F, 'TLV cannot carry values for the root path /: it has no object IDs; use SenML');
  // instance → resource → a single record, or resource instance → record
  const tree = new Map<number, Map<number, Lwm2mRecord | Map<number, Lwm2mRecord>>>();
  const seen = new Set<string>();
  for (const [n, record] of records.entries()) {
    const ids = checkRecordPath(F, record.path, base, `record ${n + 1}`);
    const path = idsPath(ids);
    if (seen.has(path)) throw new CodecError(F, `${path} is given twice; TLV holds one value per path`);
    seen.add(path);
    const resources = tree.get(ids[1]) ?? new Map();
    tree.set(ids[1], resources);
    const existing = resources.get(ids[2]);
    if (ids.length === 3) {
      if (existing) throw new CodecError(F, `${resourcePathOf(ids)} is given both as a single value and as resource instances`);
      resources.set(ids[2], record);
    } else {
      if (existing && !(existing instanceof Map)) throw new CodecError(F, `${resourcePathOf(ids)} is given both as a single value and as resource instances`);
      const instances = existing ?? new Map<number, Lwm2mRecord>();
      instances.set(ids[3], record);
      resources.set(ids[2], instances);
    }
  }
  const sorted = <V>(m: Map<number, V>) => [...m.entries()].sort((a, b) => a[0] - b[0]);
  const resourceEntry = (resourceIds: number[], r: Lwm2mRecord | Map<number, Lwm2mRecord>): Uint8Array[] =>
    r instanceof Map
      ? entry(MULTIPLE_RESOURCE, resourceIds[2], sorted(r).flatMap(([ri, rec]) => entry(RESOURCE_INSTANCE, ri, [valueBytes(rec, typeOf)])))
      : entry(RESOURCE, resourceIds[2], [valueBytes(r, typeOf)]);
  const out: Uint8Array[] = [];
  for (const [instance, resources] of sorted(tree)) {
    const inner: Uint8Array[] = [];
    for (const [resource, r] of sorted(resources)) {
      const resourceIds = [base[0], instance, resource];
      if (base.length === 4) {
        // The request names one resource instance: it is the top-level entry.
        const rec = (r as Map<number, Lwm2mRecord>).get(base[3]) as Lwm2mRecord;
        inner.push(...entry(RESOURCE_INSTANCE, base[3], [valueBytes(rec, typeOf)]));
      } else {
        inner.push(...resourceEntry(resourceIds, r));
      }
    }
    if (base.length === 1) out.push(...entry(OBJECT_INSTANCE, instance, inner));
    else out.push(...inner);
  }
  return concat(out);
}

function valueBytes(record: Lwm2mRecord, typeOf: TypeOf): Uint8Array {
  const ids = (record.path.slice(1).split('/')).map(Number);
  const path = record.path;
  const value = record.value;
  const type = typeOf(resourcePathOf(ids)) ?? inferType(value);
  switch (type) {
    case 'Integer':
    case 'Time':
      return signedBytes(asInteger(F, path, value, type));
    case 'Unsigned Integer':
      return unsignedBytes(asInteger(F, path, value, type));
    case 'Float': {
      const n = asFloat(F, path, value);
      const single = Math.fround(n) === n;
      const b = new Uint8Array(single ? 4 : 8);
      const v = new DataView(b.buffer);
      if (single) v.setFloat32(0, n);
      else v.setFloat64(0, n);
      return b;
    }
    case 'Boolean':
      return Uint8Array.of(asBoolean(F, path, value) ? 1 : 0);
    case 'Objlnk': {
      const link = asObjlnk(F, path, value);
      const b = new Uint8Array(4);
      new DataView(b.buffer).setUint16(0, link.objectId);
      new DataView(b.buffer).setUint16(2, link.instanceId);
      return b;
    }
    case 'Opaque':
      return asOpaque(F, path, value);
    case 'None':
      return new Uint8Array(0);
    default:
      return encodeUtf8(asString(F, path, value));
  }
}

function signedBytes(n: bigint): Uint8Array {
  for (const size of [1, 2, 4]) {
    const limit = 1n << BigInt(size * 8 - 1);
    if (n >= -limit && n < limit) return bigBytes(BigInt.asUintN(size * 8, n), size);
  }
  return bigBytes(BigInt.asUintN(64, n), 8);
}

function unsignedBytes(n: bigint): Uint8Array {
  for (const size of [1, 2, 4]) if (n < 1n << BigInt(size * 8)) return bigBytes(n, size);
  return bigBytes(n, 8);
}

function bigBytes(n: bigint, size: number): Uint8Array {
  const b = new Uint8Array(size);
  for (let i = size - 1; i >= 0; i--) {
    b[i] = Number(n & 0xffn);
    n >>= 8n;
  }
  return b;
}

function entry(kind: number, id: number, value: Uint8Array[]): Uint8Array[] {
  const length = value.reduce((s, b) => s + b.length, 0);
  if (length > MAX_LENGTH) throw new CodecError(F, `a TLV value of ${length} bytes is longer than TLV's 24-bit length allows`);
  const header: number[] = [(kind << 6) | (id > 255 ? 0x20 : 0)];
  if (id > 255) header.push(id >> 8, id & 0xff);
  else header.push(id);
  if (length < 8) {
    header[0] |= length;
  } else {
    const size = length < 0x100 ? 1 : length < 0x10000 ? 2 : 3;
    header[0] |= size << 3;
    for (let k = size - 1; k >= 0; k--) header.push((length >> (8 * k)) & 0xff);
  }
  return [Uint8Array.from(header), ...value];
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((s, b) => s + b.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}
