// Where the device pulls its firmware from: a file handed to a host (the sandbox's file server, an S3 bucket)
// that gives back a URL over a protocol the device supports, or a URL the person gives. The choice of protocol
// is core's (chooseDelivery); this only asks the host and checks the result.
import { chooseDelivery, protocolOfUri, type DeviceDelivery, type FirmwareProtocol } from '../../core/firmware/delivery';
import { checkPackageUri } from '../../core/firmware/packageUri';

export type FirmwareSource =
  | { kind: 'file'; bytes: Uint8Array; name: string }
  | { kind: 'url'; url: string };

/** A hosted file's URLs by protocol, in the host's order of preference. */
export type HostedUrls = Partial<Record<FirmwareProtocol, string>>;

export interface FirmwareHost {
  /** Where the host is (a notice: "the sandbox's file server", "s3://bucket"). */
  readonly label: string;
  /**
   * Keeps the bytes; the URLs a device can fetch them from (only the protocols it serves them over now). `thing`:
   * the device they are for (a sandbox listening on every interface names the address that device reaches it on).
   */
  host(bytes: Uint8Array, name: string, signal?: AbortSignal, thing?: string): Promise<HostedUrls>;
}

/** A delivery that cannot be made: the message says what to do. Nothing was written to the device. */
export class DeliveryError extends Error {
  constructor(readonly code: 'no-host' | 'unsupported' | 'bad-uri' | 'host-failed', message: string) {
    super(message);
    this.name = 'DeliveryError';
  }
}

/** A Package URI longer than the Firmware Update object declares (0..255 bytes): the person decides. */
export interface LongUri {
  bytes: number;
  maxBytes: number;
  /** Where the URL comes from ("the S3 bucket fw-builds", or "the URL you gave"). */
  from: string;
}

/**
 * Asked when the URI is longer than the object's declared range but otherwise fine (a presigned S3 URL is
 * about 420 bytes, more with temporary credentials); true: written anyway. Absent: refused (nothing sent).
 */
export type ConfirmLongUri = (long: LongUri) => Promise<boolean>;

/** The URI's problem, unless it is only too long and the person accepts that. Throws DeliveryError('bad-uri'). */
async function acceptable(uri: string, from: string, confirmLong: ConfirmLongUri | undefined, prefix: string): Promise<void> {
  const problem = checkPackageUri(uri);
  if (!problem) return;
  if (problem.code === 'too-long' && confirmLong && (await confirmLong({ bytes: problem.bytes!, maxBytes: problem.maxBytes!, from }))) return;
  throw new DeliveryError('bad-uri', `${prefix}${problem.message}${problem.code === 'too-long' ? (confirmLong ? ' It was not confirmed: nothing was sent.' : ' Nothing was sent.') : ''}`);
}

/**
 * The Package URI to write for `source`, checked (comma, scheme, length) before anything is sent; a URI that is
 * only longer than the object declares is written when `confirmLong` says so.
 */
export async function packageUriFor(
  source: FirmwareSource, device: DeviceDelivery, host: FirmwareHost | undefined, signal?: AbortSignal, confirmLong?: ConfirmLongUri, thing?: string,
): Promise<{ uri: string; protocol: FirmwareProtocol }> {
  let uri: string;
  let protocol: FirmwareProtocol;
  if (source.kind === 'url') {
    await acceptable(source.url, 'the URL given', confirmLong, '');
    protocol = protocolOfUri(source.url)!;
    const choice = chooseDelivery(device, [protocol]);
    if (!choice.ok) throw new DeliveryError('unsupported', choice.message);
    uri = source.url;
  } else {
    if (!host) throw new DeliveryError('no-host', 'There is nowhere to host the file for this connection: give a URL the device can fetch it from (or, on AWS, set lwm2mShadows.firmware.s3Bucket).');
    let urls: HostedUrls;
    try {
      urls = await host.host(source.bytes, source.name, signal, thing);
    } catch (e) {
      throw new DeliveryError('host-failed', `The file could not be hosted on ${host.label}: ${e instanceof Error ? e.message : String(e)}`);
    }
    const choice = chooseDelivery(device, Object.keys(urls) as FirmwareProtocol[]);
    if (!choice.ok) throw new DeliveryError('unsupported', choice.message);
    protocol = choice.protocol;
    uri = urls[protocol]!;
    await acceptable(uri, host.label, confirmLong, `${host.label} gave a URL the device cannot take: `);
  }
  return { uri, protocol };
}
