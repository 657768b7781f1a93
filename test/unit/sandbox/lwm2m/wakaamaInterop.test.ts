// Interoperability against Eclipse Wakaama's lwm2mclient, a real LwM2M client process: it registers with the
// sandbox's LwM2M server and becomes a thing with its shadows; operations written into its operation shadow (real
// AWS SDK) reach it as LwM2M requests and come back as results, notifications and registration changes.
import { after, before, describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { DescribeThingCommand, ListThingsCommand } from '@aws-sdk/client-iot';
import { GetThingShadowCommand, UpdateThingShadowCommand } from '@aws-sdk/client-iot-data-plane';
import { FilterLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { COAP_LOG_GROUP } from '../../../../src/sandbox/index';
import { eventually, parsePayload, sandboxWithClients, type Clients } from '../sdkClients';
import { NO_CLIENT, WakaamaClient, findClient } from './wakaamaClient';

type Doc = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const client = findClient();
const enc = (v: unknown) => new TextEncoder().encode(JSON.stringify(v));
const TYPE = 'Open_Mobile_Alliance:Lightweight_M2M_Client';

describe('LwM2M server: interoperability with Wakaama lwm2mclient', { skip: client ? false : NO_CLIENT }, () => {
  let c: Clients;
  let port: number;
  const running: WakaamaClient[] = [];
  let n = 0;
  before(async () => {
    c = await sandboxWithClients({ things: 0, timeScale: 0.01, lwm2m: { exchangeLifetimeMs: 3000 } });
    assert.match(c.sb.lwm2mUri!, /^coap:\/\/127\.0\.0\.1:\d+$/);
    port = Number(c.sb.lwm2mUri!.split(':').pop());
  });
  after(async () => {
    await Promise.all(running.map((r) => r.kill()));
    await c?.close();
  });

  const start = async (o: { lifetime?: number; blockSize?: number; cbor?: boolean } = {}) => {
    const endpoint = `wakaama-${process.pid}-${++n}`;
    const w = await WakaamaClient.start(o.cbor ? client!.cbor! : client!.plain, { serverPort: port, endpoint, ...o });
    running.push(w);
    return w;
  };
  const get = async (thingName: string, shadowName?: string): Promise<Doc> => parsePayload((await c.data.send(new GetThingShadowCommand({ thingName, shadowName }))).payload);
  const ready = (thingName: string) => eventually(async () => {
    const dm = await get(thingName, 'datamodel').catch(() => undefined);
    return dm?.state.reported.Device ? dm : undefined;
  }, `${thingName} registered with its datamodel`, 10_000);
  const publish = async (thingName: string, desired: Doc): Promise<number> =>
    parsePayload((await c.data.send(new UpdateThingShadowCommand({ thingName, shadowName: 'operation', payload: enc({ state: { desired } }) }))).payload).version as number;
  const result = (thingName: string, version: number, timeoutMs = 8000) => eventually(async () => {
    const doc = await get(thingName, 'operation');
    return doc.version > version && doc.state.reported?.operation ? doc.state.reported : undefined;
  }, `result on ${thingName}`, timeoutMs);
  const coapLog = async (): Promise<string[]> => ((await c.logs.send(new FilterLogEventsCommand({ logGroupName: COAP_LOG_GROUP }))).events ?? []).map((e) => e.message!);

  test('register → a thing of the device type, protocol=LwM2M, classic shadow with the documented fields, datamodel of the objects read, empty operation shadow', async (t) => {
    const t0 = performance.now();
    const w = await start({ lifetime: 60 });
    const listed = await eventually(async () => {
      const things = (await c.iot.send(new ListThingsCommand({}))).things ?? [];
      return things.find((t) => t.thingName === w.endpoint);
    }, 'thing listed', 10_000, 5);
    const listedMs = performance.now() - t0;
    assert.equal(listed.thingTypeName, TYPE);
    assert.deepEqual(listed.attributes, { protocol: 'LwM2M' });
    assert.equal((await c.iot.send(new DescribeThingCommand({ thingName: w.endpoint }))).thingTypeName, TYPE);
    const dm = (await ready(w.endpoint)).state.reported;
    assert.equal(dm.Device['0'].Manufacturer, 'Open Mobile Alliance');
    assert.equal(dm.Device['0']['Model Number'], 'Lightweight M2M Client');
    assert.deepEqual(dm.Device['0'].Reboot, { noValue: true });
    assert.deepEqual(Object.keys(dm['31024']).sort(), ['10', '11', '12'], 'an object the registry does not know is named by its number');
    assert.equal(dm['LwM2M Server']['0'].Lifetime, '60');
    assert.equal(dm['LwM2M Security'], undefined, 'the Security object (keys) is never read');
    const classic = (await get(w.endpoint)).state.reported;
    assert.equal(classic.registered, true);
    assert.match(classic.lastRegisterUpdate, /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3}$/);
    assert.equal(classic.lwm2mVersion, '1.1');
    assert.equal(classic.registeredLifeTime, '60');
    assert.equal(classic.registeredMode, 'U');
    assert.equal(classic.registeredQueueMode, 'false');
    assert.equal(classic.lwm2mServerObjectInstance, '0');
    assert.equal(classic.lwm2mUri, c.sb.lwm2mUri);
    assert.equal(classic.registeredObjects, '/1/0,/2/0,/3/0,/4/0,/5/0,/6/0,/7/0,/31024/10,/31024/11,/31024/12');
    assert.deepEqual((await get(w.endpoint, 'operation')).state, {});
    const info = c.sb.lwm2mClients().find((x) => x.endpoint === w.endpoint)!;
    assert.equal(info.address, `127.0.0.1:${w.localPort}`);
    assert.equal(c.sb.device(w.endpoint)?.lwm2m?.lwm2mVersion, '1.1');
    const log = await coapLog();
    assert.ok(log.some((l) => l.startsWith(`127.0.0.1:${w.localPort} → server POST /rd?`) && l.includes(' · 2.01 · ')), 'the Register is in the CoAP log');
    assert.ok(log.some((l) => /server → 127\.0\.0\.1:\d+ GET \/3 · 2\.05 · Accept 110/.test(l)), 'requests carry an explicit Accept');
    t.diagnostic(`register → thing listed: ${listedMs.toFixed(0)} ms (client start included)`);
  });

  test('read from the operation shadow: values as strings in reported.result, failedKeys, republished into the datamodel', async () => {
    const w = await start();
    await ready(w.endpoint);
    const v = await publish(w.endpoint, { operation: 'read', keys: ['Device.0.Battery Level', 'Device.0.Manufacturer', 'Temperature.0.Sensor Value'] });
    const r = await result(w.endpoint, v);
    assert.equal(r.operation, 'read');
    assert.deepEqual(r.failedKeys, ['Temperature.0.Sensor Value']);
    assert.deepEqual(r.result, { Device: { '0': { 'Battery Level': '100', Manufacturer: 'Open Mobile Alliance' } } });
  });

  test('write (typed from the registry) reaches the device; an Update refreshes the classic shadow', async () => {
    const w = await start();
    await ready(w.endpoint);
    const v = await publish(w.endpoint, { operation: 'write', keys: ['Device.0.UTC Offset', 'LwM2M Server.0.Lifetime', 'Device.0.Manufacturer'], values: ['+02:00', 45, 'x'] });
    const r = await result(w.endpoint, v);
    assert.deepEqual(r.failedKeys, ['Device.0.Manufacturer'], 'a read-only resource is refused by the device');
    assert.deepEqual(r.result, { Device: { '0': { 'UTC Offset': '+02:00' } }, 'LwM2M Server': { '0': { Lifetime: '45' } } });
    const v2 = await publish(w.endpoint, { operation: 'read', keys: ['Device.0.UTC Offset'] });
    assert.equal((await result(w.endpoint, v2)).result.Device['0']['UTC Offset'], '+02:00');
    const before = (await get(w.endpoint)).state.reported.lastRegisterUpdate;
    w.command('update 123');
    // Wakaama keeps the lifetime it registered with (it reads its Server object only at start).
    const classic = await eventually(async () => {
      const r = (await get(w.endpoint)).state.reported;
      return r.lastRegisterUpdate > before ? r : undefined;
    }, 'the Update in the classic shadow');
    assert.equal(classic.registered, true);
    assert.equal(classic.registeredLifeTime, '60');
    const log = await coapLog();
    assert.ok(log.some((l) => new RegExp(`^127\\.0\\.0\\.1:${w.localPort} → server POST /rd/[0-9a-f]+(\\?\\S*)? · 2\\.04`).test(l)), log.filter((l) => l.includes('/rd')).join('\n'));
  });

  test('execute with and without arguments; a resource that is not executable fails', async () => {
    const w = await start();
    await ready(w.endpoint);
    const v = await publish(w.endpoint, { operation: 'execute', keys: ['31024.10.2'], arguments: "0='fw.bin',1" });
    assert.deepEqual((await result(w.endpoint, v)).failedKeys, ['']);
    const v2 = await publish(w.endpoint, { operation: 'execute', keys: ['Device.0.Manufacturer'] });
    assert.deepEqual((await result(w.endpoint, v2)).failedKeys, ['Device.0.Manufacturer']);
    assert.ok((await coapLog()).some((l) => l.includes('POST /31024/10/2 · 2.04')));
  });

  test('observe with attributes (Write-Attributes, then Observe): notifications update the datamodel shadow until cancelObserve', async () => {
    const w = await start();
    await ready(w.endpoint);
    const key = 'Device.0.Current Time';
    const v = await publish(w.endpoint, { operation: 'observe', keys: [key], attributes: [{ pmin: 1, pmax: 1 }] });
    const r = await result(w.endpoint, v);
    assert.equal(r.operation, 'observe');
    assert.deepEqual(r.failedKeys, ['']);
    assert.deepEqual(c.sb.device(w.endpoint)!.observations, [key]);
    const first = (await get(w.endpoint, 'datamodel')).state.reported.Device['0']['Current Time'];
    await eventually(async () => ((await get(w.endpoint, 'datamodel')).state.reported.Device['0']['Current Time'] !== first ? true : undefined), 'a notification', 8000, 50);
    const log = await coapLog();
    assert.ok(log.some((l) => l.includes('PUT /3/0/13?pmin=1&pmax=1 · 2.04')), 'attributes were written first');
    assert.ok(log.some((l) => l.includes('(notify) /3/0/13 · 2.05')), 'notifications are logged');
    const v2 = await publish(w.endpoint, { operation: 'cancelObserve', keys: [key] });
    assert.deepEqual((await result(w.endpoint, v2)).failedKeys, ['']);
    assert.deepEqual(c.sb.device(w.endpoint)!.observations, []);
    const v3 = await publish(w.endpoint, { operation: 'cancelObserve', keys: [key] });
    assert.deepEqual((await result(w.endpoint, v3)).failedKeys, [key], 'nothing left to cancel');
  });

  test('writeAttributes sets and clears attributes on the device', async () => {
    const w = await start();
    await ready(w.endpoint);
    const v = await publish(w.endpoint, { operation: 'writeAttributes', keys: ['Device.0.Battery Level'], attributes: [{ pmin: 5, pmax: 50 }] });
    assert.deepEqual((await result(w.endpoint, v)).failedKeys, ['']);
    const v2 = await publish(w.endpoint, { operation: 'writeAttributes', keys: ['Device.0.Battery Level'], attributes: [{ pmax: null }] });
    assert.deepEqual((await result(w.endpoint, v2)).failedKeys, ['']);
    const log = await coapLog();
    assert.ok(log.some((l) => l.includes('PUT /3/0/9?pmin=5&pmax=50 · 2.04')));
    assert.ok(log.some((l) => l.includes('PUT /3/0/9?pmax · 2.04')));
  });

  test('readComposite goes as FETCH / with SenML; Wakaama has no composite operations, so the keys fail (no hang)', async () => {
    const w = await start();
    await ready(w.endpoint);
    const v = await publish(w.endpoint, { operation: 'readComposite', keys: ['Device.0.Manufacturer', 'LwM2M Server.0.Lifetime'] });
    const r = await result(w.endpoint, v);
    assert.deepEqual(r.failedKeys, ['Device.0.Manufacturer', 'LwM2M Server.0.Lifetime']);
    assert.ok((await coapLog()).some((l) => /server → 127\.0\.0\.1:\d+ FETCH \/ · .* · Accept 110 · ct 110 · \d+ B/.test(l)));
  });

  test('LwM2M Send (POST /dp) updates the datamodel shadow', async () => {
    const w = await start();
    const before = (await ready(w.endpoint)).state.reported.Device['0']['Current Time'];
    await eventually(async () => {
      w.command('send 123 /3/0/13');
      const dm = (await get(w.endpoint, 'datamodel')).state.reported;
      return dm.Device['0']['Current Time'] !== before ? true : undefined;
    }, 'the sent value in the datamodel', 8000, 1100);
    assert.ok((await coapLog()).some((l) => l.startsWith(`127.0.0.1:${w.localPort} → server POST /dp · 2.04 · ct 110`)));
  });

  test('-S 16: the Register arrives in 16-byte blocks (2.31 Continue) and large reads come back block-wise', async () => {
    const w = await start({ blockSize: 16 });
    const dm = (await ready(w.endpoint)).state.reported;
    assert.equal(dm.Device['0'].Manufacturer, 'Open Mobile Alliance');
    const v = await publish(w.endpoint, { operation: 'read', keys: ['Device.0'] });
    const r = await result(w.endpoint, v);
    assert.equal(r.result.Device['0']['Model Number'], 'Lightweight M2M Client');
  });

  test('the SenML CBOR build is asked in SenML CBOR (Accept 112)', { skip: client?.cbor ? false : 'no SenML CBOR build beside lwm2mclient' }, async () => {
    const w = await start({ cbor: true });
    const dm = (await ready(w.endpoint)).state.reported;
    assert.equal(dm.Device['0'].Manufacturer, 'Open Mobile Alliance');
    const v = await publish(w.endpoint, { operation: 'read', keys: ['Device.0.Serial Number'] });
    assert.equal((await result(w.endpoint, v)).result.Device['0']['Serial Number'], '345000123');
    assert.ok((await coapLog()).some((l) => l.includes(`127.0.0.1:${w.localPort} GET /3/0/2 · 2.05 · Accept 112 · ct 112`)));
  });

  test('de-register (quit): the classic shadow says registered false', async () => {
    const w = await start();
    await ready(w.endpoint);
    await w.quit();
    await eventually(async () => ((await get(w.endpoint)).state.reported.registered === false ? true : undefined), 'registered false');
    assert.equal(c.sb.device(w.endpoint)?.connectivity, 'offline');
  });

  test('lifetime expiry: a device that dies without de-registering is not registered once its lifetime passes', async () => {
    const w = await start({ lifetime: 2 });
    await ready(w.endpoint);
    await w.kill();
    await eventually(async () => ((await get(w.endpoint)).state.reported.registered === false ? true : undefined), 'registration expired', 8000, 50);
    assert.ok((await coapLog()).some((l) => l.startsWith(`${w.endpoint} lifetime of 2 s ran out`)));
  });

  test('a device that stops answering ends in failedKeys after the exchange lifetime, never a hang', async () => {
    const w = await start();
    await ready(w.endpoint);
    w.signal('SIGSTOP');
    try {
      const v = await publish(w.endpoint, { operation: 'read', keys: ['Device.0.Battery Level'] });
      const r = await result(w.endpoint, v, 10_000);
      assert.deepEqual(r.failedKeys, ['Device.0.Battery Level']);
      assert.ok((await coapLog()).some((l) => l.includes('GET /3/0/9 · no answer within 3 s')));
    } finally {
      w.signal('SIGCONT');
    }
  });
});
