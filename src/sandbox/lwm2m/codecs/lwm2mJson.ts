// LwM2M JSON (content format 11543, OMA-TS-LightweightM2M 1.0 §6.4.4): {"bn": base name, "bt": base time,
// "e": [{"n": name, "v" number | "sv" string | "bv" boolean | "ov" 'o:i', "t": time}]}. A name is relative to the
// base name as a path ('/3/0' + '6/1' → /3/0/6/1); without bn the request path is the base. Opaque values are
// base64 in sv.
import { CodecError, quoted } from './codecError';
import { checkCount, checkSize, type Limits } from './limits';
import { checkRecordPath, idsPath, requestIds, resourcePathOf } from './paths';
import { RecordList } from './recordList';
import type { Lwm2mRecord, Lwm2mValue, TypeOf } from './types';
import { asBoolean, asFloat, asInteger, asObjlnk, asOpaque, asString, decodeBase64, decodeUtf8, encodeBase64, encodeUtf8, formatObjlnk, inferType, parseObjlnk } from './values';

const F = 11543;
const VALUE_LABELS = ['v', 'sv', 'bv', 'ov'];
const RELATIVE_TIME_LIMIT = 2 ** 28;

export function decodeLwm2mJson(payload: Uint8Array, requestPath: string, typeOf: TypeOf, limits: Required<Limits>, now = Date.now() / 1000): Lwm2mRecord[] {
  checkSize(F, payload.length, limits);
  const base = requestIds(F, requestPath);
  let doc: unknown;
  try {
    doc = JSON.parse(decodeUtf8(F, payload, 'the LwM2M JSON payload'));
  } catch (err) {
    if (err instanceof CodecError) throw err;
    throw new CodecError(F, `the LwM2M JSON payload (${payload.length} bytes) is not valid JSON`);
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) throw new CodecError(F, 'an LwM2M JSON payload is an object with bn and e');
  const top = doc as Record<string, unknown>;
  const bn = top.bn;
  if (bn !== undefined && typeof bn !== 'string') throw new CodecError(F, 'LwM2M JSON: bn must be a string');
  const bt = top.bt;
  if (bt !== undefined && (typeof bt !== 'number' || !Number.isFinite(bt))) throw new CodecError(F, 'LwM2M JSON: bt must be a finite number');
  const e = top.e;
  if (!Array.isArray(e)) throw new CodecError(F, 'LwM2M JSON: e must be an array of records');
  checkCount(F, e.length, limits);
  const baseName = (bn ?? idsPath(base)).replace(/\/$/, '');
  const list = new RecordList(F, limits);
  for (const [k, item] of e.entries()) {
    const where = `LwM2M JSON record ${k + 1}`;
    if (typeof item !== 'object' || item === null || Array.isArray(item)) throw new CodecError(F, `${where} is not an object`);
    const rec = item as Record<string, unknown>;
    const n = rec.n;
    if (n !== undefined && typeof n !== 'string') throw new CodecError(F, `${where}: n must be a string`);
    const name = n ? `${baseName}/${n}` : baseName;
    const ids = checkRecordPath(F, name, base, where);
    const path = idsPath(ids);
    const given = VALUE_LABELS.filter((l) => Object.hasOwn(rec, l));
    if (given.length !== 1) throw new CodecError(F, `${where} (${path}) has ${given.length === 0 ? 'no value (v, sv, bv or ov)' : `more than one value (${given.join(', ')})`}`);
    const raw = rec[given[0]];
    let value: Lwm2mValue | undefined;
    if (given[0] === 'v' && typeof raw === 'number' && Number.isFinite(raw)) value = raw;
    else if (given[0] === 'bv' && typeof raw === 'boolean') value = raw;
    else if (given[0] === 'ov' && typeof raw === 'string') value = parseObjlnk(raw);
    else if (given[0] === 'sv' && typeof raw === 'string') {
      value = typeOf(resourcePathOf(ids)) === 'Opaque' ? decodeBase64(raw) : raw;
      if (value === undefined) throw new CodecError(F, `${where}: ${path} is Opaque, and its sv ${quoted(raw)} is not base64`);
    }
    if (value === undefined) throw new CodecError(F, `${where}: ${given[0]} is not ${{ v: 'a finite number', bv: 'true or false', ov: "'object:instance'", sv: 'a string' }[given[0]]}`);
    const t = rec.t;
    if (t !== undefined && (typeof t !== 'number' || !Number.isFinite(t))) throw new CodecError(F, `${where}: t must be a finite number`);
    let time: number | undefined;
    if (t !== undefined || bt !== undefined) {
      time = ((bt as number | undefined) ?? 0) + ((t as number | undefined) ?? 0);
      if (time < RELATIVE_TIME_LIMIT) time = now + time;
    }
    list.add(ids, value, time);
  }
  return list.records;
}

export function encodeLwm2mJson(records: Lwm2mRecord[], requestPath: string, typeOf: TypeOf): Uint8Array {
  const base = requestIds(F, requestPath);
  const paths = records.map((r, k) => checkRecordPath(F, r.path, base, `record ${k + 1}`));
  // The base name is the request path, or its parent when a record is the request path itself (n is never empty).
  const bnIds = paths.some((ids) => ids.length === base.length) ? base.slice(0, -1) : base;
  const e = records.map((record, k) => {
    const ids = paths[k];
    const path = idsPath(ids);
    const value = record.value;
    const out: Record<string, unknown> = { n: ids.slice(bnIds.length).join('/') };
    const type = typeOf(resourcePathOf(ids)) ?? inferType(value);
    switch (type) {
      case 'Integer':
      case 'Unsigned Integer':
      case 'Time':
        out.v = Number(asInteger(F, path, value, type));
        break;
      case 'Float':
        out.v = asFloat(F, path, value);
        break;
      case 'Boolean':
        out.bv = asBoolean(F, path, value);
        break;
      case 'Objlnk':
        out.ov = formatObjlnk(asObjlnk(F, path, value));
        break;
      case 'Opaque':
        out.sv = encodeBase64(asOpaque(F, path, value));
        break;
      case 'None':
        out.sv = '';
        break;
      default:
        out.sv = asString(F, path, value);
    }
    if (record.time !== undefined) {
      if (!Number.isFinite(record.time)) throw new CodecError(F, `record ${k + 1} (${path}) has a time that is not a finite number`);
      out.t = record.time;
    }
    return out;
  });
  return encodeUtf8(JSON.stringify({ bn: bnIds.length === 0 ? '/' : idsPath(bnIds) + '/', e }));
}
