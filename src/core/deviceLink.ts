// How a device talks LwM2M, from its classic shadow: the LwM2M version it registered with and, where the
// integration keeps it, the address its registration came from (Coiote DM calls it `lastKnownIp`; the sandbox's
// own clients are known by the address of their Register). Shown on thing rows as `LwM2M 1.1 · 127.0.0.1:56830`.
// The values come from devices: only what looks like a version or an address is taken, never free text.
import { reportedSection } from './datamodelShape';

export interface DeviceLink {
  /** `1.0`, `1.1`, `1.2`… */
  lwm2mVersion?: string;
  /** `192.0.2.7:56830`, `[2001:db8::1]:5683`, `192.0.2.7`, a host name. */
  address?: string;
}

const norm = (s: string) => s.toLowerCase().replace(/[^a-z0-9]/g, '');
const VERSION_KEYS = new Set(['lwm2mversion', 'lwm2menablerversion', 'lwm2mprotocolversion']);
const ADDRESS_KEYS = new Set(['lastknownip', 'lastknownaddress', 'ipaddress', 'address', 'peeraddress', 'sourceaddress', 'remoteaddress', 'lwm2maddress']);

/** `1.1` (at most two numbers of two digits): anything else a device wrote is not a version. */
export function lwm2mVersionText(v: unknown): string | undefined {
  const s = typeof v === 'number' ? String(v) : typeof v === 'string' ? v.trim() : '';
  return /^\d{1,2}\.\d{1,2}$/.test(s) ? s : undefined;
}

/** An IPv4 or bracketed IPv6 address with an optional port, or a host name; at most 64 characters. */
export function addressText(v: unknown): string | undefined {
  if (typeof v !== 'string') return undefined;
  const s = v.trim();
  if (s.length === 0 || s.length > 64) return undefined;
  const port = '(:\\d{1,5})?';
  const v4 = new RegExp(`^\\d{1,3}(\\.\\d{1,3}){3}${port}$`);
  const v6 = new RegExp(`^\\[[0-9A-Fa-f:.]+\\]${port}$`);
  const bareV6 = /^[0-9A-Fa-f]*:[0-9A-Fa-f:.]+$/;
  const host = new RegExp(`^[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*${port}$`);
  return v4.test(s) || v6.test(s) || bareV6.test(s) || host.test(s) ? s : undefined;
}

/** The device's LwM2M version and address from its classic shadow (the document, `{reported}` or the reported data). */
export function readDeviceLink(classic: unknown): DeviceLink {
  const data = reportedSection(classic);
  const link: DeviceLink = {};
  if (!data) return link;
  for (const [k, v] of Object.entries(data)) {
    const key = norm(k);
    if (VERSION_KEYS.has(key) && link.lwm2mVersion === undefined) {
      const version = lwm2mVersionText(v);
      if (version) link.lwm2mVersion = version;
    } else if (ADDRESS_KEYS.has(key) && link.address === undefined) {
      const address = addressText(v);
      if (address) link.address = address;
    }
  }
  return link;
}

/** `LwM2M 1.1 · 127.0.0.1:56830`, `LwM2M 1.1`, or undefined when neither is known. */
export function deviceLinkText(link: DeviceLink): string | undefined {
  const parts = [link.lwm2mVersion ? `LwM2M ${link.lwm2mVersion}` : link.address ? 'LwM2M' : undefined, link.address];
  const text = parts.filter(Boolean).join(' · ');
  return text || undefined;
}
