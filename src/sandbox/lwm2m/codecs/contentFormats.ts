// Content-Format numbers and the media-type names a CoAP library reports them by (node-coap gives a message's
// Content-Format as a name such as 'application/vnd.oma.lwm2m+tlv', not as the number).
import { FORMATS } from './types';

const MEDIA_TYPES: Record<number, string> = {
  [FORMATS.TEXT]: 'text/plain',
  [FORMATS.LINK]: 'application/link-format',
  [FORMATS.OPAQUE]: 'application/octet-stream',
  [FORMATS.SENML_JSON]: 'application/senml+json',
  [FORMATS.SENML_CBOR]: 'application/senml+cbor',
  [FORMATS.TLV]: 'application/vnd.oma.lwm2m+tlv',
  [FORMATS.LWM2M_JSON]: 'application/vnd.oma.lwm2m+json',
};
const BY_NAME = new Map(Object.entries(MEDIA_TYPES).map(([n, name]) => [name, Number(n)]));

/** The media-type name of a content format, or undefined for one the codecs do not speak. */
export function mediaTypeOf(format: number): string | undefined {
  return MEDIA_TYPES[format];
}

/**
 * A Content-Format option as a number: from a number, a media-type name (parameters such as ';charset=utf-8'
 * ignored), or the option's raw big-endian bytes (empty = 0). Undefined when absent or not recognised.
 */
export function contentFormatNumber(option: number | string | Uint8Array | undefined | null): number | undefined {
  if (option === undefined || option === null) return undefined;
  if (typeof option === 'number') return Number.isInteger(option) && option >= 0 && option <= 0xffff ? option : undefined;
  if (option instanceof Uint8Array) return option.length <= 2 ? option.reduce((n, b) => n * 256 + b, 0) : undefined;
  const name = option.split(';')[0].trim().toLowerCase();
  if (/^\d{1,5}$/.test(name)) return contentFormatNumber(Number(name));
  return BY_NAME.get(name);
}
