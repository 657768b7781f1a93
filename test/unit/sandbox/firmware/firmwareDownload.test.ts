// A simulated device's download over CoAP (node-coap, block-wise) from the sandbox's file server handler.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import type { Socket } from 'node:dgram';
import type { AddressInfo } from 'node:net';
import * as coap from 'coap';
import { FirmwareFiles } from '../../../../src/sandbox/firmware/firmwareFiles';
import { firmwareCoapHandler } from '../../../../src/sandbox/firmware/firmwareCoap';
import { DownloadFailure, fetchFirmware } from '../../../../src/sandbox/firmwareDownload';

test('over CoAP: the whole file block by block; a refused URL is 7; a scheme the device lacks is 9', async () => {
  const files = new FirmwareFiles({ now: () => Date.now() });
  const handle = firmwareCoapHandler(files);
  const server = coap.createServer((req, res) => void handle(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = ((server._sock as Socket).address() as AddressInfo).port;
  try {
    const bytes = randomBytes(50_000);
    const g = files.upload(bytes, 'app.bin');
    const got = await fetchFirmware(`coap://127.0.0.1:${port}${g.path}`, ['coap']);
    assert.deepEqual(Buffer.from(got), bytes);
    await assert.rejects(fetchFirmware(`coap://127.0.0.1:${port}${g.path}`, ['coap']), (e: unknown) => e instanceof DownloadFailure && e.updateResult === 7);
    await assert.rejects(fetchFirmware(`coap://127.0.0.1:${port}${g.path}`, ['http']), (e: unknown) => e instanceof DownloadFailure && e.updateResult === 9);
    await assert.rejects(fetchFirmware('coaps://127.0.0.1/fw/x', ['coaps']), (e: unknown) => e instanceof DownloadFailure && e.updateResult === 9);
    await assert.rejects(fetchFirmware('http://', ['http']), (e: unknown) => e instanceof DownloadFailure && e.updateResult === 7);
  } finally {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
});
