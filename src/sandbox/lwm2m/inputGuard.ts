// What the LwM2M server takes from the network before node-coap sees a datagram: the bounds that keep a
// hostile or broken peer from crashing, blocking or growing the sandbox. Datagrams past MAX_DATAGRAM_BYTES,
// more than a burst of packets per address, a Block1 upload past MAX_UPLOAD_BYTES (or more open uploads than a
// few per address), and a Block2 answer past MAX_ANSWER_BYTES are refused here; every table is bounded. A block-wise
// firmware download of a URL that can still serve (admitDownload) is not a peer's flood: it asks one block per
// round trip, thousands a second on a fast link, so it is counted against that URL's own allowance instead.
import type { ParsedPacket } from 'coap-packet';

/** Larger than any CoAP message with a 1024-byte block (node-coap's own limit is 1280). */
export const MAX_DATAGRAM_BYTES = 1500;
/** A Register's link list or a Send, assembled from Block1 blocks. */
export const MAX_UPLOAD_BYTES = 64 * 1024;
/** A device's answer (or notification) assembled from Block2 blocks. */
export const MAX_ANSWER_BYTES = 256 * 1024;
/** Packets per second one peer (address and port) may send on average, and in a burst. */
export const PACKETS_PER_SECOND = 400;
export const PACKET_BURST = 800;
/** The same for all ports of one address together (a thousand clients on one host, one notify a second each, fit). */
const ADDRESS_PACKETS_PER_SECOND = 5_000;
const ADDRESS_BURST = 10_000;
/**
 * Requests per second for one firmware URL that can still serve, from all peers together (a node-coap client on
 * loopback asks about 5,000 blocks a second); past it, its requests count against their peer like any other.
 */
export const DOWNLOAD_PACKETS_PER_SECOND = 20_000;
const DOWNLOAD_BURST = 2_000;
const MAX_OPEN_UPLOADS_PER_ADDRESS = 8;
const MAX_OPEN_UPLOADS = 512;
const UPLOAD_IDLE_MS = 60_000;
const MAX_ADDRESSES = 20_000;

export type Verdict =
  | { ok: true }
  | { ok: false; kind: string; detail: string; /** A response code to answer a request with (else it is dropped). */ reply?: string };

interface Bucket { tokens: number; at: number }

export interface BlockOption { num: number; more: boolean; size: number }

/** RFC 7959 block option value (0–3 bytes): NUM, M, SZX; undefined when SZX is the reserved 7. */
export function parseBlock(value: Buffer): BlockOption | undefined {
  if (value.length > 3) return undefined;
  let n = 0;
  for (const b of value) n = n * 256 + b;
  const szx = n & 7;
  if (szx === 7) return undefined;
  return { num: Math.floor(n / 16), more: (n & 8) !== 0, size: 2 ** (szx + 4) };
}

export function option(packet: ParsedPacket, name: string): Buffer | undefined {
  return packet.options.find((o) => o.name === name)?.value;
}

export class InputGuard {
  private readonly buckets = new Map<string, Bucket>();
  /** Open Block1 uploads by `address|port|token` → last block time; counted per address. */
  private readonly uploads = new Map<string, number>();
  private readonly uploadsPerAddress = new Map<string, number>();

  constructor(private readonly now: () => number = Date.now) {}

  /** The rate check for any datagram from `address`:`port`. */
  admit(address: string, port: number): Verdict {
    const now = this.now();
    if (!this.take(`${address}|${port}`, PACKETS_PER_SECOND, PACKET_BURST, now)) {
      return { ok: false, kind: 'flood', detail: `more than ${PACKETS_PER_SECOND} packets a second from one port; dropped until it slows down` };
    }
    if (!this.take(address, ADDRESS_PACKETS_PER_SECOND, ADDRESS_BURST, now)) {
      return { ok: false, kind: 'flood', detail: `more than ${ADDRESS_PACKETS_PER_SECOND} packets a second from one address; dropped until it slows down` };
    }
    return { ok: true };
  }

