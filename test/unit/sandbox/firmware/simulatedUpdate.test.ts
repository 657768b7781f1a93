// A simulated device updated through the integration, as the extension will do it: write Package URI, follow
// State and Update Result with reads, execute Update once Downloaded, until core's flow gives its verdict.
// The device really downloads the file from the sandbox's file server; each documented failure can be asked for.
import { after, before, describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { GetThingShadowCommand, UpdateThingShadowCommand } from '@aws-sdk/client-iot-data-plane';
import { firmware } from '../../../../src/core/index';
import { nextVersion } from '../../../../src/sandbox/firmwareUpdate';
import { eventually, parsePayload, sandboxWithClients, type Clients } from '../sdkClients';

type Doc = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const enc = (v: unknown) => new TextEncoder().encode(JSON.stringify(v));

describe('sandbox: simulated devices run the Firmware Update state machine', () => {
  let c: Clients;
  const byType = (type: string) => c.sb.fleet.filter((d) => d.connectivity === 'online' && !d.autoNotify && d.thingTypeName === type).map((d) => d.thingName);
  let httpDevices: string[];
  let httpOnly: string;
  const configured = () => httpDevices[httpDevices.length - 1];
  before(async () => {
    c = await sandboxWithClients({ things: 80, seed: 3, timeScale: 0.001, mqtt: false, firmwareFailures: {} });
    httpDevices = byType('nordic:thingy91');
    httpOnly = byType('acme:tracker_v1')[0];
    assert.ok(httpDevices.length >= 12 && httpOnly, `enough devices (${httpDevices.length} thingy91)`);
    await c.close();
    // The last thingy91 is told to lose its connection in every update.
    c = await sandboxWithClients({ things: 80, seed: 3, timeScale: 0.001, mqtt: false, firmwareFailures: { [configured()]: 4 } });
  });
  after(() => c.close());

  const get = async (thingName: string, shadowName?: string): Promise<Doc> => parsePayload((await c.data.send(new GetThingShadowCommand({ thingName, shadowName }))).payload);
  /** Publishes a request and waits for the device's answer (reported newer than the request). */
  const send = async (thingName: string, desired: Doc): Promise<Doc> => {
    const v = parsePayload((await c.data.send(new UpdateThingShadowCommand({ thingName, shadowName: 'operation', payload: enc({ state: { desired } }) }))).payload).version as number;
    return eventually(async () => {
      const doc = await get(thingName, 'operation');
      return doc.version > v && doc.state.reported?.operation ? doc.state.reported : undefined;
    }, `answer on ${thingName}`, 20000, 2);
  };
  const readFirmwareNow = async (thingName: string) => {
    const r = await send(thingName, { operation: 'read', keys: ['Firmware Update.0', 'Device.0.Firmware Version'] });
    return firmware.readFirmware(r.result);
  };

  /** The whole flow, decided by core's reducer; the verdict, and how many reads it took. */
  const update = async (thingName: string, uri: string) => {
    const start = await readFirmwareNow(thingName);
    let s = firmware.startFlow(start);
    const w = await send(thingName, { operation: 'write', keys: ['Firmware Update.0.Package URI'], values: [uri] });
    s = firmware.advance(s, w.failedKeys?.[0] ? { type: 'uriRefused' } : { type: 'uriWritten' });
    const stages: string[] = [s.stage];
    for (let i = 0; i < 400 && !s.verdict; i++) {
      if (firmware.canExecuteUpdate(s)) {
        s = firmware.advance(s, { type: 'updateSent' });
        const e = await send(thingName, { operation: 'execute', keys: ['Firmware Update.0.Update'] });
        if (e.failedKeys?.[0]) s = firmware.advance(s, { type: 'updateRefused' });
      } else {
        const now = await readFirmwareNow(thingName);
        s = firmware.advance(s, { type: 'observed', state: now.state, updateResult: now.updateResult, firmwareVersion: now.firmwareVersion, pkgVersion: now.pkgVersion });
      }
      if (stages[stages.length - 1] !== s.stage) stages.push(s.stage);
    }
    return { verdict: s.verdict, stages, before: start.firmwareVersion };
  };

  test('success: downloaded from the sandbox over HTTP, updated, back with the package\'s version and Update Result 1', async () => {
    const t = httpDevices[0];
    const g = c.sb.hostFirmware(randomBytes(40_000), 'app-1.4.3.bin');
    const r = await update(t, g.urls.http!);
    assert.deepEqual(r.verdict, { kind: 'updated', from: r.before, to: '1.4.3', versionChanged: true });
    // (Downloading is too short at this time scale to be seen reliably; the next test times it.)
    assert.deepEqual(r.stages.filter((x) => x !== 'downloading'), ['writingUri', 'downloaded', 'updating', 'done']);
    assert.equal(firmware.describeVerdict(r.verdict!), `updated: Firmware Version ${r.before} → 1.4.3, Update Result 1 (success)`);
    const dm = (await get(t, 'datamodel')).state.reported;
    assert.equal(dm.Device['0']['Firmware Version'], '1.4.3', 'the re-registration wrote the new version into the datamodel shadow');
    assert.equal(dm['Firmware Update']['0']['Update Result'], '1');
    assert.equal(dm['Firmware Update']['0'].PkgName, 'app-1.4.3');
    assert.equal((await fetch(g.urls.http!)).status, 410, 'the device used up the one-time URL');
  });

  test('a package without a version: the device derives the next one', async () => {
    const t = httpDevices[1];
    const r = await update(t, c.sb.hostFirmware(Buffer.from('build'), 'app.bin').urls.http!);
    assert.deepEqual(r.verdict, { kind: 'updated', from: r.before, to: nextVersion(r.before!), versionChanged: true });
    assert.equal(nextVersion('mfw_nrf9160_1.3.5'), 'mfw_nrf9160_1.3.6');
  });

  test('a VERSION= marker in the file names the version (a CI build whose file is always app.bin)', async () => {
    const r = await update(httpDevices[2], c.sb.hostFirmware(Buffer.from('\x7fELF...VERSION=2.0.0-rc1\n...'), 'app.bin').urls.http!);
    assert.equal((r.verdict as { to?: string }).to, '2.0.0-rc1');
  });

  const downloadFailures: [number, string][] = [[2, 'not enough flash'], [3, 'out of RAM'], [4, 'connection lost during download'], [5, 'integrity check failure'], [6, 'unsupported package type'], [7, 'invalid URI'], [9, 'unsupported protocol']];
  downloadFailures.forEach(([code, name], i) => {
    test(`FAIL=${code} in the package's name: the download ends in Update Result ${code} (${name})`, async () => {
      const r = await update(httpDevices[3 + i], c.sb.hostFirmware(randomBytes(5000), `app-1.4.3-FAIL=${code}.bin`).urls.http!);
      assert.deepEqual(r.verdict, { kind: 'failed', phase: 'download', updateResult: code, firmwareVersion: r.before });
      assert.ok(!r.stages.includes('downloaded'));
    });
  });

  test('FAIL=8 in the file\'s first bytes: downloaded, then the update fails and the old version stays', async () => {
    const r = await update(httpDevices[10], c.sb.hostFirmware(Buffer.from('header FAIL=8 rest'), 'app-9.9.9.bin').urls.http!);
    assert.deepEqual(r.verdict, { kind: 'failed', phase: 'update', updateResult: 8, firmwareVersion: r.before });
    assert.ok(r.stages.includes('downloaded') && r.stages.includes('updating'));
  });

  test('FAIL=11: the device defers the update, then installs it by itself', async () => {
    const r = await update(httpDevices[11], c.sb.hostFirmware(Buffer.from('x'), 'app-3.1.0-FAIL=11.bin').urls.http!);
    assert.deepEqual(r.verdict, { kind: 'updated', from: r.before, to: '3.1.0', versionChanged: true });
    assert.ok(r.stages.includes('deferred'), r.stages.join(' → '));
  });

  test('the sandbox option: a device told to fail in 4 loses every download', async () => {
    const r = await update(configured(), c.sb.hostFirmware(randomBytes(2000), 'app-1.4.3.bin').urls.http!);
    assert.equal(r.verdict?.kind, 'failed');
    assert.equal((r.verdict as { updateResult: number }).updateResult, 4);
  });

  test('as a device would: a wrong token is 7, a scheme it does not speak is 9, a server that is not there is 4', async () => {
    const g = c.sb.hostFirmware(Buffer.from('x'), 'a.bin');
    const t = httpOnly;
    const wrong = await update(t, g.urls.http!.replace(g.token, randomBytes(16).toString('base64url')));
    assert.equal((wrong.verdict as { updateResult: number }).updateResult, 7);
    const coapUri = await update(t, `coap://127.0.0.1:5683${g.path}`);
    assert.equal((coapUri.verdict as { updateResult: number }).updateResult, 9, 'ACME tracker v1 downloads over HTTP only');
    const closed = await new Promise<number>((resolve) => {
      const s = createServer();
      s.listen(0, '127.0.0.1', () => {
        const port = (s.address() as AddressInfo).port;
        s.close(() => resolve(port));
      });
    });
    const gone = await update(t, `http://127.0.0.1:${closed}/fw/app.bin`);
    assert.equal((gone.verdict as { updateResult: number }).updateResult, 4);
  });

  test('Update before the download is refused (failedKeys); an empty Package URI resets State and Update Result', async () => {
    const t = httpDevices[0];
    const e = await send(t, { operation: 'execute', keys: ['Firmware Update.0.Update'] });
    assert.deepEqual(e.failedKeys, ['Firmware Update.0.Update']);
    await send(t, { operation: 'write', keys: ['Firmware Update.0.Package URI'], values: [''] });
    const now = await readFirmwareNow(t);
    assert.deepEqual([now.state, now.updateResult, now.pkgName], [0, 0, '']);
  });

  test('a bad sandbox option is refused at start with the reason', async () => {
    const { startSandbox } = await import('../../../../src/sandbox/index');
    await assert.rejects(startSandbox({ things: 1, firmwareFailures: { x: 1 } }), /firmware failure 1 for x: a simulated device can end an update in 2, 3, 4, 5, 6, 7, 8, 9, 11/);
  });

  test('the download takes as long as the file at the device\'s bandwidth, on the sandbox clock', async () => {
    // 100 KB at 1 KiB/s is about 98 simulated seconds: about 0.98 s at time scale 0.01.
    const slow = await sandboxWithClients({ things: 80, seed: 3, timeScale: 0.01, mqtt: false, firmwareBytesPerSecond: 1024 });
    try {
      const t = slow.sb.fleet.find((d) => d.connectivity === 'online' && !d.autoNotify && d.thingTypeName === 'nordic:thingy91')!.thingName;
      const prev = c;
      c = slow;
      try {
        const g = slow.sb.hostFirmware(randomBytes(100_000), 'app-5.0.0.bin');
        const w = await send(t, { operation: 'write', keys: ['Firmware Update.0.Package URI'], values: [g.urls.http!] });
        const written = Date.now();
        assert.deepEqual(w.failedKeys, ['']);
        assert.equal((await readFirmwareNow(t)).state, 1, 'Downloading right after the write');
        await eventually(async () => ((await readFirmwareNow(t)).state === 2 ? true : undefined), 'State 2', 20000);
        const took = Date.now() - written;
        assert.ok(took >= 600, `downloaded after ${took} ms, not well before the ~980 ms 100 KB take at 1 KiB/s`);
      } finally {
        c = prev;
      }
    } finally {
      await slow.close();
    }
  });
});
