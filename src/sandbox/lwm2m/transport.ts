// The LwM2M server's CoAP over UDP, on the `coap` package (node-coap): one UDP socket serves both roles —
// a coap.Server for what devices send (Register, Update, De-register, Send) and a coap.Agent for what the server
// asks them (Read, Write, Execute, Observe…), so requests to a client leave from the socket its Register arrived
// on, as LwM2M clients require. node-coap does confirmable messages, retransmission, block-wise transfer and
// observe; this file adds what a sandbox facing a network needs around it: every datagram passes the InputGuard
// and a parse before node-coap sees it, every request carries its own token and ends (answer, or a timeout after
// CoAP's EXCHANGE_LIFETIME even when the device acknowledged and never answered), and every exchange is logged.
import { randomBytes } from 'node:crypto';
import * as dgram from 'node:dgram';
import { isIPv6 } from 'node:net';
import * as coap from 'coap';
import { generate, parse as parsePacket, type ParsedPacket } from 'coap-packet';
import type { CoapLog } from './coapLog';
import { contentFormatNumber } from './codecs/index';
import { InputGuard, MAX_DATAGRAM_BYTES, option, type Verdict } from './inputGuard';

export interface Peer {
  address: string;
  port: number;
}

export const peerText = (p: Peer): string => (isIPv6(p.address) ? `[${p.address}]:${p.port}` : `${p.address}:${p.port}`);

export type OutMethod = 'GET' | 'PUT' | 'POST' | 'DELETE' | 'FETCH' | 'iPATCH';

export interface OutRequest {
  method: OutMethod;
  /** '/3/0/1' */
  path: string;
  /** Uri-Query parts, e.g. ['pmin=10', 'pmax=60']. */
  query?: string[];
  accept?: number;
  contentFormat?: number;
  payload?: Uint8Array;
}

export interface Answer {
  /** e.g. '2.05' */
  code: string;
  format?: number;
  payload: Buffer;
}

/** The device did not answer within CoAP's exchange lifetime (or an answer was refused on the way in). */
export class NoAnswer extends Error {
  override readonly name = 'NoAnswer';
}

export interface Observation {
  first: Answer;
  /** Stops listening: the device's next notification is answered with a Reset, which cancels it on the device. */
  cancel(): void;
}

/** node-coap reports a message's Content-Format by its media type: back to the number LwM2M speaks. */
export function formatNumber(v: unknown): number | undefined {
  return typeof v === 'number' || typeof v === 'string' ? contentFormatNumber(v) : undefined;
}

/** A CoAP uint option value (0 is the empty value). */
export function uintOption(n: number): Buffer {
  if (n === 0) return Buffer.alloc(0);
  return n < 256 ? Buffer.of(n) : Buffer.of(n >> 8, n & 255);
}

export interface TransportOptions {
  host: string;
  port: number;
  log: CoapLog;
  /** How long a request may wait for its answer (CoAP's EXCHANGE_LIFETIME, 247 s, unless a test says less). */
  exchangeLifetimeMs?: number;
  onRequest(req: coap.IncomingMessage, res: coap.OutgoingMessage): void;
  /**
   * The firmware URL a GET's path names when that URL can serve a download now (what identifies it, e.g. its token),
   * else undefined: such requests are counted against the URL's download allowance, not their peer's rate.
   */
  downloadUrl?(path: string): string | undefined;
}

interface Pending {
  peer: string;
  fail(reason: string): void;
}

export class CoapTransport {
  private readonly guard = new InputGuard();
  /** Tokens of the requests in flight (and of live observations): what an answer must carry to be heard. */
  private readonly pending = new Map<string, Pending>();
  private closed = false;

  private constructor(
    private readonly socket: dgram.Socket,
    private readonly facade: dgram.Socket,
    private readonly server: coap.Server,
    private readonly agent: coap.Agent,
    private readonly options: TransportOptions,
    readonly host: string,
    readonly port: number,
  ) {}

  static async open(options: TransportOptions): Promise<CoapTransport> {
    const type = isIPv6(options.host) ? 'udp6' : 'udp4';
    const socket = dgram.createSocket({ type });
    await new Promise<void>((resolve, reject) => {
      socket.once('error', reject);
      socket.bind(options.port, options.host, () => {
        socket.off('error', reject);
        resolve();
      });
    });
    // node-coap listens on a facade that hears only what passed the guard; what it sends goes out of the real socket.
    const facade = dgram.createSocket({ type });
    const send = socket.send.bind(socket) as (...args: unknown[]) => void;
    facade.send = ((...args: unknown[]) => send(...args)) as typeof facade.send;
    facade.address = () => socket.address();
    facade.unref();
    const server = coap.createServer({ type, piggybackReplyMs: 50 });
    const agent = new coap.Agent({ socket: facade });
    const t = new CoapTransport(socket, facade, server, agent, options, options.host, socket.address().port);
    server.on('request', (req: coap.IncomingMessage, res: coap.OutgoingMessage) => {
      try {
        options.onRequest(req, res);
      } catch (err) {
        options.log.note(`internal error handling ${String(req.url).slice(0, 80)}: ${(err as Error).message}`);
        if (!res.writableEnded) {
          res.code = '5.00';
          res.end();
        }
      }
    });
    server.on('error', () => undefined);
    agent.on('error', () => undefined);
    socket.on('error', (err) => options.log.note(`CoAP socket error: ${err.message}`));
    await new Promise<void>((resolve) => server.listen(facade, () => resolve()));
    socket.on('message', (msg, rinfo) => t.receive(msg, rinfo));
    return t;
  }

