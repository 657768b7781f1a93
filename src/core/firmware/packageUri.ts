// Checks a Package URI before it is written: what the Lambda and the device would do with it. The Lambda
// joins write values with commas and Coiote splits them again, so a URI with a comma arrives as two values;
// the Firmware Update object allows at most 255 bytes (its RangeEnumeration, or a vendor definition's); the
// scheme must be one a Firmware Update client can fetch from.
import { loadRegistry, type Registry } from '../registry';
import { parseRange } from '../valueTypes';
import { FIRMWARE_OBJECT_ID, FW } from './firmwareObject';
import { FIRMWARE_PROTOCOLS, protocolOfUri } from './delivery';

export type PackageUriProblemCode = 'empty' | 'comma' | 'too-long' | 'whitespace' | 'scheme' | 'not-a-uri';

export interface PackageUriProblem {
  code: PackageUriProblemCode;
  message: string;
  /** For too-long: the URI's length and the most the resource takes, in bytes. */
  bytes?: number;
  maxBytes?: number;
}

/** Longest Package URI when no definition says otherwise (the OMA object's 0..255). */
export const PACKAGE_URI_MAX_BYTES = 255;

/** The most bytes Package URI takes according to the registry (or a vendor definition of object 5 in it). */
export function packageUriMaxBytes(registry: Registry = loadRegistry()): number {
  const obj = registry.objectById(FIRMWARE_OBJECT_ID);
  const def = obj && registry.resourceByName(obj, FW.packageUri);
  const range = parseRange(def?.range, 'String');
  return range?.kind === 'length' ? range.max : PACKAGE_URI_MAX_BYTES;
}

/**
 * The first reason the URI cannot be written as a Package URI, or undefined when it can. An empty URI is a
 * problem here: writing one is the reset, which callers ask for on purpose (resetPackageUriValue).
 */
export function checkPackageUri(uri: string, maxBytes: number = packageUriMaxBytes()): PackageUriProblem | undefined {
  if (uri === '') return { code: 'empty', message: 'The Package URI is empty: writing an empty Package URI resets the firmware update instead of starting one.' };
  if (uri.includes(',')) {
    return { code: 'comma', message: 'The URI contains a comma: the Lambda joins write values with commas, so Coiote DM would receive it as two values. Host the file at a URL without a comma.' };
  }
  if (/[\s\u0000-\u001f\u007f]/.test(uri)) return { code: 'whitespace', message: 'The URI contains a space or a control character; percent-encode it (a space is %20).' };
  const protocol = protocolOfUri(uri);
  if (!protocol) {
    return { code: 'scheme', message: `The URI must start with one of ${FIRMWARE_PROTOCOLS.map((p) => `${p}://`).join(', ')} (the protocols of Firmware Update Protocol Support).` };
  }
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    return { code: 'not-a-uri', message: 'The URI is not well-formed (RFC 3986): it needs a host, e.g. coap://192.0.2.1/fw/app.bin.' };
  }
  if (!url.hostname) return { code: 'not-a-uri', message: 'The URI has no host, e.g. coap://192.0.2.1/fw/app.bin.' };
  // Checked last, so that 'too-long' means the URI is otherwise fine: the one problem a person may accept (the
  // object's declared range is 0..255 bytes, yet many devices take longer URIs; some cut them or refuse them).
  const bytes = new TextEncoder().encode(uri).length;
  if (bytes > maxBytes) {
    return {
      code: 'too-long',
      bytes,
      maxBytes,
      message: `The URI is ${bytes} bytes; Package URI takes at most ${maxBytes} (the Firmware Update object's range). Use a shorter URL.`,
    };
  }
  return undefined;
}

/** The value written to Package URI to reset the firmware update state machine (State 0, Update Result 0). */
export const RESET_PACKAGE_URI = '';

/**
 * A Package URI as logs and run output show it: without its query and fragment, which for a presigned S3 URL
 * hold the signature and the access key's id (a bearer token until it expires).
 */
export function shownPackageUri(uri: string): string {
  const cut = uri.search(/[?#]/);
  if (cut < 0) return uri;
  const presigned = /[?&]X-Amz-Signature=/i.test(uri);
  return `${uri.slice(0, cut)}?… (${presigned ? 'presigned, ' : ''}${uri.length} bytes)`;
}

/** A request as logs show it: a Package URI write's value through shownPackageUri. */
export function shownFirmwareRequest(request: Record<string, unknown>): Record<string, unknown> {
  if (!Array.isArray(request.keys) || !Array.isArray(request.values)) return request;
  const values = request.values.map((v, i) => (typeof v === 'string' && String((request.keys as unknown[])[i]).endsWith(`.${FW.packageUri}`) ? shownPackageUri(v) : v));
  return { ...request, values };
}
