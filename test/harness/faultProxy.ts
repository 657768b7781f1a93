// A fault-injecting HTTP proxy for tests, put in front of the sandbox: it forwards every request as is,
// except those a rule matches, which it
// - `hang`s: reads the request and never answers (nothing reaches the sandbox);
// - `drop-response`s: forwards the request, waits for the sandbox's whole answer (so the request was
//   applied), then cuts the client's connection without a byte of it (a lost response);
// - `stall`s: forwards the request and streams the answer for `afterMs`, then stops passing data while
//   keeping the connection open (a stream that neither ends nor sends heartbeats);
// - `hold`s: keeps the request until the rule's `until` settles, then forwards it as is (a slow network, for
//   a test that acts while the product waits).
// It counts what it forwarded, so a test can say how often a request reached the sandbox.
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Socket } from 'node:net';

export type Fault = 'hang' | 'drop-response' | 'stall' | 'hold';

export interface FaultRule {
  /** Which requests; e.g. `(r) => r.method === 'POST' && r.url.includes('/shadow')`. */
  match: (req: { method: string; url: string; headers: http.IncomingHttpHeaders }) => boolean;
  fault: Fault;
  /** How many matching requests get the fault (default: every one). */
  times?: number;
  /** `stall`: how long the answer streams before it stalls (default 0: headers only). */
  afterMs?: number;
  /** `hold`: the request is forwarded once this settles. */
  until?: Promise<unknown>;
}

export interface ForwardedRequest {
  method: string;
  url: string;
  body: string;
  /** The fault applied, if any. */
  fault?: Fault;
}

export interface FaultProxy {
  /** `http://127.0.0.1:<port>`: point the SDK's endpoint here. */
  readonly url: string;
  /** Every request the proxy received, in order. */
  readonly requests: ForwardedRequest[];
  /** Adds a rule; rules are tried in the order added. */
  add(rule: FaultRule): void;
  clear(): void;
  close(): Promise<void>;
}

export async function startFaultProxy(target: string): Promise<FaultProxy> {
  const upstream = new URL(target);
  const rules: (FaultRule & { used: number })[] = [];
  const requests: ForwardedRequest[] = [];
  const sockets = new Set<Socket>();
  const upstreamAgent = new http.Agent({ keepAlive: false });

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const info = { method: req.method ?? 'GET', url: req.url ?? '/', headers: req.headers };
      const rule = rules.find((r) => (r.times === undefined || r.used < r.times) && r.match(info));
      if (rule) rule.used++;
      const seen: ForwardedRequest = { method: info.method, url: info.url, body: body.toString('utf8'), ...(rule ? { fault: rule.fault } : {}) };
      requests.push(seen);
      if (rule?.fault === 'hang') return; // the socket stays open and silent until close()
      if (rule?.fault === 'hold') {
        const go = () => forward(info, body, undefined);
        void (rule.until ?? Promise.resolve()).then(go, go);
        return;
      }
      forward(info, body, rule);
    });

    function forward(info: { method: string; url: string }, body: Buffer, rule: FaultRule | undefined): void {
      const headers = { ...req.headers, host: upstream.host };
      const out = http.request({ host: upstream.hostname, port: upstream.port, method: info.method, path: info.url, headers, agent: upstreamAgent }, (answer) => {
        if (rule?.fault === 'drop-response') {
          answer.resume();
          answer.on('end', () => req.socket.destroy());
          return;
        }
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        if (rule?.fault === 'stall') {
          const until = Date.now() + (rule.afterMs ?? 0);
          answer.on('data', (c: Buffer) => {
            if (Date.now() < until) res.write(c);
          });
          res.flushHeaders();
          return; // never ends: the client sees an open, silent stream
        }
        answer.pipe(res);
      });
      out.on('error', () => req.socket.destroy());
      out.end(body);
    }
  });
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    add(rule) {
      rules.push({ ...rule, used: 0 });
    },
    clear() {
      rules.length = 0;
    },
    async close() {
      for (const s of sockets) s.destroy();
      upstreamAgent.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