  get uri(): string {
    return `coap://${isIPv6(this.host) ? `[${this.host}]` : this.host}:${this.port}`;
  }

  /** Every datagram: guarded, parsed, then handed to node-coap (server and agent each take their own kind). */
  private receive(msg: Buffer, rinfo: dgram.RemoteInfo): void {
    if (this.closed) return;
    const from = peerText(rinfo);
    const log = this.options.log;
    const refuse = (v: Exclude<Verdict, { ok: true }>, packet?: ParsedPacket) => {
      log.incident(v.kind, rinfo.address, `${v.detail}${packet ? ` (${packet.code} from ${from})` : ` (from ${from})`}`);
      if (v.reply && packet && packet.confirmable) this.reply(packet, v.reply, rinfo);
    };
    // A block of a firmware download (a GET, code 0.01 in the second byte, of a URL that can serve) is looked at
    // before the peer's rate: it is the URL's allowance it takes. Anything else, or past that allowance, is the peer's.
    let packet: ParsedPacket | undefined;
    let download = false;
    if (this.options.downloadUrl && msg.length >= 4 && msg.length <= MAX_DATAGRAM_BYTES && msg[1] === 0x01) {
      try {
        packet = parsePacket(msg);
      } catch {
        packet = undefined;
      }
      const url = packet ? this.options.downloadUrl(uriPathOf(packet)) : undefined;
      download = url !== undefined && this.guard.admitDownload(url);
    }
    if (!download) {
      const rate = this.guard.admit(rinfo.address, rinfo.port);
      if (!rate.ok) return refuse(rate);
    }
    if (msg.length > MAX_DATAGRAM_BYTES) return refuse({ ok: false, kind: 'oversized datagram', detail: `${msg.length} bytes, more than the ${MAX_DATAGRAM_BYTES} a CoAP message may have here` });
    if (!packet) {
      try {
        packet = parsePacket(msg);
      } catch (err) {
        return refuse({ ok: false, kind: 'malformed CoAP', detail: `${msg.length} bytes that are not a CoAP message (${(err as Error).message.slice(0, 80)})` });
      }
    }
    const [cls] = packet.code.split('.');
    if (cls === '0' && packet.code !== '0.00') {
      const v = this.guard.upload(packet, rinfo.address, rinfo.port);
      if (!v.ok) return refuse(v, packet);
    } else if (packet.code !== '0.00') {
      const token = packet.token.toString('hex');
      const waiting = this.pending.get(token);
      if (!waiting || waiting.peer !== from) {
        // node-coap's agent answers it with a Reset, as CoAP says.
        log.incident('answer for a token never sent', rinfo.address, `${packet.code} with token ${token || '(none)'} from ${from}`);
      } else {
        const v = this.guard.answer(packet);
        if (!v.ok) {
          refuse(v, packet);
          waiting.fail(`${v.kind}: ${v.detail}`);
          return;
        }
      }
    }
    this.facade.emit('message', msg, rinfo);
  }

  /** A refusal node-coap cannot give itself (it would take the message first): an ACK with the code. */
  private reply(packet: ParsedPacket, code: string, to: Peer): void {
    try {
      const out = generate({ code, ack: true, messageId: packet.messageId, token: packet.token, options: [], payload: Buffer.alloc(0) });
      this.socket.send(out, to.port, to.address);
    } catch {
      // nothing more to say to a peer we cannot answer
    }
  }

  /** One request; resolves with the answer, or rejects with NoAnswer after the exchange lifetime. */
  request(peer: Peer, r: OutRequest): Promise<Answer> {
    return new Promise<Answer>((resolve, reject) => {
      const started = performance.now();
      const { req, token, done } = this.start(peer, r, (reason) => {
        this.logOut(peer, r, reason, started);
        reject(new NoAnswer(reason));
      });
      req.on('response', (res: coap.IncomingMessage) => {
        if (!done()) return;
        const answer = answerOf(res);
        this.logOut(peer, r, answer.code, started, answer);
        resolve(answer);
      });
      void token;
    });
  }

