// The firmware files over CoAP, block-wise (RFC 7959 Block2): a handler the sandbox's LwM2M server routes
// `GET /fw/<token>/<name>` to. Every block is answered here (not from node-coap's own block cache), so a
// URL's expiry and its one download hold for each block, and the URL is used up when its last block went out.
import * as coap from 'coap';
import { FIRMWARE_PATH, FirmwareRefused, type FirmwareFiles } from './firmwareFiles';

/** Largest block served (SZX 6); a device may ask for smaller ones. */
export const MAX_BLOCK_BYTES = 1024;

type Handler = (req: coap.IncomingMessage, res: coap.OutgoingMessage) => boolean;

/** Handles the request when it is for a firmware URL (and returns true); false leaves it to the caller. */
export function firmwareCoapHandler(files: FirmwareFiles): Handler {
  return (req, res) => {
    const path = (req.url ?? '').split('?')[0];
    if (!path.startsWith(FIRMWARE_PATH)) return false;
    if (req.method !== 'GET') {
      reply(res, '4.05', 'firmware URLs take GET only');
      return true;
    }
    let opened: ReturnType<FirmwareFiles['open']>;
    try {
      opened = files.open(path);
    } catch (e) {
      if (!(e instanceof FirmwareRefused)) throw e;
      reply(res, e.reason === 'unknown' ? '4.04' : '4.03', e.message);
      return true;
    }
    const { bytes, grant } = opened;
    const asked = block2Of(req);
    if (asked === 'bad') {
      reply(res, '4.02', 'malformed Block2 option');
      return true;
    }
    const size = Math.min(asked?.size ?? MAX_BLOCK_BYTES, MAX_BLOCK_BYTES);
    const num = asked?.num ?? 0;
    const start = num * size;
    if (start >= bytes.length && !(start === 0 && bytes.length === 0)) {
      reply(res, '4.02', `block ${num} is past the end of the ${bytes.length}-byte file`);
      return true;
    }
    const end = Math.min(bytes.length, start + size);
    const more = end < bytes.length;
    res.setOption('Content-Format', 'application/octet-stream');
    res.setOption('ETag', Buffer.from(grant.sha256.slice(0, 16), 'hex'));
    if (asked || more) res.setOption('Block2', encodeBlock(num, more, size));
    if (num === 0) res.setOption('Size2', bytes.length);
    res.code = '2.05';
    // The plain message's end(): node-coap's server response would cut the payload into blocks itself and
    // answer later blocks from its cache, without this handler seeing them.
    coap.OutgoingMessage.prototype.end.call(res, bytes.subarray(start, end));
    files.delivered(grant.token, start, end);
    return true;
  };
}

function reply(res: coap.OutgoingMessage, code: string, text: string): void {
  res.code = code;
  res.setOption('Content-Format', 'text/plain');
  coap.OutgoingMessage.prototype.end.call(res, Buffer.from(text));
}

/** The request's Block2 option: undefined when absent, 'bad' when it cannot be read. */
function block2Of(req: coap.IncomingMessage): { num: number; size: number } | 'bad' | undefined {
  const opt = (req._packet.options ?? []).find((o) => o.name === 'Block2' || String(o.name) === '23');
  if (!opt) return undefined;
  const v = opt.value;
  if (!Buffer.isBuffer(v) || v.length > 3) return 'bad';
  let n = 0;
  for (const b of v) n = n * 256 + b;
  const szx = n & 7;
  if (szx === 7) return 'bad'; // BERT is for CoAP over TCP only
  return { num: n >>> 4, size: 1 << (szx + 4) };
}

/** RFC 7959 Block2 value: NUM, M and SZX. */
export function encodeBlock(num: number, more: boolean, size: number): Buffer {
  const szx = Math.log2(size) - 4;
  const v = (num << 4) | (more ? 8 : 0) | szx;
  if (v < 0x100) return v === 0 ? Buffer.alloc(0) : Buffer.of(v);
  if (v < 0x10000) return Buffer.of(v >> 8, v & 0xff);
  return Buffer.of((v >> 16) & 0xff, (v >> 8) & 0xff, v & 0xff);
}
