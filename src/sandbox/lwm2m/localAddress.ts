// The address of this machine that a peer reaches it on: the local address the kernel picks for a UDP socket
// connected toward that peer (connecting sends nothing). A server bound to every interface (0.0.0.0, ::) must not
// hand out URLs naming that wildcard: a device cannot reach "0.0.0.0".
import { createSocket } from 'node:dgram';
import { isIPv6 } from 'node:net';
import type { Peer } from './transport';

/** 0.0.0.0 or :: (as a URL writes it, [::]): "every interface", no address anyone can reach. */
export function isWildcardHost(host: string): boolean {
  return host === '0.0.0.0' || host === '::' || host === '[::]' || host === '::0' || host === '';
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
