// How a simulated device fetches the file a Package URI names: really, over the network (the sandbox's own
// file server for sandbox URLs), with what a device's download can end in: the bytes, or the Update Result
// a device would set — 9 for a scheme it does not speak, 7 for a URI that is malformed or that the server
// refuses (404, 410, 4.04, 4.03…), 4 for a connection that fails or goes silent.
import * as coap from 'coap';
import { isIPv6 } from 'node:net';
import { firmware } from '../core/index';

/** The most a simulated device downloads (the file server's own limit). */
export const MAX_DOWNLOAD_BYTES = 32 * 1024 * 1024;
/** Real milliseconds a download may take before it counts as a lost connection. */
export const DOWNLOAD_TIMEOUT_MS = 30_000;

export class DownloadFailure extends Error {
  constructor(readonly updateResult: 4 | 7 | 9, message: string) {
    super(message);
    this.name = 'DownloadFailure';
  }
}

export type FirmwareFetcher = (uri: string, protocols: readonly firmware.FirmwareProtocol[]) => Promise<Uint8Array>;

/** Fetches over CoAP (block-wise, node-coap) or HTTP(S) (Node's fetch), when the device supports the scheme. */
export const fetchFirmware: FirmwareFetcher = async (uri, protocols) => {
  const protocol = firmware.protocolOfUri(uri);
  if (!protocol || !protocols.includes(protocol)) throw new DownloadFailure(9, `the device does not download over ${protocol ?? 'this scheme'}`);
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    throw new DownloadFailure(7, 'the Package URI is not a URI');
  }
  if (!url.hostname) throw new DownloadFailure(7, 'the Package URI has no host');
  if (protocol === 'coap') return coapGet(url);
  if (protocol === 'http' || protocol === 'https') return httpGet(url);
  throw new DownloadFailure(9, `the simulated device cannot download over ${protocol}`);
};

async function httpGet(url: URL): Promise<Uint8Array> {
  let res: Response;
  try {
    res = await fetch(url, { signal: AbortSignal.timeout(DOWNLOAD_TIMEOUT_MS), redirect: 'follow' });
  } catch (e) {
    throw new DownloadFailure(4, `no connection to ${url.host}: ${(e as Error).message}`);
  }
  if (!res.ok) {
    await res.body?.cancel();
    throw new DownloadFailure(7, `${url.host} answered HTTP ${res.status}`);
  }
  const length = Number(res.headers.get('content-length'));
  if (length > MAX_DOWNLOAD_BYTES) {
    await res.body?.cancel();
    throw new DownloadFailure(4, `the file is ${length} bytes, more than a simulated device downloads`);
  }
  try {
    return new Uint8Array(await res.arrayBuffer());
  } catch (e) {
    throw new DownloadFailure(4, `the connection was lost during the download: ${(e as Error).message}`);
  }
}

function coapGet(url: URL): Promise<Uint8Array> {
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  const agent = new coap.Agent({ type: isIPv6(host) ? 'udp6' : 'udp4' });
  return new Promise<Uint8Array>((resolve, reject) => {
    let settled = false;
    const done = (f: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      f();
      try {
        agent.close(); // a pending request's socket; node-coap closes an idle agent's by itself
      } catch {
        // already closed
      }
    };
    const timer = setTimeout(() => done(() => reject(new DownloadFailure(4, `no answer from ${url.host} within ${DOWNLOAD_TIMEOUT_MS / 1000} s`))), DOWNLOAD_TIMEOUT_MS);
    timer.unref?.();
    const req = coap.request({ hostname: host, port: Number(url.port || 5683), pathname: decodeURIComponent(url.pathname), method: 'GET', agent, confirmable: true });
    req.on('response', (res: coap.IncomingMessage) => {
      done(() => {
        if (!String(res.code).startsWith('2.')) reject(new DownloadFailure(7, `${url.host} answered ${res.code}`));
        else if (res.payload.length > MAX_DOWNLOAD_BYTES) reject(new DownloadFailure(4, 'the file is larger than a simulated device downloads'));
        else resolve(new Uint8Array(res.payload));
      });
    });
    req.on('timeout', () => done(() => reject(new DownloadFailure(4, `no answer from ${url.host}`))));
    req.on('error', (e: Error) => done(() => reject(new DownloadFailure(4, `the download from ${url.host} failed: ${e.message}`))));
    req.end();
  });
}
