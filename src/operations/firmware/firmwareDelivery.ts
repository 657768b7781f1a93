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
  /** Keeps the bytes; the URLs a device can fetch them from (only the protocols it serves them over now). */
  host(bytes: Uint8Array, name: string, signal?: AbortSignal): Promise<HostedUrls>;
}

/** A delivery that cannot be made: the message says what to do. Nothing was written to the device. */
export class DeliveryError extends Error {
  constructor(readonly code: 'no-host' | 'unsupported' | 'bad-uri' | 'host-failed', message: string) {
    super(message);
    this.name = 'DeliveryError';
  }
}

/** The Package URI to write for `source`, checked (comma, length, scheme) before anything is sent. */
export async function packageUriFor(source: FirmwareSource, device: DeviceDelivery, host: FirmwareHost | undefined, signal?: AbortSignal): Promise<{ uri: string; protocol: FirmwareProtocol }> {
  let uri: string;
  let protocol: FirmwareProtocol;
  if (source.kind === 'url') {
    const problem = checkPackageUri(source.url);
    if (problem) throw new DeliveryError('bad-uri', problem.message);
    protocol = protocolOfUri(source.url)!;
    const choice = chooseDelivery(device, [protocol]);
    if (!choice.ok) throw new DeliveryError('unsupported', choice.message);
    uri = source.url;
  } else {
    if (!host) throw new DeliveryError('no-host', 'There is nowhere to host the file for this connection: give a URL the device can fetch it from (or, on AWS, set lwm2mShadows.firmware.s3Bucket).');
    let urls: HostedUrls;
    try {
      urls = await host.host(source.bytes, source.name, signal);
    } catch (e) {
      throw new DeliveryError('host-failed', `The file could not be hosted on ${host.label}: ${e instanceof Error ? e.message : String(e)}`);
    }
    const choice = chooseDelivery(device, Object.keys(urls) as FirmwareProtocol[]);
    if (!choice.ok) throw new DeliveryError('unsupported', choice.message);
    protocol = choice.protocol;
    uri = urls[protocol]!;
    const problem = checkPackageUri(uri);
    if (problem) throw new DeliveryError('bad-uri', `${host.label} gave a URL the device cannot take: ${problem.message}`);
  }
  return { uri, protocol };
}
