// The LwM2M content formats the sandbox's LwM2M server speaks: decode a device's payload into records, encode
// records for a request, parse the link format of Register/Update/Discover, and choose what to Accept. One file
// per format; every malformed input ends in a CodecError (never another exception), with bounded work and memory.
import { CodecError } from './codecError';
import { resolveLimits, type Limits } from './limits';
import { decodeLinkFormat, formatLinks, parseLinks } from './linkFormat';
import { decodeLwm2mJson, encodeLwm2mJson } from './lwm2mJson';
import { decodeOpaque, encodeOpaque } from './opaque';
import { decodeSenmlCbor, encodeSenmlCbor, encodeSenmlCborNames } from './senmlCbor';
import { decodeSenmlJson, encodeSenmlJson, encodeSenmlJsonNames } from './senmlJson';
import { decodeText, encodeText } from './text';
import { decodeTlv, encodeTlv } from './tlv';
import { FORMATS, type Link, type Lwm2mRecord, type TypeOf } from './types';

export { CodecError } from './codecError';
export { DEFAULT_LIMITS, type Limits } from './limits';
export { contentFormatNumber, mediaTypeOf } from './contentFormats';
export { registryTypeOf } from './registryTypeOf';
export { FORMATS, type Link, type Lwm2mRecord, type Lwm2mValue, type ObjlnkValue, type ResourceType, type TypeOf } from './types';

const NAMES: Record<number, string> = {
  [FORMATS.TEXT]: 'plain text', [FORMATS.LINK]: 'link format', [FORMATS.OPAQUE]: 'opaque', [FORMATS.SENML_JSON]: 'SenML JSON',
  [FORMATS.SENML_CBOR]: 'SenML CBOR', [FORMATS.TLV]: 'TLV', [FORMATS.LWM2M_JSON]: 'LwM2M JSON',
};

/** The name of a content format for logs and messages ('TLV', 'SenML JSON', … or 'content format N'). */
export function formatName(format: number): string {
  return NAMES[format] ?? `content format ${format}`;
}

/**
 * A device's payload as records. `requestPath` is the path the request named ('/' for a Send or a composite
 * answer): every record must lie under it. Link format holds links, not values: use parseLinkFormat.
 */
export function decode(format: number, payload: Uint8Array, requestPath: string, typeOf: TypeOf, limits?: Limits): Lwm2mRecord[] {
  const l = resolveLimits(limits);
  return guarded(format, () => {
    switch (format) {
      case FORMATS.TEXT: return decodeText(payload, requestPath, typeOf, l);
      case FORMATS.OPAQUE: return decodeOpaque(payload, requestPath, l);
      case FORMATS.TLV: return decodeTlv(payload, requestPath, typeOf, l);
      case FORMATS.SENML_JSON: return decodeSenmlJson(payload, requestPath, l);
      case FORMATS.SENML_CBOR: return decodeSenmlCbor(payload, requestPath, l);
      case FORMATS.LWM2M_JSON: return decodeLwm2mJson(payload, requestPath, typeOf, l);
      case FORMATS.LINK: throw new CodecError(format, 'link format holds links, not resource values: parse it with parseLinkFormat');
      default: throw new CodecError(format, `${formatName(format)} is not a content format the server decodes`);
    }
  });
}

/** Records as the payload of a request on `requestPath` (a Write, a Write-Composite, …), typed by `typeOf`. */
export function encode(format: number, records: Lwm2mRecord[], requestPath: string, typeOf: TypeOf): Uint8Array {
  return guarded(format, () => {
    switch (format) {
      case FORMATS.TEXT: return encodeText(records, requestPath, typeOf);
      case FORMATS.OPAQUE: return encodeOpaque(records, requestPath);
      case FORMATS.TLV: return encodeTlv(records, requestPath, typeOf);
      case FORMATS.SENML_JSON: return encodeSenmlJson(records, requestPath, typeOf);
      case FORMATS.SENML_CBOR: return encodeSenmlCbor(records, requestPath, typeOf);
      case FORMATS.LWM2M_JSON: return encodeLwm2mJson(records, requestPath, typeOf);
      default: throw new CodecError(format, `${formatName(format)} is not a content format the server encodes values in`);
    }
  });
}

/** The body of a Read-Composite or Observe-Composite (FETCH) request: SenML records holding only names. */
export function encodePaths(format: number, paths: string[]): Uint8Array {
  return guarded(format, () => {
    if (format === FORMATS.SENML_JSON) return encodeSenmlJsonNames(paths);
    if (format === FORMATS.SENML_CBOR) return encodeSenmlCborNames(paths);
    throw new CodecError(format, `composite requests are SenML JSON or SenML CBOR, not ${formatName(format)}`);
  });
}

/** RFC 6690 link format, as LwM2M Register/Update payloads and Discover answers use it. */
export function parseLinkFormat(text: string, limits?: Limits): Link[] {
  return guarded(FORMATS.LINK, () => parseLinks(text, resolveLimits(limits)));
}

/** The same from the payload's bytes (which must be UTF-8). */
export function decodeLinks(payload: Uint8Array, limits?: Limits): Link[] {
  return guarded(FORMATS.LINK, () => decodeLinkFormat(payload, resolveLimits(limits)));
}

export function formatLinkFormat(links: Link[]): string {
  return guarded(FORMATS.LINK, () => formatLinks(links));
}

/**
 * The content formats to Accept from a client, best first. LwM2M 1.0 clients: TLV, then LwM2M JSON. 1.1 and
 * later: SenML CBOR when the client advertised it (ct=112 on its '</>' link), SenML JSON, TLV, LwM2M JSON —
 * formats the client advertised come first. A missing version means 1.0 (the Register's default).
 */
export function acceptFor(lwm2mVersion: string, supported?: number[]): number[] {
  const v10 = lwm2mVersion === '' || lwm2mVersion === '1.0' || lwm2mVersion === undefined;
  const advertised = new Set(supported ?? []);
  const preference = v10
    ? [FORMATS.TLV, FORMATS.LWM2M_JSON]
    : [...(advertised.has(FORMATS.SENML_CBOR) ? [FORMATS.SENML_CBOR] : []), FORMATS.SENML_JSON, FORMATS.TLV, FORMATS.LWM2M_JSON];
  return [...preference.filter((f) => advertised.has(f)), ...preference.filter((f) => !advertised.has(f))];
}

/** Runs a codec; anything but a CodecError escaping it (a bug, a stack overflow) becomes one, without its details. */
function guarded<T>(format: number, run: () => T): T {
  try {
    return run();
  } catch (err) {
    if (err instanceof CodecError) throw err;
    throw new CodecError(format, `${formatName(format)} payload could not be handled (${err instanceof RangeError ? 'too deeply nested or too large' : 'internal error'})`);
  }
}
