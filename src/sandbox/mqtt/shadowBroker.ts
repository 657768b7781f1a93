// MQTT over WebSocket at `/mqtt` on the sandbox's port, as AWS IoT's device gateway serves it: an aedes
// broker behind a `ws` server. It publishes AWS's shadow topics from the one shadow store the HTTP API
// uses (so device notifications, operation answers and the OperationResponse republish arrive as they
// happen), answers shadow requests published to `.../update`, `.../get`, `.../delete`, checks that the
// connection URL is SigV4-presigned, and enforces AWS IoT's per-connection limits.
import type * as http from 'node:http';
import type { Duplex } from 'node:stream';
import { Aedes, type Client, type Subscription } from 'aedes';
import { parser as mqttParser } from 'mqtt-packet';
import { WebSocketServer, createWebSocketStream, type WebSocket } from 'ws';
import { ApiError } from '../apiError';
import type { SimClock } from '../clock';
import { deltaMetadata } from '../shadowDocument';
import type { ShadowChangeEvent, ShadowStore } from '../shadowStore';
import { presignProblem } from './presignedUrl';
import { parseShadowTopic, shadowTopic, type ShadowTopic } from '../../core/shadowTopics';

export const MQTT_PATH = '/mqtt';

/** AWS IoT Core's default quotas that a client must respect (the sandbox enforces the same). */
export interface BrokerLimits {
  /** Subscriptions per connection (AWS: 50). Past it, SUBACK answers 0x80 for the topic. */
  subscriptionsPerConnection: number;
  /** Topics in one SUBSCRIBE (AWS: 8). Past it, AWS IoT closes the connection (a client error); so does the sandbox. */
  topicsPerSubscribe: number;
}

export const AWS_IOT_LIMITS: BrokerLimits = { subscriptionsPerConnection: 50, topicsPerSubscribe: 8 };

export class ShadowBroker {
  private readonly wss = new WebSocketServer({ noServer: true, handleProtocols: (protocols) => (protocols.has('mqtt') ? 'mqtt' : false) });
  private readonly subscriptions = new Map<Client, Set<string>>();
  /** The clientToken of the MQTT request being handled (store calls are synchronous). */
  private requestToken: string | undefined;
  /** Connections accepted so far (tests and benchmarks). */
  connections = 0;

  private constructor(
    private readonly broker: Aedes,
    private readonly store: ShadowStore,
    private readonly clock: SimClock,
    private readonly region: string,
    private readonly limits: BrokerLimits,
  ) {
    broker.authorizeSubscribe = (client, sub, done) => done(null, this.admit(client, sub));
    broker.authorizePublish = (client, packet, done) => {
      const topic = parseShadowTopic(packet.topic);
      if (topic?.result) return done(new Error('clients do not publish to result topics'));
      done(null);
      if (topic && client) this.request(topic, packet.payload);
    };
    broker.on('unsubscribe', (topics, client) => {
      const mine = this.subscriptions.get(client);
      for (const t of topics) mine?.delete(t);
    });
    broker.on('clientDisconnect', (client) => this.forget(client));
    broker.on('clientError', (client) => this.forget(client));
    store.onChange((e) => this.changed(e));
  }

  static async create(store: ShadowStore, clock: SimClock, region: string, limits: BrokerLimits = AWS_IOT_LIMITS): Promise<ShadowBroker> {
    const broker = await Aedes.createBroker({ heartbeatInterval: 60_000 });
    return new ShadowBroker(broker, store, clock, region, limits);
  }

  /** Handles an HTTP upgrade to `/mqtt`; answers 403 when the URL is not presigned. Returns false for other paths. */
  upgrade(req: http.IncomingMessage, socket: Duplex, head: Buffer): boolean {
    const url = new URL(req.url ?? '/', 'http://sandbox');
    if (url.pathname !== MQTT_PATH) return false;
    const problem = presignProblem(url.searchParams, this.region);
    if (problem) {
      const body = `Forbidden: ${problem}`;
      socket.end(`HTTP/1.1 403 Forbidden\r\ncontent-type: text/plain\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`);
      return true;
    }
    this.wss.handleUpgrade(req, socket, head, (ws) => {
      this.connections++;
      const holder: { client?: Client } = {};
      this.watchPackets(ws, holder);
      const stream = createWebSocketStream(ws);
      stream.on('error', () => stream.destroy());
      holder.client = this.broker.handle(stream, req);
    });
    return true;
  }

  close(): Promise<void> {
    for (const ws of this.wss.clients) ws.terminate();
    return new Promise((resolve) => this.broker.close(() => this.wss.close(() => resolve())));
  }

