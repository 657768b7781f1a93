// A TCP proxy in front of a server, for faults that cannot be produced otherwise: it records the request
// line of every connection (the presigned URL of a WebSocket upgrade), can cut every open connection,
// and can refuse new ones for a while. Like a reverse proxy it names the server's own address in the
// Host header (the sandbox refuses requests for other hosts).
import * as net from 'node:net';

export interface TcpProxy {
  port: number;
  /** First line of each connection's first packet, e.g. `GET /mqtt?X-Amz-… HTTP/1.1`. */
  requestLines: string[];
  /** When each connection arrived (performance.now()). */
  arrivals: number[];
  cutAll(): void;
  /** While true, new connections are closed at once. */
  refusing: boolean;
  close(): Promise<void>;
}

export async function startTcpProxy(targetPort: number): Promise<TcpProxy> {
  const sockets = new Set<net.Socket>();
  const proxy: Omit<TcpProxy, 'port'> & { port: number } = {
    port: 0,
    requestLines: [],
    arrivals: [],
    refusing: false,
    cutAll() {
      for (const s of sockets) s.destroy();
      sockets.clear();
    },
    close: () => new Promise<void>((resolve) => {
      proxy.cutAll();
      server.close(() => resolve());
    }),
  };
  const server = net.createServer((client) => {
    proxy.arrivals.push(performance.now());
    if (proxy.refusing) {
      client.destroy();
      return;
    }
    const upstream = net.connect(targetPort, '127.0.0.1');
    sockets.add(client);
    sockets.add(upstream);
    const ownHost = new RegExp(`\r\nhost: 127\\.0\\.0\\.1:${proxy.port}\r\n`, 'gi');
    const targetHost = `\r\nhost: 127.0.0.1:${targetPort}\r\n`;
    let first = true;
    client.on('data', (d: Buffer) => {
      const text = d.toString('latin1');
      if (first) proxy.requestLines.push(text.split('\r\n')[0]);
      first = false;
      // HTTP requests are rewritten; WebSocket frames from a client are masked and never hold the pattern
      const rewritten = text.replace(ownHost, targetHost);
      upstream.write(rewritten === text ? d : Buffer.from(rewritten, 'latin1'));
    });
    upstream.pipe(client);
    const drop = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('error', drop).on('close', drop);
    upstream.on('error', drop).on('close', drop);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  proxy.port = (server.address() as net.AddressInfo).port;
  return proxy;
}
