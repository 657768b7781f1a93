// Which way a device gets its firmware: what it says it supports (Firmware Update Protocol Support,
// Firmware Update Delivery Method) against what the host of the file can serve. The extension always
// delivers by Package URI (pull); a device that takes firmware only written to Package (push) is refused.

/** URI schemes of the protocols in Firmware Update Protocol Support, by code (0–5). */
export const FIRMWARE_PROTOCOLS = ['coap', 'coaps', 'http', 'https', 'coap+tcp', 'coaps+tcp'] as const;
export type FirmwareProtocol = (typeof FIRMWARE_PROTOCOLS)[number];

/** What each host of firmware files serves, in the order we prefer it (CoAP first: the registry recommends it for constrained devices). */
export const SERVED_PROTOCOLS = {
  /** The local sandbox's file server. */
  sandbox: ['coap', 'http'],
  /** An S3 presigned GET URL. */
  s3: ['https'],
} as const satisfies Record<string, readonly FirmwareProtocol[]>;

export enum DeliveryMethod {
  PullOnly = 0,
  PushOnly = 1,
  Both = 2,
}

export interface DeviceDelivery {
  /** Values of Firmware Update Protocol Support; undefined when the device does not have the resource. */
  protocols?: readonly number[];
  /** Firmware Update Delivery Method; undefined when unknown. */
  deliveryMethod?: number;
}

export type DeliveryAssumption = 'coap-by-default' | 'pull-by-default';

export type DeliveryChoice =
  | { ok: true; protocol: FirmwareProtocol; /** What was assumed for resources the device does not have. */ assumed: DeliveryAssumption[] }
  | {
      ok: false;
      reason: 'push-only' | 'no-common-protocol';
      /** The protocols the device supports (codes it gave that no protocol has are left out). */
      deviceProtocols: FirmwareProtocol[];
      offered: FirmwareProtocol[];
      /** Codes of Protocol Support the registry does not define (ignored, as the registry says to). */
      unknownCodes: number[];
      message: string;
    };

export function protocolOfCode(code: number): FirmwareProtocol | undefined {
  return Number.isInteger(code) && code >= 0 && code < FIRMWARE_PROTOCOLS.length ? FIRMWARE_PROTOCOLS[code] : undefined;
}

/** The protocol a Package URI's scheme names, or undefined for any other scheme. */
export function protocolOfUri(uri: string): FirmwareProtocol | undefined {
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(uri)?.[1]?.toLowerCase();
  return (FIRMWARE_PROTOCOLS as readonly string[]).includes(scheme ?? '') ? (scheme as FirmwareProtocol) : undefined;
}

const PROTOCOL_NAMES: Record<FirmwareProtocol, string> = {
  coap: 'CoAP',
  coaps: 'CoAPS',
  http: 'HTTP',
  https: 'HTTPS',
  'coap+tcp': 'CoAP over TCP',
  'coaps+tcp': 'CoAP over TLS',
};

export function protocolName(p: FirmwareProtocol): string {
  return PROTOCOL_NAMES[p];
}

const list = (ps: readonly FirmwareProtocol[]) => (ps.length ? ps.map(protocolName).join(', ') : 'none');

/**
 * The first of `offered` (in the caller's order of preference) that the device supports. A device without
 * Protocol Support gets CoAP, which the registry names the default; one without Delivery Method is taken to
 * pull (the only mechanism the resource is optional for is push).
 */
export function chooseDelivery(device: DeviceDelivery, offered: readonly FirmwareProtocol[]): DeliveryChoice {
  const assumed: DeliveryAssumption[] = [];
  const codes = device.protocols;
  let deviceProtocols: FirmwareProtocol[];
  const unknownCodes: number[] = [];
  if (codes === undefined || codes.length === 0) {
    deviceProtocols = ['coap'];
    assumed.push('coap-by-default');
  } else {
    deviceProtocols = [];
    for (const c of codes) {
      const p = protocolOfCode(c);
      if (!p) unknownCodes.push(c);
      else if (!deviceProtocols.includes(p)) deviceProtocols.push(p);
    }
  }
  if (device.deliveryMethod === undefined) assumed.push('pull-by-default');
  if (device.deliveryMethod === DeliveryMethod.PushOnly) {
    return {
      ok: false,
      reason: 'push-only',
      deviceProtocols,
      offered: [...offered],
      unknownCodes,
      message: 'The device takes firmware only written into Package (Firmware Update Delivery Method 1, push only); this extension delivers firmware by Package URI (pull).',
    };
  }
  const protocol = offered.find((p) => deviceProtocols.includes(p));
  if (protocol) return { ok: true, protocol, assumed };
  return {
    ok: false,
    reason: 'no-common-protocol',
    deviceProtocols,
    offered: [...offered],
    unknownCodes,
    message: `The device downloads firmware over ${list(deviceProtocols)} (Firmware Update Protocol Support); the file can be served over ${list(offered)}. Host the file where the device can fetch it and give its URL instead.`,
  };
}
