// A sandbox that listens on every interface (`node dist/sandbox.js --lwm2m-host 0.0.0.0`, `--host ::`) hands a
// device firmware URLs naming an address it can reach, not 0.0.0.0: the local address toward the peer the device
// registered from (the address it reaches this machine on); without a registered device, loopback (the simulated
// devices run on this machine). A real client registers over UDP and downloads the coap:// URL it is given.
import { after, describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { createSocket, type Socket } from 'node:dgram';
import { generate, parse, type ParsedPacket } from 'coap-packet';
import { startSandbox, type RunningSandbox } from '../../../../src/sandbox/index';
import { reachable } from '../../../../src/sandbox/lwm2m/localAddress';
import { sandboxFirmwareHost } from '../../../../src/operations/firmware/index';
import { eventually } from '../sdkClients';
import { coapGet } from './coapGet';

/** Registers `ep` from 127.0.0.1 (answers nothing else); resolves once the server answered 2.01 Created. */
async function registerFrom127(serverPort: number, ep: string): Promise<Socket> {
  const s = createSocket('udp4');
  await new Promise<void>((r) => s.bind(0, '127.0.0.1', () => r()));
  const got: ParsedPacket[] = [];
  s.on('message', (m) => {
    try {
      got.push(parse(m));
    } catch {
      // not CoAP
    }
  });
  const query = [`ep=${ep}`, 'lt=60', 'lwm2m=1.1', 'b=U'].map((q) => ({ name: 'Uri-Query' as const, value: Buffer.from(q) }));
  s.send(generate({ code: '0.02', confirmable: true, messageId: 7, token: Buffer.of(1, 2), options: [{ name: 'Uri-Path', value: Buffer.from('rd') }, ...query, { name: 'Content-Format', value: Buffer.of(40) }], payload: Buffer.from('</>;rt="oma.lwm2m",</1/0>,</3/0>,</5/0>') }), serverPort, '127.0.0.1');
  const answer = await eventually(() => got.find((p) => p.ack && p.messageId === 7), 'the Register answer');
  assert.equal(answer.code, '2.01');
  return s;
}

test('a base that names every interface names the given address, else loopback; any other base is kept', () => {
  assert.equal(reachable('coap://0.0.0.0:5683', undefined), 'coap://127.0.0.1:5683');
  assert.equal(reachable('coap://0.0.0.0:5683', '192.0.2.7'), 'coap://192.0.2.7:5683');
  assert.equal(reachable('http://[::]:8080', undefined), 'http://[::1]:8080');
  assert.equal(reachable('http://[::]:8080', 'fd00::7'), 'http://[fd00::7]:8080');
  assert.equal(reachable('http://[::]:8080', '10.1.2.3'), 'http://10.1.2.3:8080', 'a dual-stack listener takes IPv4 too');
  assert.equal(reachable('http://0.0.0.0:8080', 'fd00::7'), 'http://127.0.0.1:8080', 'an IPv4 listener takes no IPv6 address');
  assert.equal(reachable('coap://192.168.1.5:5683', '10.1.2.3'), 'coap://192.168.1.5:5683');
  assert.equal(reachable('http://127.0.0.1:8080', '10.1.2.3'), 'http://127.0.0.1:8080');
});

describe('a sandbox listening on every interface', () => {
  const running: RunningSandbox[] = [];
  const sockets: Socket[] = [];
  after(async () => {
    for (const s of sockets) s.close();
    for (const sb of running) await sb.stop();
  });

  test('--lwm2m-host 0.0.0.0: a registered device is given coap://127.0.0.1:…, which it downloads, never coap://0.0.0.0', async () => {
    const sb = await startSandbox({ things: 0, timeScale: 1, lwm2m: { host: '0.0.0.0', port: 0 } });
    running.push(sb);
    assert.match(sb.lwm2mUri ?? '', /^coap:\/\/0\.0\.0\.0:\d+$/);
    const lwm2mPort = Number(new URL(sb.lwm2mUri!).port);
    sockets.push(await registerFrom127(lwm2mPort, 'reach-1'));
    const bytes = randomBytes(3000);
    const urls = await sandboxFirmwareHost(sb.url).host(bytes, 'app-1.0.1.bin', undefined, 'reach-1');
    assert.match(urls.coap ?? '', new RegExp(`^coap://127\\.0\\.0\\.1:${lwm2mPort}/fw/[A-Za-z0-9_-]{22}/app-1\\.0\\.1\\.bin$`));
    const got = await coapGet(urls.coap!);
    assert.equal(got.code, '2.05');
    assert.deepEqual(got.payload, bytes);
  });

  test('--host :: --lwm2m-host ::: the URLs name the address toward the device (127.0.0.1), loopback ([::1]) for no device', async () => {
    const sb = await startSandbox({ things: 0, timeScale: 1, host: '::', lwm2m: { host: '::', port: 0 } });
    running.push(sb);
    const lwm2mPort = Number(/:(\d+)$/.exec(sb.lwm2mUri ?? '')?.[1]);
    const api = `http://127.0.0.1:${sb.port}`;
    sockets.push(await registerFrom127(lwm2mPort, 'reach-2'));
    const forDevice = await sandboxFirmwareHost(api).host(new Uint8Array([1, 2, 3]), 'a.bin', undefined, 'reach-2');
    assert.match(forDevice.coap ?? '', new RegExp(`^coap://127\\.0\\.0\\.1:${lwm2mPort}/fw/`));
    assert.match(forDevice.http ?? '', new RegExp(`^http://127\\.0\\.0\\.1:${sb.port}/fw/`));
    assert.deepEqual([...new Uint8Array(await (await fetch(forDevice.http!)).arrayBuffer())], [1, 2, 3]);
    const forNone = await sandboxFirmwareHost(api).host(new Uint8Array([4]), 'b.bin', undefined, 'no-such-device');
    assert.match(forNone.coap ?? '', new RegExp(`^coap://\\[::1\\]:${lwm2mPort}/fw/`));
    assert.match(forNone.http ?? '', new RegExp(`^http://\\[::1\\]:${sb.port}/fw/`));
  });
});
