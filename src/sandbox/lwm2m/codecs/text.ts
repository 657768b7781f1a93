// Plain text (content format 0): one resource value as text, typed by the registry — integers and times in
// decimal, floats as decimals, booleans '0'/'1', Objlnk 'object:instance', Opaque in base64.
import { CodecError, quoted } from './codecError';
import { checkSize, type Limits } from './limits';
import { idsPath, resourcePathOf } from './paths';
import { singleRecord, singleValueIds } from './singleValue';
import type { Lwm2mRecord, Lwm2mValue, ResourceType, TypeOf } from './types';
import { asBoolean, asFloat, asInteger, asObjlnk, asOpaque, asString, decodeBase64, decodeUtf8, encodeBase64, encodeUtf8, formatObjlnk, inferType, integerValue, parseObjlnk } from './values';

const F = 0;
const FLOAT = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d{1,3})?$/;

export function decodeText(payload: Uint8Array, requestPath: string, typeOf: TypeOf, limits: Required<Limits>): Lwm2mRecord[] {
  checkSize(F, payload.length, limits);
  const ids = singleValueIds(F, requestPath, 'plain text');
  const path = idsPath(ids);
  const text = decodeUtf8(F, payload, `the plain-text value of ${path}`);
  const type = typeOf(resourcePathOf(ids));
  return [{ path, value: parseTextValue(text, type, path) }];
}

function parseTextValue(text: string, type: ResourceType | undefined, path: string): Lwm2mValue {
  const bad = (what: string): never => {
    throw new CodecError(F, `${path} is ${what}, and the device sent ${quoted(text)}`);
  };
  switch (type) {
    case 'Integer':
    case 'Unsigned Integer':
    case 'Time': {
      if (!/^[-+]?\d{1,20}$/.test(text)) bad(type === 'Time' ? 'a Time (seconds)' : `an ${type}`);
      const n = BigInt(text);
      if (type === 'Unsigned Integer' ? n < 0n || n >= 2n ** 64n : n < -(2n ** 63n) || n >= 2n ** 63n) bad(`a 64-bit ${type}`);
      return integerValue(n);
    }
    case 'Float': {
      if (!FLOAT.test(text)) bad('a Float');
      const n = Number(text);
      if (!Number.isFinite(n)) bad('a finite Float');
      return n;
    }
    case 'Boolean':
      if (text === '1') return true;
      if (text === '0') return false;
      return bad("a Boolean ('0' or '1')");
    case 'Objlnk':
      return parseObjlnk(text) ?? bad("an Objlnk ('object:instance')");
    case 'Opaque':
      return decodeBase64(text) ?? bad('Opaque (base64 in plain text)');
    case 'None':
      if (text !== '') bad('an executable resource without a value');
      return '';
    default:
      return text;
  }
}

export function encodeText(records: Lwm2mRecord[], requestPath: string, typeOf: TypeOf): Uint8Array {
  const { ids, record } = singleRecord(F, records, requestPath, 'plain text');
  const type = typeOf(resourcePathOf(ids)) ?? inferType(record.value);
  return encodeUtf8(textOf(record.value, type, record.path));
}

function textOf(value: Lwm2mValue, type: ResourceType, path: string): string {
  switch (type) {
    case 'Integer':
    case 'Unsigned Integer':
    case 'Time':
      return asInteger(F, path, value, type).toString();
    case 'Float':
      return String(asFloat(F, path, value));
    case 'Boolean':
      return asBoolean(F, path, value) ? '1' : '0';
    case 'Objlnk':
      return formatObjlnk(asObjlnk(F, path, value));
    case 'Opaque':
      return encodeBase64(asOpaque(F, path, value));
    case 'None':
      return '';
    default:
      return asString(F, path, value);
  }
}
