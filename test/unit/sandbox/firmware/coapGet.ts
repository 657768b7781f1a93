// A GET by a real node-coap client, for the firmware tests: it follows Block2 to the end by itself. Not a test file.
import * as coap from 'coap';

/** GETs `url` (a `coap://` URL) with a fresh agent; `block2` asks for a given block first. */
export function coapGet(url: string, block2?: Buffer): Promise<{ code: string; payload: Buffer; ms: number }> {
  const u = new URL(url);
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    const agent = new coap.Agent({ type: 'udp4' });
    const req = coap.request({ hostname: u.hostname, port: Number(u.port), pathname: decodeURIComponent(u.pathname), method: 'GET', agent, confirmable: true });
    if (block2) req.setOption('Block2', block2);
    req.on('response', (res: coap.IncomingMessage) => {
      try {
        agent.close();
      } catch {
        // node-coap closed the idle agent itself
      }
      resolve({ code: String(res.code), payload: res.payload, ms: performance.now() - t0 });
    });
    req.on('error', reject);
    req.end();
  });
}
