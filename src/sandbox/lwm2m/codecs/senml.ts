// SenML (RFC 8428) as LwM2M 1.1+ uses it (OMA-TS-LightweightM2M-Core §7.4.4/§7.4.5), shared by the JSON (110) and
// CBOR (112) codecs: records are resolved in order — a base name (bn) and base time (bt) apply to the records
// after them until redefined; a record's path is bn + n, its time bt + t (times below 2^28 are relative to now);
// the value is one of v (number), vs (string), vb (boolean), vd (opaque, base64) or vlo (Objlnk 'o:i', the
// LwM2M extension). Labels ending in '_' must be understood (RFC 8428 §4.4), so they are refused; other unknown
// labels are ignored.
import { CodecError, quoted } from './codecError';
import type { Limits } from './limits';
import { checkRecordPath, idsPath, requestIds, resourcePathOf } from './paths';
import { RecordList } from './recordList';
import type { Lwm2mRecord, Lwm2mValue, TypeOf } from './types';
import { asBoolean, asFloat, asInteger, asObjlnk, asOpaque, asString, decodeBase64, encodeBase64, formatObjlnk, inferType, integerValue, parseObjlnk } from './values';

/** One SenML record with its labels by name (the CBOR codec maps its integer labels to these). */
export type SenmlEntry = Map<string, unknown>;

const VALUE_LABELS = ['v', 'vs', 'vb', 'vd', 'vlo'];
const RELATIVE_TIME_LIMIT = 2 ** 28;

export function resolveSenml(format: number, entries: SenmlEntry[], requestPath: string, limits: Required<Limits>, now = Date.now() / 1000): Lwm2mRecord[] {
  const base = requestIds(format, requestPath);
  const list = new RecordList(format, limits);
  let baseName = '';
  let baseTime: number | undefined;
  let baseValue: number | undefined;
  for (const [k, entry] of entries.entries()) {
    const where = `SenML record ${k + 1}`;
    for (const label of entry.keys()) {
      if (label.endsWith('_')) throw new CodecError(format, `${where} has the label ${quoted(label)}, which must be understood and is not supported`);
    }
    const text = (label: string): string | undefined => {
      const v = entry.get(label);
      if (v !== undefined && typeof v !== 'string') throw new CodecError(format, `${where}: ${label} must be a string`);
      return v;
    };
    const num = (label: string): number | undefined => {
      const v = entry.get(label);
      if (v === undefined) return undefined;
      if (typeof v !== 'number' || !Number.isFinite(v)) throw new CodecError(format, `${where}: ${label} must be a finite number`);
      return v;
    };
    const bn = text('bn');
    if (bn !== undefined) baseName = bn;
    const bt = num('bt');
    if (bt !== undefined) baseTime = bt;
    const bv = num('bv');
    if (bv !== undefined) baseValue = bv;
    num('bver');
    const name = baseName + (text('n') ?? '');
    if (name === '') throw new CodecError(format, `${where} has no name (neither bn nor n)`);
    const ids = checkRecordPath(format, name, base, where);
    const given = VALUE_LABELS.filter((l) => entry.has(l));
    if (given.length === 0) throw new CodecError(format, `${where} (${idsPath(ids)}) has no value (v, vs, vb, vd or vlo)`);
    if (given.length > 1) throw new CodecError(format, `${where} (${idsPath(ids)}) has more than one value (${given.join(', ')})`);
    let value: Lwm2mValue;
    switch (given[0]) {
      case 'v': {
        // SenML CBOR integers past 2^53 arrive as bigints: they stay exact, as decimal strings.
        const raw = entry.get('v');
        if (typeof raw === 'bigint') {
          value = integerValue(baseValue === undefined ? raw : raw + BigInt(Math.trunc(baseValue)));
          break;
        }
        const v = num('v') as number;
        value = baseValue === undefined ? v : v + baseValue;
        break;
      }
      case 'vs':
        value = text('vs') as string;
        break;
      case 'vb': {
        const v = entry.get('vb');
        if (typeof v !== 'boolean') throw new CodecError(format, `${where}: vb must be true or false`);
        value = v;
        break;
      }
      case 'vd': {
        const v = entry.get('vd');
        // SenML JSON carries base64 text; SenML CBOR a byte string.
        const bytes = v instanceof Uint8Array ? v : typeof v === 'string' ? decodeBase64(v) : undefined;
        if (!bytes) throw new CodecError(format, `${where}: vd must be ${format === 112 ? 'a byte string' : 'base64'}`);
        value = bytes;
        break;
      }
      default: {
        const link = parseObjlnk(text('vlo') as string);
        if (!link) throw new CodecError(format, `${where}: vlo must be 'object:instance'`);
        value = link;
      }
    }
    const t = num('t');
    let time: number | undefined;
    if (t !== undefined || baseTime !== undefined) {
      time = (baseTime ?? 0) + (t ?? 0);
      if (time < RELATIVE_TIME_LIMIT) time = now + time;
    }
    list.add(ids, value, time);
  }
  return list.records;
}

/** Records as SenML entries: full paths in n, one value label chosen by the resource's type, t when timed. */
export function senmlEntries(format: number, records: Lwm2mRecord[], requestPath: string, typeOf: TypeOf, bytesAsText: boolean): SenmlEntry[] {
  const base = requestIds(format, requestPath);
  return records.map((record, k) => {
    const ids = checkRecordPath(format, record.path, base, `record ${k + 1}`);
    const path = idsPath(ids);
    const value = record.value;
    const type = typeOf(resourcePathOf(ids)) ?? inferType(value);
    const entry: SenmlEntry = new Map<string, unknown>([['n', path]]);
    switch (type) {
      case 'Integer':
      case 'Unsigned Integer':
      case 'Time': {
        const n = asInteger(format, path, value, type);
        const exact = n >= BigInt(Number.MIN_SAFE_INTEGER) && n <= BigInt(Number.MAX_SAFE_INTEGER);
        // CBOR carries any 64-bit integer exactly; JSON numbers are doubles, so past 2^53 JSON rounds, as JSON must.
        entry.set('v', exact || bytesAsText ? Number(n) : n);
        break;
      }
      case 'Float':
        entry.set('v', asFloat(format, path, value));
        break;
      case 'Boolean':
        entry.set('vb', asBoolean(format, path, value));
        break;
      case 'Opaque': {
        const bytes = asOpaque(format, path, value);
        entry.set('vd', bytesAsText ? encodeBase64(bytes) : bytes);
        break;
      }
      case 'Objlnk':
        entry.set('vlo', formatObjlnk(asObjlnk(format, path, value)));
        break;
      case 'None':
        entry.set('vs', '');
        break;
      default:
        entry.set('vs', asString(format, path, value));
    }
    if (record.time !== undefined) {
      if (!Number.isFinite(record.time)) throw new CodecError(format, `record ${k + 1} (${path}) has a time that is not a finite number`);
      entry.set('t', record.time);
    }
    return entry;
  });
}

/** The SenML entries of a Read-Composite / Observe-Composite request: names only. */
export function senmlNameEntries(format: number, paths: string[]): SenmlEntry[] {
  return paths.map((path) => new Map<string, unknown>([['n', idsPath(requestIds(format, path))]]));
}