  /**
   * The rate check for a request of a firmware URL that can serve now (`url` names it): its own allowance, not the
   * peer's; false when the URL's requests come faster than a download asks (then admit() judges the request).
   */
  admitDownload(url: string): boolean {
    return this.take(`download|${url}`, DOWNLOAD_PACKETS_PER_SECOND, DOWNLOAD_BURST, this.now());
  }

  private take(key: string, rate: number, burst: number, now: number): boolean {
    let b = this.buckets.get(key);
    if (!b) {
      if (this.buckets.size >= MAX_ADDRESSES) this.pruneBuckets(now);
      b = { tokens: burst, at: now };
      this.buckets.set(key, b);
    }
    b.tokens = Math.min(burst, b.tokens + ((now - b.at) / 1000) * rate);
    b.at = now;
    if (b.tokens < 1) return false;
    b.tokens -= 1;
    return true;
  }

  /** A request's Block1 upload: within MAX_UPLOAD_BYTES, and only a few open at a time per address. */
  upload(packet: ParsedPacket, address: string, port: number): Verdict {
    const raw = option(packet, 'Block1');
    if (!raw) return { ok: true };
    const block = parseBlock(raw);
    if (!block) return { ok: false, kind: 'malformed Block1', detail: 'reserved block size', reply: '4.00' };
    if ((block.num + 1) * block.size > MAX_UPLOAD_BYTES) {
      this.finish(address, port, packet.token);
      return { ok: false, kind: 'upload too large', detail: `Block1 block ${block.num} of ${block.size} bytes is past the ${MAX_UPLOAD_BYTES} bytes a request may carry`, reply: '4.13' };
    }
    const key = `${address}|${port}|${packet.token.toString('hex')}`;
    const now = this.now();
    if (!this.uploads.has(key)) {
      this.expireUploads(now);
      const open = this.uploadsPerAddress.get(address) ?? 0;
      if (open >= MAX_OPEN_UPLOADS_PER_ADDRESS || this.uploads.size >= MAX_OPEN_UPLOADS) {
        return { ok: false, kind: 'too many uploads', detail: `more than ${MAX_OPEN_UPLOADS_PER_ADDRESS} block-wise uploads open at once`, reply: '5.03' };
      }
      this.uploadsPerAddress.set(address, open + 1);
    }
    if (block.more) this.uploads.set(key, now);
    else this.finish(address, port, packet.token);
    return { ok: true };
  }

  /** An answer's Block2 transfer: within MAX_ANSWER_BYTES. */
  answer(packet: ParsedPacket): Verdict {
    const raw = option(packet, 'Block2');
    if (!raw) return { ok: true };
    const block = parseBlock(raw);
    if (!block) return { ok: false, kind: 'malformed Block2', detail: 'reserved block size' };
    if ((block.num + 1) * block.size > MAX_ANSWER_BYTES) {
      return { ok: false, kind: 'answer too large', detail: `Block2 block ${block.num} of ${block.size} bytes is past the ${MAX_ANSWER_BYTES} bytes an answer may have` };
    }
    return { ok: true };
  }

  private finish(address: string, port: number, token: Buffer): void {
    const key = `${address}|${port}|${token.toString('hex')}`;
    if (!this.uploads.delete(key)) return;
    const open = (this.uploadsPerAddress.get(address) ?? 1) - 1;
    if (open > 0) this.uploadsPerAddress.set(address, open);
    else this.uploadsPerAddress.delete(address);
  }

  private expireUploads(now: number): void {
    for (const [key, at] of this.uploads) {
      if (now - at <= UPLOAD_IDLE_MS) continue;
      const [address, port, token] = key.split('|');
      this.finish(address, Number(port), Buffer.from(token, 'hex'));
    }
  }

  private pruneBuckets(now: number): void {
    for (const [address, b] of this.buckets) if (now - b.at > 10_000) this.buckets.delete(address);
    if (this.buckets.size >= MAX_ADDRESSES) this.buckets.clear();
  }
}