  private forget(client: Client): void {
    this.subscriptions.delete(client);
  }

  /**
   * Reads the client's packets alongside aedes, in order: a SUBSCRIBE with too many topics closes the
   * connection; an UNSUBSCRIBE frees its places before a SUBSCRIBE behind it is counted.
   */
  private watchPackets(ws: WebSocket, holder: { client?: Client }): void {
    const packets = mqttParser({ protocolVersion: 4 });
    packets.on('packet', (p) => {
      if (p.cmd === 'subscribe' && p.subscriptions.length > this.limits.topicsPerSubscribe) ws.terminate();
      if (p.cmd === 'unsubscribe' && holder.client) {
        const mine = this.subscriptions.get(holder.client);
        for (const t of p.unsubscriptions) mine?.delete(t);
      }
    });
    packets.on('error', () => undefined); // aedes answers malformed packets itself
    ws.on('message', (data: Buffer) => packets.parse(data));
  }

  /** The subscription as granted (AWS IoT grants at most QoS 1), or null (0x80) past the per-connection limit. */
  private admit(client: Client, sub: Subscription): Subscription | null {
    let mine = this.subscriptions.get(client);
    if (!mine) {
      mine = new Set();
      this.subscriptions.set(client, mine);
    }
    if (!mine.has(sub.topic) && mine.size >= this.limits.subscriptionsPerConnection) return null;
    mine.add(sub.topic);
    return { ...sub, qos: Math.min(sub.qos, 1) as Subscription['qos'] };
  }

  /** A shadow request published by a client: answered on `<operation>/accepted|rejected`. */
  private request(topic: ShadowTopic, payload: Buffer | string): void {
    const text = typeof payload === 'string' ? payload : payload.toString('utf8');
    let clientToken: string | undefined;
    try {
      const body: unknown = text.trim() ? JSON.parse(text) : {};
      if (typeof body === 'object' && body && typeof (body as { clientToken?: unknown }).clientToken === 'string') {
        clientToken = (body as { clientToken: string }).clientToken;
      }
    } catch {
      // reported below by the operation itself (update), or ignored (get and delete take no body)
    }
    this.requestToken = clientToken;
    try {
      switch (topic.operation) {
        case 'update':
          // accepted, documents and delta are published from the store's change event
          this.store.update(topic.thingName, topic.shadowName, text);
          break;
        case 'get':
          this.publish(shadowTopic(topic.thingName, topic.shadowName, 'get', 'accepted'),
            withToken(this.store.get(topic.thingName, topic.shadowName), clientToken));
          break;
        case 'delete':
          this.store.delete(topic.thingName, topic.shadowName);
          break;
      }
    } catch (e) {
      const err = e instanceof ApiError ? e : new ApiError(500, 'InternalFailureException', e instanceof Error ? e.message : String(e));
      this.publish(shadowTopic(topic.thingName, topic.shadowName, topic.operation, 'rejected'),
        withToken({ code: err.status, message: err.message, timestamp: this.clock.nowSeconds() }, clientToken));
    } finally {
      this.requestToken = undefined;
    }
  }

  private changed(e: ShadowChangeEvent): void {
    const { thingName, shadowName } = e;
    if (e.kind === 'delete') {
      this.publish(shadowTopic(thingName, shadowName, 'delete', 'accepted'), withToken(e.accepted, e.clientToken ?? this.requestToken));
      return;
    }
    this.publish(shadowTopic(thingName, shadowName, 'update', 'accepted'), e.accepted);
    if (e.delta) {
      const current = e.current as { metadata?: { desired?: Record<string, unknown> } } | undefined;
      this.publish(shadowTopic(thingName, shadowName, 'update', 'delta'), withToken({
        version: e.version, timestamp: e.timestamp, state: e.delta,
        metadata: deltaMetadata(e.delta, current?.metadata?.desired as never),
      }, e.clientToken));
    }
    this.publish(shadowTopic(thingName, shadowName, 'update', 'documents'), withToken({
      ...(e.previous ? { previous: e.previous } : {}), current: e.current, timestamp: e.timestamp,
    }, e.clientToken));
  }

  private publish(topic: string, body: unknown): void {
    this.broker.publish({ cmd: 'publish', topic, payload: Buffer.from(JSON.stringify(body)), qos: 0, retain: false, dup: false }, () => undefined);
  }
}

function withToken<T extends object>(body: T, clientToken: string | undefined): T & { clientToken?: string } {
  return clientToken === undefined ? body : { ...body, clientToken };
}
