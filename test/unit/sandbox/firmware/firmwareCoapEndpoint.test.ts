// The sandbox's firmware files over CoAP at its LwM2M endpoint, the URL a device is given: a real node-coap client
// downloads a grant block by block (Block2) from the same socket devices register with, and the input guard that
// cuts floods does not cut the download (a 1 MiB file is 1,024 requests in about a quarter of a second, past a
// peer's burst of 800); the URL is one-time and expires; what was uploaded is what is served; and floods of
// requests that name no servable URL are still cut like any other.
import { after, before, describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { createSocket } from 'node:dgram';
import { generate } from 'coap-packet';
import { FilterLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { COAP_LOG_GROUP } from '../../../../src/sandbox/index';
import { InputGuard, PACKET_BURST } from '../../../../src/sandbox/lwm2m/inputGuard';
import { sandboxWithClients, type Clients } from '../sdkClients';
import { coapGet } from './coapGet';

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

describe("firmware over CoAP at the sandbox's LwM2M endpoint", () => {
  let c: Clients;
  before(async () => {
    c = await sandboxWithClients({ things: 0, timeScale: 1, lwm2m: {} });
  });
  after(async () => {
    await c?.close();
  });
  const coapLog = async (): Promise<string[]> => ((await c.logs.send(new FilterLogEventsCommand({ logGroupName: COAP_LOG_GROUP }))).events ?? []).map((e) => e.message!);

  test('a 1 MiB grant: a coap:// URL on the LwM2M endpoint, downloaded whole by a node-coap client in 1,024 blocks, none refused as a flood; then used up', async () => {
    const bytes = randomBytes(1024 * 1024);
    const g = c.sb.hostFirmware(bytes, 'app-1.4.3.bin', 600);
    assert.match(g.urls.coap ?? '', new RegExp(`^${c.sb.lwm2mUri}/fw/[A-Za-z0-9_-]{22}/app-1\\.4\\.3\\.bin$`), 'the CoAP URL is on the socket devices register with');
    const got = await coapGet(g.urls.coap!);
    assert.equal(got.code, '2.05');
    assert.equal(got.payload.length, bytes.length);
    assert.equal(sha(got.payload), sha(bytes));
    // Cut to a peer's 400 packets a second past its burst, the last 224 blocks alone would take over half a second,
    // and a dropped block costs node-coap a 2–3 s retransmission.
    assert.ok(got.ms < 5000, `downloaded in ${got.ms.toFixed(0)} ms`);
    assert.deepEqual((await coapLog()).filter((l) => /flood/.test(l)), [], 'the download is no flood');
    const again = await coapGet(g.urls.coap!);
    assert.equal(again.code, '4.03');
    assert.match(again.payload.toString(), /already served its download/);
    const http = await fetch(g.urls.http!);
    assert.equal(http.status, 410, 'one download, whichever protocol served it');
  });

  test('a wrong token is 4.04, an expired URL 4.03 (expired), even for a device asking for one block', async () => {
    const g = c.sb.hostFirmware(randomBytes(4000), 'app.bin', 1);
    const wrong = g.urls.coap!.replace(/\/fw\/[^/]+\//, `/fw/${randomBytes(16).toString('base64url')}/`);
    const w = await coapGet(wrong);
    assert.equal(w.code, '4.04');
    assert.match(w.payload.toString(), /no such firmware URL/);
    await new Promise((r) => setTimeout(r, 1100));
    const late = await coapGet(g.urls.coap!, Buffer.of((1 << 4) | 6));
    assert.equal(late.code, '4.03');
    assert.match(late.payload.toString(), /expired/);
  });

  test('a file changed after upload: the CoAP URL serves the bytes that were uploaded', async () => {
    const uploaded = Buffer.from('VERSION=1.4.3 '.repeat(300));
    const original = Buffer.from(uploaded);
    const g = c.sb.hostFirmware(uploaded, 'app.bin');
    uploaded.fill(0x41); // the caller's buffer (the file read from disk) reused for a rebuild
    const got = await coapGet(g.urls.coap!);
    assert.equal(got.code, '2.05');
    assert.deepEqual(got.payload, original);
    assert.equal(g.sha256, sha(original));
  });

  test('a flood of GETs for firmware URLs that cannot serve (a wrong token, a used one) is cut like any flood', async () => {
    const used = c.sb.hostFirmware(Buffer.from('x'), 'a.bin');
    assert.equal((await coapGet(used.urls.coap!)).code, '2.05');
    const port = Number(c.sb.lwm2mUri!.split(':').pop());
    const s = createSocket('udp4');
    await new Promise<void>((r) => s.bind(0, '127.0.0.1', () => r()));
    try {
      const paths = [used.path, `/fw/${randomBytes(16).toString('base64url')}/a.bin`];
      let mid = 0;
      const cut = async () => (await coapLog()).some((l) => /refused from 127\.0\.0\.1: flood: more than \d+ packets a second from one port/.test(l));
      // A flood goes on until it is cut: on a loaded machine the kernel drops what the server has no time to read
      // (a socket buffer holds a few hundred such packets), so a fixed number sent may never reach the burst.
      const deadline = Date.now() + 15_000;
      let sent = 0;
      while (!(await cut())) {
        assert.ok(Date.now() < deadline, `no flood line after ${sent} GETs in 15 s`);
        for (let batch = 0; batch < 10; batch++) {
          for (let i = 0; i < 100; i++) {
            const path = paths[i % 2].split('/').filter(Boolean);
            s.send(generate({ code: '0.01', confirmable: false, messageId: mid++ % 65536, token: randomBytes(4), options: path.map((p) => ({ name: 'Uri-Path' as const, value: Buffer.from(p) })) }), port, '127.0.0.1');
          }
          sent += 100;
          await new Promise((r) => setImmediate(r));
        }
        await new Promise((r) => setTimeout(r, 20));
      }
    } finally {
      await new Promise<void>((r) => s.close(() => r()));
    }
  });
});

test("a servable URL's requests take its own allowance, not the peer's; past it they are the peer's again; the table stays bounded", () => {
  let now = 0;
  const guard = new InputGuard(() => now);
  for (let i = 0; i < PACKET_BURST * 2; i++) assert.equal(guard.admitDownload('token-a'), true, `block ${i}`);
  assert.equal(guard.admit('10.0.0.1', 5683).ok, true, "the peer's own rate untouched by its download");
  let refused = 0;
  for (let i = 0; i < 5000; i++) if (!guard.admitDownload('token-a')) refused++;
  assert.ok(refused > 0, 'a flood on one URL runs out of its allowance');
  now += 1000;
  assert.equal(guard.admitDownload('token-a'), true, 'and it refills with time');
  for (let i = 0; i < 50_000; i++) guard.admitDownload(`token-${i}`);
  const size = (guard as unknown as { buckets: Map<string, unknown> }).buckets.size;
  assert.ok(size <= 20_000, `bounded: ${size} entries`);
});
