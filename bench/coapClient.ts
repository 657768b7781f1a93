// A small LwM2M 1.1 client on node-coap (the `coap` package), for the benchmarks: one UDP socket serves both roles,
// as a device's does — a coap.Agent sends Register (and Update), a coap.Server on the same socket answers what the
// LwM2M server asks (Read of /1, /3, /3303, Observe of a resource) in SenML JSON. It is a device, not a test
// double of the sandbox: the bench talks to the sandbox only over the wire. Not a benchmark itself (no .bench).
import * as dgram from 'node:dgram';
import * as coap from 'coap';

const SENML_JSON = 'application/senml+json';

/** What the client answers, by object: Server (/1), Device (/3), Temperature (/3303). */
function objectRecords(path: string, endpoint: string, temperature: number): object[] | undefined {
  switch (path.replace(/\/$/, '')) {
    case '/1':
    case '/1/0':
      return [{ bn: '/1/0/', n: '0', v: 1 }, { n: '1', v: 600 }, { n: '7', vs: 'U' }];
    case '/3':
    case '/3/0':
      return [{ bn: '/3/0/', n: '0', vs: 'Bench' }, { n: '1', vs: 'node-coap' }, { n: '2', vs: endpoint }, { n: '3', vs: '1.0.0' }];
    case '/3303':
    case '/3303/0':
      return [{ bn: '/3303/0/', n: '5700', v: temperature }, { n: '5701', vs: 'Cel' }];
    case '/3303/0/5700':
      return [{ bn: '/3303/0/5700', v: temperature }];
    default:
      return undefined;
  }
}

export interface WireRequest {
  /** performance.now() when the request reached the client's handler. */
  at: number;
  method: string;
  path: string;
  observe: boolean;
}

export class BenchCoapClient {
  private readonly observations = new Map<string, coap.OutgoingMessage>();
  private location: string[] = [];
  temperature = 20;
  /** Every request the server sent, as it arrived (bounded). */
  readonly wire: WireRequest[] = [];
  onRequest?: (r: WireRequest) => void;

  private constructor(
    readonly endpoint: string,
    private readonly serverPort: number,
    private readonly socket: dgram.Socket,
    private readonly server: coap.Server,
    private readonly agent: coap.Agent,
  ) {}

  static async start(endpoint: string, serverPort: number): Promise<BenchCoapClient> {
    const socket = dgram.createSocket('udp4');
    await new Promise<void>((resolve, reject) => {
      socket.once('error', reject);
      socket.bind(0, '127.0.0.1', () => {
        socket.off('error', reject);
        resolve();
      });
    });
    const server = coap.createServer({ type: 'udp4' });
    const agent = new coap.Agent({ socket });
    const c = new BenchCoapClient(endpoint, serverPort, socket, server, agent);
    server.on('request', (req: coap.IncomingMessage, res: coap.OutgoingMessage) => c.handle(req, res));
    server.on('error', () => undefined);
    agent.on('error', () => undefined);
    await new Promise<void>((resolve) => server.listen(socket, () => resolve()));
    return c;
  }

  get port(): number {
    return this.socket.address().port;
  }

  get observing(): number {
    return this.observations.size;
  }

  private request(method: 'POST' | 'DELETE', pathname: string, query: string, payload?: Buffer, format?: string): Promise<coap.IncomingMessage> {
    return new Promise((resolve, reject) => {
      const req = coap.request({ hostname: '127.0.0.1', port: this.serverPort, pathname, query, method, agent: this.agent, confirmable: true });
      if (format) req.setOption('Content-Format', format);
      req.on('response', (res: coap.IncomingMessage) => resolve(res));
      req.on('error', reject);
      req.end(payload);
    });
  }

  /** LwM2M Register (1.1, binding U): resolves with the answer's code once the server answered. */
  async register(lifetime = 600): Promise<string> {
    const links = '</>;rt="oma.lwm2m";ct=110,</1>;ver=1.1,</1/0>,</3/0>,</3303/0>';
    const res = await this.request('POST', '/rd', `ep=${encodeURIComponent(this.endpoint)}&lt=${lifetime}&lwm2m=1.1&b=U`, Buffer.from(links), 'application/link-format');
    const loc = ((res as unknown as { options?: { name: unknown; value: unknown }[] }).options ?? [])
      .filter((o) => o.name === 'Location-Path' && Buffer.isBuffer(o.value)).map((o) => (o.value as Buffer).toString('utf8'));
    if (loc.length) this.location = loc;
    return res.code;
  }

  async deregister(): Promise<void> {
    if (!this.location.length) return;
    await this.request('DELETE', `/${this.location.join('/')}`, '').catch(() => undefined);
  }

  private handle(req: coap.IncomingMessage, res: coap.OutgoingMessage): void {
    const at = performance.now();
    const path = (req.url ?? '/').split('?')[0];
    const observe = req.headers.Observe === 0;
    const w: WireRequest = { at, method: String(req.method), path, observe };
    if (this.wire.length < 1000) this.wire.push(w);
    this.onRequest?.(w);
    if (req.method !== 'GET') {
      res.code = '4.05';
      res.end();
      return;
    }
    const records = objectRecords(path, this.endpoint, this.temperature);
    if (!records) {
      res.code = '4.04';
      res.end();
      return;
    }
    res.setOption('Content-Format', SENML_JSON);
    res.code = '2.05';
    if (observe) {
      this.observations.get(path)?.end();
      this.observations.set(path, res);
      res.on('finish', () => {
        if (this.observations.get(path) === res) this.observations.delete(path);
      });
      res.write(Buffer.from(JSON.stringify(records)));
      return;
    }
    res.end(Buffer.from(JSON.stringify(records)));
  }

  /** An Observe notification of /3303/0/5700 with `value`; false when nothing observes it. */
  notify(value: number): boolean {
    this.temperature = value;
    const o = this.observations.get('/3303/0/5700');
    if (!o) return false;
    o.write(Buffer.from(JSON.stringify([{ bn: '/3303/0/5700', v: value }])));
    return true;
  }

  close(): Promise<void> {
    for (const o of this.observations.values()) o.end();
    this.observations.clear();
    return new Promise((resolve) => {
      this.server.close(() => {
        try {
          this.socket.close();
        } catch {
          // closed with the server
        }
        resolve();
      });
    });
  }
}
