// Where the device pulls its firmware from: a file handed to a host (the sandbox's file server, an S3 bucket)
// that gives back a URL over a protocol the device supports, or a URL the person gives. The choice of protocol
// is core's (chooseDelivery); this only asks the host and checks the result.
import { chooseDelivery, protocolOfUri, type DeviceDelivery, type FirmwareProtocol } from '../../core/firmware/delivery';
import { checkPackageUri } from '../../core/firmware/packageUri';

export type FirmwareSource =
  | { kind: 'file'; bytes: Uint8Array; name: string }
  | { kind: 'url'; url: string };

export interface FirmwareHost {
  /** What the host serves, in the order it prefers. */
  readonly offered: readonly FirmwareProtocol[];
  /** Where the host is (a notice: "the sandbox's file server", "s3://bucket"). */
  readonly label: string;
  /** Keeps the bytes and gives a URL over `protocol` that the device can fetch them from. */
  host(bytes: Uint8Array, name: string, protocol: FirmwareProtocol, signal?: AbortSignal): Promise<string>;
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
    const choice = chooseDelivery(device, host.offered);
    if (!choice.ok) throw new DeliveryError('unsupported', choice.message);
    protocol = choice.protocol;
    try {
      uri = await host.host(source.bytes, source.name, protocol, signal);
    } catch (e) {
      throw new DeliveryError('host-failed', `The file could not be hosted on ${host.label}: ${e instanceof Error ? e.message : String(e)}`);
    }
    const problem = checkPackageUri(uri);
    if (problem) throw new DeliveryError('bad-uri', `${host.label} gave a URL the device cannot take: ${problem.message}`);
  }
  return { uri, protocol };
}
