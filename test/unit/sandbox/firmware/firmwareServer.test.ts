// The sandbox's firmware file server: a file uploaded once is served at one-time URLs that expire, over
// HTTP and CoAP Block2, and exactly as uploaded.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { AddressInfo } from 'node:net';
import * as coap from 'coap';
import { startSandbox } from '../../../../src/sandbox/index';
import { FirmwareFiles, FirmwareRefused, FirmwareUploadError, MAX_FIRMWARE_BYTES, urlSafeName } from '../../../../src/sandbox/firmware/firmwareFiles';
import { firmwareCoapHandler } from '../../../../src/sandbox/firmware/firmwareCoap';

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

class FakeClock {
  t = 1_700_000_000_000;
  now() {
    return this.t;
  }
}

test('HTTP: upload through the API, download the same bytes once; a second download, a wrong token are refused', async () => {
  const sb = await startSandbox({ things: 1, mqtt: false });
  try {
    const bytes = randomBytes(300_000);
    const up = await fetch(`${sb.url}/sandbox/firmware?name=app-1.4.3.bin&ttlSeconds=600`, { method: 'POST', body: bytes });
    assert.equal(up.status, 201, await up.clone().text());
    const grant = (await up.json()) as { urls: { http: string; coap?: string }; size: number; sha256: string; expiresAt: number; name: string };
    assert.equal(grant.size, bytes.length);
    assert.equal(grant.sha256, sha(bytes));
    assert.equal(grant.name, 'app-1.4.3.bin');
    assert.match(grant.urls.http, new RegExp(`^${sb.url}/fw/[A-Za-z0-9_-]{22}/app-1\\.4\\.3\\.bin$`));
    assert.equal(grant.urls.coap, undefined, 'no CoAP URL without the sandbox\'s CoAP server');
    assert.ok(Math.abs(grant.expiresAt - (Date.now() + 600_000)) < 5000);

    const got = await fetch(grant.urls.http);
    assert.equal(got.status, 200);
    assert.equal(got.headers.get('content-type'), 'application/octet-stream');
    assert.equal(sha(new Uint8Array(await got.arrayBuffer())), grant.sha256);

    const again = await fetch(grant.urls.http);
    assert.equal(again.status, 410);
    assert.match(((await again.json()) as { message: string }).message, /already served its download/);

    const wrong = await fetch(grant.urls.http.replace(/\/fw\/[^/]+\//, `/fw/${randomBytes(16).toString('base64url')}/`));
    assert.equal(wrong.status, 404);
  } finally {
    await sb.stop();
  }
});

test('HTTP: a device can resume with Range; the URL is used up only once every byte went out', async () => {
  const sb = await startSandbox({ things: 1, mqtt: false });
  try {
    const bytes = randomBytes(10_000);
    const g = sb.hostFirmware(bytes, 'app.bin');
    const first = await fetch(g.urls.http!, { headers: { range: 'bytes=0-3999' } });
    assert.equal(first.status, 206);
    assert.equal(first.headers.get('content-range'), 'bytes 0-3999/10000');
    const a = Buffer.from(await first.arrayBuffer());
    const rest = await fetch(g.urls.http!, { headers: { range: 'bytes=4000-' } });
    assert.equal(rest.status, 206);
    const b = Buffer.from(await rest.arrayBuffer());
    assert.deepEqual(Buffer.concat([a, b]), bytes);
    assert.equal((await fetch(g.urls.http!)).status, 410);
  } finally {
    await sb.stop();
  }
});

test('HTTP: an upload larger than the other APIs take is accepted; empty and oversized ones are refused with the reason', async () => {
  const sb = await startSandbox({ things: 1, mqtt: false });
  try {
    const big = randomBytes(3 * 1024 * 1024);
    const up = await fetch(`${sb.url}/sandbox/firmware?name=big.bin`, { method: 'POST', body: big });
    assert.equal(up.status, 201);
    const empty = await fetch(`${sb.url}/sandbox/firmware`, { method: 'POST', body: new Uint8Array(0) });
    assert.equal(empty.status, 400);
    assert.match(((await empty.json()) as { message: string }).message, /empty/);
    const badTtl = await fetch(`${sb.url}/sandbox/firmware?ttlSeconds=-5`, { method: 'POST', body: Buffer.from('x') });
    assert.equal(badTtl.status, 400);
    const tooBig = await fetch(`${sb.url}/sandbox/firmware`, { method: 'POST', body: new Uint8Array(MAX_FIRMWARE_BYTES + 1) });
    assert.equal(tooBig.status, 413);
  } finally {
    await sb.stop();
  }
});

test('a file changed on disk after upload: the URL serves what was uploaded', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'fw-'));
  const sb = await startSandbox({ things: 1, mqtt: false });
  try {
    const file = path.join(dir, 'app.bin');
    writeFileSync(file, 'version 1.4.3 build');
    const uploaded = readFileSync(file);
    const g = sb.hostFirmware(uploaded, file);
    assert.equal(g.name, 'app.bin', 'the directory is not part of the URL');
    writeFileSync(file, 'version 1.4.4 build, rebuilt meanwhile');
    uploaded.fill(0); // and the caller's buffer reused
    const got = await fetch(g.urls.http!);
    assert.equal(await got.text(), 'version 1.4.3 build');
    assert.equal(g.sha256, sha(Buffer.from('version 1.4.3 build')));
  } finally {
    await sb.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a URL expires: refused after its lifetime even if never used; the file is then dropped', () => {
  const clock = new FakeClock();
  const files = new FirmwareFiles(clock);
  const g = files.upload(Buffer.from('abc'), 'a.bin', 60);
  assert.equal(files.open(g.path).bytes.toString(), 'abc');
  clock.t += 59_999;
  assert.ok(files.open(g.path));
  clock.t += 1;
  assert.throws(() => files.open(g.path), (e: unknown) => e instanceof FirmwareRefused && e.reason === 'expired');
  assert.deepEqual(files.stored, { files: 0, bytes: 0 });
  assert.throws(() => files.grant(g.fileId), FirmwareUploadError);
});