  /**
   * Observe (GET with Observe 0): resolves with the first answer and a cancel; each later notification goes to
   * `onNotify`. A refused observe (an error code) resolves too, with nothing to cancel.
   */
  observe(peer: Peer, r: OutRequest, onNotify: (a: Answer) => void, onEnd: () => void): Promise<Observation> {
    return new Promise<Observation>((resolve, reject) => {
      const started = performance.now();
      let first = true;
      const { req, token, done } = this.start(peer, r, (reason) => {
        this.logOut(peer, r, reason, started);
        reject(new NoAnswer(reason));
      }, true);
      req.on('response', (res: coap.IncomingMessage) => {
        if (!done()) return;
        const answer = answerOf(res);
        this.logOut(peer, r, answer.code, started, answer, 'Observe');
        const stream = res as coap.ObserveReadStream;
        if (!answer.code.startsWith('2.') || typeof stream.close !== 'function') {
          this.pending.delete(token);
          resolve({ first: answer, cancel: () => undefined });
          return;
        }
        let open = true;
        const end = () => {
          if (!open) return;
          open = false;
          this.pending.delete(token);
          onEnd();
        };
        this.pending.set(token, { peer: peerText(peer), fail: () => undefined });
        stream.on('data', () => {
          if (first) {
            first = false;
            return;
          }
          const n: Answer = { code: String(stream.code), format: formatNumber(stream.headers['Content-Format']), payload: Buffer.from(stream.payload ?? []) };
          this.options.log.exchange({ direction: 'notify', peer: peerText(peer), path: r.path, code: n.code, format: n.format, responseBytes: n.payload.length });
          try {
            onNotify(n);
          } catch {
            // a notification that cannot be stored is dropped
          }
        });
        stream.on('close', end);
        stream.on('error', end);
        resolve({
          first: answer,
          cancel: () => {
            if (!open) return;
            stream.close();
            end();
          },
        });
      });
    });
  }

  private start(peer: Peer, r: OutRequest, fail: (reason: string) => void, observe = false): { req: coap.OutgoingMessage; token: string; done: () => boolean } {
    const tokenBytes = randomBytes(8);
    const token = tokenBytes.toString('hex');
    let finished = false;
    const lifetime = this.options.exchangeLifetimeMs ?? coap.parameters.exchangeLifetime * 1000;
    const finish = (reason?: string): boolean => {
      if (finished) return false;
      finished = true;
      clearTimeout(timer);
      if (reason !== undefined) {
        this.pending.delete(token);
        try {
          this.agent.abort(req);
        } catch {
          // already ended
        }
        fail(reason);
      } else if (!observe) this.pending.delete(token);
      return true;
    };
    const timer = setTimeout(() => finish(`no answer within ${Math.round(lifetime / 1000)} s (CoAP exchange lifetime)`), lifetime);
    timer.unref();
    if (this.closed) {
      setImmediate(() => finish('the LwM2M server stopped'));
    }
    const options: Record<string, Buffer> = {};
    if (r.accept !== undefined) options.Accept = uintOption(r.accept);
    if (r.contentFormat !== undefined) options['Content-Format'] = uintOption(r.contentFormat);
    const payload = r.payload ? Buffer.from(r.payload) : undefined;
    if (payload && payload.length > 1024) options.Block1 = Buffer.of(6);
    const req = this.agent.request({
      hostname: peer.address,
      port: peer.port,
      method: r.method as 'GET',
      pathname: r.path,
      ...(r.query?.length ? { query: r.query.join('&') } : {}),
      confirmable: true,
      token: tokenBytes,
      ...(observe ? { observe: true } : {}),
      options,
    } as coap.CoapRequestParams);
    this.pending.set(token, { peer: peerText(peer), fail: (reason) => finish(reason) });
    req.on('error', (err: Error) => finish(`request failed: ${err.message}`));
    req.on('timeout', () => finish(`no answer within ${coap.parameters.exchangeLifetime} s (CoAP exchange lifetime)`));
    req.end(payload);
    return { req, token, done: () => finish() };
  }

  private logOut(peer: Peer, r: OutRequest, code: string, started: number, a?: Answer, extra?: string): void {
    this.options.log.exchange({
      direction: 'out', peer: peerText(peer), method: extra ? `${r.method} ${extra}` : r.method,
      path: r.path + (r.query?.length ? `?${r.query.join('&')}` : ''), code, accept: r.accept, format: a?.format ?? r.contentFormat,
      requestBytes: r.payload?.length ?? 0, responseBytes: a?.payload.length, ms: performance.now() - started,
    });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const p of [...this.pending.values()]) p.fail('the LwM2M server stopped');
    this.pending.clear();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
    try {
      this.agent.close();
    } catch {
      // nothing in flight
    }
    await new Promise<void>((resolve) => this.socket.close(() => resolve()));
  }
}

/** A request's Uri-Path options as one path, '/fw/<token>/<name>'. */
function uriPathOf(packet: ParsedPacket): string {
  return '/' + packet.options.filter((o) => o.name === 'Uri-Path').map((o) => o.value.toString('utf8')).join('/');
}

function answerOf(res: coap.IncomingMessage): Answer {
  return { code: String(res.code), format: formatNumber(res.headers['Content-Format']), payload: Buffer.from(res.payload ?? []) };
}

export { option };
