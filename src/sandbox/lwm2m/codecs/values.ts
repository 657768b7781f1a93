// Resource values between their LwM2M types and JavaScript: what each encoder accepts for a type (a shadow's
// strings included, e.g. '42' for an Integer), strict UTF-8 and base64, and decoded integers that stay exact.
import { CodecError, quoted } from './codecError';
import type { Lwm2mValue, ObjlnkValue, ResourceType } from './types';

const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const utf8 = new TextEncoder();

export function decodeUtf8(format: number, bytes: Uint8Array, where: string): string {
  try {
    return strictUtf8.decode(bytes);
  } catch {
    throw new CodecError(format, `${where} is not valid UTF-8 text`);
  }
}

export function encodeUtf8(text: string): Uint8Array {
  return utf8.encode(text);
}

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const UINT64_MAX = 2n ** 64n - 1n;

/** A decoded integer: a number when it is exact as one, else its decimal string (64-bit values past 2^53). */
export function integerValue(n: bigint): number | string {
  return n >= BigInt(Number.MIN_SAFE_INTEGER) && n <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(n) : n.toString();
}

export function asInteger(format: number, path: string, value: Lwm2mValue, type: 'Integer' | 'Unsigned Integer' | 'Time'): bigint {
  let n: bigint | undefined;
  if (typeof value === 'number' && Number.isSafeInteger(value)) n = BigInt(value);
  else if (typeof value === 'string' && /^[-+]?\d{1,20}$/.test(value.trim())) n = BigInt(value.trim());
  if (n === undefined) throw new CodecError(format, `${path} is ${type === 'Time' ? 'a Time' : `an ${type}`}, and ${shownValue(value)} is not a whole number`);
  const [min, max] = type === 'Unsigned Integer' ? [0n, UINT64_MAX] : [INT64_MIN, INT64_MAX];
  if (n < min || n > max) throw new CodecError(format, `${path}: ${n} is outside the ${type === 'Unsigned Integer' ? 'unsigned ' : ''}64-bit range`);
  return n;
}

export function asFloat(format: number, path: string, value: Lwm2mValue): number {
  const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
  if (!Number.isFinite(n)) throw new CodecError(format, `${path} is a Float, and ${shownValue(value)} is not a finite number`);
  return n;
}

export function asBoolean(format: number, path: string, value: Lwm2mValue): boolean {
  if (typeof value === 'boolean') return value;
  if (value === 1 || value === '1' || value === 'true') return true;
  if (value === 0 || value === '0' || value === 'false') return false;
  throw new CodecError(format, `${path} is a Boolean, and ${shownValue(value)} is not true or false`);
}

export function asString(format: number, path: string, value: Lwm2mValue): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  throw new CodecError(format, `${path} is a String, and ${shownValue(value)} is not text`);
}

/** Opaque bytes: a Uint8Array, or a string taken as base64 (how the datamodel writes opaque values). */
export function asOpaque(format: number, path: string, value: Lwm2mValue): Uint8Array {
  if (value instanceof Uint8Array) return value;
  if (typeof value === 'string') {
    const bytes = decodeBase64(value);
    if (bytes) return bytes;
  }
  throw new CodecError(format, `${path} is Opaque, and ${shownValue(value)} is neither bytes nor base64`);
}

export function asObjlnk(format: number, path: string, value: Lwm2mValue): ObjlnkValue {
  if (typeof value === 'object' && !(value instanceof Uint8Array) && isId(value.objectId) && isId(value.instanceId)) return value;
  if (typeof value === 'string') {
    const link = parseObjlnk(value);
    if (link) return link;
  }
  throw new CodecError(format, `${path} is an Objlnk, and ${shownValue(value)} is not object:instance`);
}

export function parseObjlnk(text: string): ObjlnkValue | undefined {
  const m = /^(0|[1-9]\d{0,4}):(0|[1-9]\d{0,4})$/.exec(text);
  if (!m) return undefined;
  const objectId = Number(m[1]);
  const instanceId = Number(m[2]);
  return isId(objectId) && isId(instanceId) ? { objectId, instanceId } : undefined;
}

export function formatObjlnk(link: ObjlnkValue): string {
  return `${link.objectId}:${link.instanceId}`;
}

function isId(n: unknown): n is number {
  return typeof n === 'number' && Number.isInteger(n) && n >= 0 && n <= 65535;
}

/** The type to encode a value as when the registry does not know its resource. */
export function inferType(value: Lwm2mValue): ResourceType {
  if (typeof value === 'number') return Number.isInteger(value) ? 'Integer' : 'Float';
  if (typeof value === 'boolean') return 'Boolean';
  if (typeof value === 'string') return 'String';
  if (value instanceof Uint8Array) return 'Opaque';
  return 'Objlnk';
}

/**
 * An untyped byte value (a resource the registry does not know): text when it is valid UTF-8 without control
 * characters other than tab and line breaks, else the bytes.
 */
export function untypedValue(bytes: Uint8Array): string | Uint8Array {
  try {
    const text = strictUtf8.decode(bytes);
    return /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(text) ? copyBytes(bytes) : text;
  } catch {
    return copyBytes(bytes);
  }
}

// RFC 4648 base64; decoding also takes the URL-safe alphabet (SenML's vd) and missing padding.
const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const B64_INDEX = new Map<string, number>([...B64].map((c, i) => [c, i] as [string, number]).concat([['-', 62], ['_', 63]]));

export function encodeBase64(bytes: Uint8Array, urlSafe = false): string {
  const s = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString(urlSafe ? 'base64url' : 'base64');
  return s;
}

export function decodeBase64(text: string): Uint8Array | undefined {
  const t = text.replace(/=+$/, '');
  if (t.length % 4 === 1 || (text.length - t.length) > 2) return undefined;
  for (const c of t) if (!B64_INDEX.has(c)) return undefined;
  const out = new Uint8Array(Math.floor((t.length * 3) / 4));
  let bits = 0;
  let acc = 0;
  let o = 0;
  for (const c of t) {
    acc = ((acc << 6) | (B64_INDEX.get(c) as number)) & 0xffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (acc >> bits) & 0xff;
    }
  }
  // Leftover bits must be zero, or the text is not the canonical encoding of any bytes.
  if ((acc & ((1 << bits) - 1)) !== 0) return undefined;
  return out;
}

/** A value as an error message shows it: never raw bytes, device text quoted and shortened. */
export function shownValue(value: Lwm2mValue): string {
  if (typeof value === 'string') return quoted(value);
  if (value instanceof Uint8Array) return `${value.length} bytes`;
  if (typeof value === 'object' && value !== null) return 'an object';
  return String(value);
}

/** A plain Uint8Array copy (never a Buffer, never a view on the payload a transport may reuse). */
export function copyBytes(bytes: Uint8Array): Uint8Array {
  return new Uint8Array(bytes);
}