test('a second URL for the same file works on its own; names are made safe for a URL path', () => {
  const files = new FirmwareFiles(new FakeClock());
  const a = files.upload(Buffer.from('xyz'), 'a.bin');
  const b = files.grant(a.fileId, 30);
  assert.notEqual(a.token, b.token);
  files.delivered(a.token, 0, 3);
  assert.throws(() => files.open(a.path), (e: unknown) => e instanceof FirmwareRefused && e.reason === 'used');
  assert.equal(files.open(b.path).bytes.toString(), 'xyz');
  assert.equal(urlSafeName('../../etc/passwd'), 'passwd');
  assert.equal(urlSafeName('my app,v2 (FAIL=5).bin'), 'my_app_v2__FAIL=5_.bin');
  assert.equal(urlSafeName('..'), 'firmware.bin');
  assert.equal(urlSafeName('.hidden'), '_hidden');
});

test('memory is bounded: uploads past the total are refused until URLs are used up', () => {
  const files = new FirmwareFiles(new FakeClock());
  const chunk = Buffer.alloc(MAX_FIRMWARE_BYTES);
  const grants = [1, 2, 3, 4].map((i) => files.upload(chunk, `f${i}.bin`));
  assert.throws(() => files.upload(Buffer.alloc(1), 'one-more.bin'), (e: unknown) => e instanceof FirmwareUploadError && e.status === 507);
  files.delivered(grants[0].token, 0, MAX_FIRMWARE_BYTES);
  assert.ok(files.upload(Buffer.alloc(1), 'one-more.bin'));
});

async function coapServer(files: FirmwareFiles): Promise<{ port: number; close(): Promise<void> }> {
  const handle = firmwareCoapHandler(files);
  const server = coap.createServer((req, res) => {
    if (!handle(req, res)) {
      res.code = '4.04';
      res.end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = ((server._sock as import('node:dgram').Socket).address() as AddressInfo).port;
  return { port, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

function coapGet(port: number, pathname: string, options: { block2?: Buffer } = {}): Promise<{ code: string; payload: Buffer; blocks: number }> {
  return new Promise((resolve, reject) => {
    const req = coap.request({ hostname: '127.0.0.1', port, pathname, method: 'GET', agent: new coap.Agent({ type: 'udp4' }) });
    if (options.block2) req.setOption('Block2', options.block2);
    req.on('response', (res: coap.IncomingMessage) => resolve({ code: res.code, payload: res.payload, blocks: 0 }));
    req.on('error', reject);
    req.end();
  });
}

test('CoAP Block2: a node-coap client downloads the whole file block by block, then the URL is used up', async () => {
  const files = new FirmwareFiles(new FakeClock());
  const srv = await coapServer(files);
  try {
    const bytes = randomBytes(20_000 + 17);
    const g = files.upload(bytes, 'app.bin');
    const got = await coapGet(srv.port, g.path);
    assert.equal(got.code, '2.05');
    assert.equal(sha(got.payload), sha(bytes));
    const again = await coapGet(srv.port, g.path);
    assert.equal(again.code, '4.03');
    assert.match(again.payload.toString(), /already served/);
    const unknown = await coapGet(srv.port, `/fw/${randomBytes(16).toString('base64url')}/app.bin`);
    assert.equal(unknown.code, '4.04');
    assert.equal((await coapGet(srv.port, '/not-firmware')).code, '4.04');
  } finally {
    await srv.close();
  }
});

test('CoAP Block2: a device asking for 64-byte blocks gets them; a block past the end is 4.02; expired is 4.03', async () => {
  const clock = new FakeClock();
  const files = new FirmwareFiles(clock);
  const srv = await coapServer(files);
  try {
    const bytes = randomBytes(200);
    const g = files.upload(bytes, 'small.bin', 10);
    // SZX 2 = 64 bytes, block 3 is the last (bytes 192..199)
    const last = await coapGet(srv.port, g.path, { block2: Buffer.of((3 << 4) | 2) });
    assert.equal(last.code, '2.05');
    assert.deepEqual(last.payload, bytes.subarray(192));
    const past = await coapGet(srv.port, g.path, { block2: Buffer.of((4 << 4) | 2) });
    assert.equal(past.code, '4.02');
    const whole = await coapGet(srv.port, g.path, { block2: Buffer.of(2) });
    assert.deepEqual(whole.payload, bytes, 'the client follows 64-byte blocks to the end');
    assert.equal((await coapGet(srv.port, g.path)).code, '4.03', 'used up once the last block went out after all others');
    const g2 = files.upload(bytes, 'small.bin', 10);
    clock.t += 10_000;
    assert.equal((await coapGet(srv.port, g2.path)).code, '4.03');
  } finally {
    await srv.close();
  }
});
