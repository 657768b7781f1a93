// The address of this machine that a peer reaches it on: the local address the kernel picks for a UDP socket
// connected toward that peer (connecting sends nothing). A server bound to every interface (0.0.0.0, ::) must not
// hand out URLs naming that wildcard (firmware URLs, the server URI the classic shadow shows): a device cannot
// reach "0.0.0.0".
import { createSocket } from 'node:dgram';
import { isIPv6 } from 'node:net';
import type { Peer } from './transport';

/** 0.0.0.0 or :: (as a URL writes it, [::]): "every interface", no address anyone can reach. */
export function isWildcardHost(host: string): boolean {
  return host === '0.0.0.0' || host === '::' || host === '[::]' || host === '::0' || host === '';
}

/** The host of a base URL (`coap://0.0.0.0:5683` → `0.0.0.0`, `http://[::]:80` → `[::]`). */
export function hostOf(base: string): string {
  return /^[a-z][a-z0-9+.-]*:\/\/(\[[^\]]*\]|[^/:]*)/i.exec(base)?.[1] ?? '';
}

/**
 * A base that names every interface (a server listening on 0.0.0.0 or ::) names `host` instead (the device's way
 * to this machine), else loopback: a device cannot reach 0.0.0.0, and the simulated devices run on this machine.
 */
export function reachable(base: string, host: string | undefined): string {
  const h = hostOf(base);
  if (!isWildcardHost(h)) return base;
  const ipv6 = h.startsWith('[') || h.includes(':');
  // a dual-stack listener (::) takes either family; an IPv4 one (0.0.0.0) no IPv6 address
  const named = host !== undefined && (ipv6 || !host.includes(':')) ? host : ipv6 ? '::1' : '127.0.0.1';
  const i = base.indexOf(h, base.indexOf('//') + 2);
  return base.slice(0, i) + (named.includes(':') ? `[${named}]` : named) + base.slice(i + h.length);
}

/** `base` as the device at `peer` reaches it: where it names every interface, the local address toward the peer. */
export async function reachableFrom(base: string, peer: Peer): Promise<string> {
  return isWildcardHost(hostOf(base)) ? reachable(base, await localAddressToward(peer)) : base;
}

/** The local address toward `peer` (IPv4-mapped IPv6 as plain IPv4), or undefined when there is no route. */
export function localAddressToward(peer: Peer): Promise<string | undefined> {
  const address = peer.address.replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/i, '');
  return new Promise((resolve) => {
    const s = createSocket(isIPv6(address) ? 'udp6' : 'udp4');
    const done = (local?: string) => {
      try {
        s.close();
      } catch {
        // already closed after an error
      }
      resolve(local?.replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/i, ''));
    };
    s.once('error', () => done(undefined));
    s.connect(peer.port, address, () => {
      try {
        done(s.address().address);
      } catch {
        done(undefined);
      }
    });
  });
}
