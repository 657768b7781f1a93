// The simulated Coiote DM integration behind the sandbox's shadows, driven through the real SDK as a
// user would: write a request into the operation shadow's desired, watch reported, the datamodel
// shadow, the classic shadow and the Lambda's log group.
import { after, before, describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { GetThingShadowCommand, UpdateThingShadowCommand } from '@aws-sdk/client-iot-data-plane';
import { FilterLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { TASK_LOG_GROUP } from '../../../src/sandbox/lambda';
import { parseCoioteTime } from '../../../src/sandbox/classicShadow';
import { eventually, parsePayload, sandboxWithClients, type Clients } from './sdkClients';

type Doc = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const enc = (v: unknown) => new TextEncoder().encode(JSON.stringify(v));

describe('sandbox: the simulated integration (real SDK)', () => {
  let c: Clients;
  let online: string[];
  let queue: string[];
  let offline: string[];
  let autoNotify: string;
  before(async () => {
    c = await sandboxWithClients({ things: 60, seed: 11, timeScale: 0.01, taskLog: true });
    // Devices of these types always have Device, LwM2M Server 1 and Temperature 0.
    const full = new Set(['acme:tracker_v2', 'nordic:thingy91', 'acme:env_sensor']);
    online = c.sb.fleet.filter((d) => d.connectivity === 'online' && !d.autoNotify && full.has(d.thingTypeName ?? '')).map((d) => d.thingName);
    queue = c.sb.fleet.filter((d) => d.connectivity === 'queue' && !d.autoNotify).map((d) => d.thingName);
    offline = c.sb.fleet.filter((d) => d.connectivity === 'offline').map((d) => d.thingName);
    autoNotify = c.sb.fleet.find((d) => d.autoNotify)!.thingName;
    assert.ok(online.length >= 8 && queue.length >= 2 && offline.length >= 2);
  });
  after(() => c.close());

  const get = async (thingName: string, shadowName?: string): Promise<Doc> => parsePayload((await c.data.send(new GetThingShadowCommand({ thingName, shadowName }))).payload);
  const publish = async (thingName: string, desired: Doc): Promise<number> => {
    const r = parsePayload((await c.data.send(new UpdateThingShadowCommand({ thingName, shadowName: 'operation', payload: enc({ state: { desired } }) }))).payload);
    return r.version as number;
  };
  /** The operation shadow once the device has answered the request published at `version`. */
  const result = (thingName: string, version: number, timeoutMs = 5000) =>
    eventually(async () => {
      const doc = await get(thingName, 'operation');
      return doc.version > version && doc.state.reported?.operation ? doc : undefined;
    }, `result on ${thingName}`, timeoutMs);
  const lambdaEvents = async () => (await c.logs.send(new FilterLogEventsCommand({ logGroupName: '/aws/lambda/Lwm2mOperation' }))).events!;
  const lambdaLines = async (): Promise<string[]> => (await lambdaEvents()).map((e) => e.message!);
  /** Waits for the Lambda's refusal line, then checks the invocation ended and nothing reached the device. */
  const refused = async (thingName: string, desired: Doc, line: RegExp) => {
    const v = await publish(thingName, desired);
    const events = await eventually(async () => {
      const l = await lambdaEvents();
      return l.some((x) => line.test(x.message!)) ? l : undefined;
    }, `log line ${line}`);
    // Concurrent invocations log to separate streams: read on in the refusal's own stream.
    const hit = events.find((x) => line.test(x.message!))!;
    const lines = events.filter((x) => x.logStreamName === hit.logStreamName).map((x) => x.message!);
    const i = lines.indexOf(hit.message!);
    assert.match(lines[i - 1], /^START RequestId: /);
    assert.match(lines[i + 1], /^END RequestId: /);
    assert.match(lines[i + 2], /^REPORT RequestId: .*\tDuration: [\d.]+ ms\tBilled Duration: \d+ ms\tMemory Size: 128 MB/);
    assert.equal(c.sb.device(thingName)!.pending, 0);
    assert.equal((await get(thingName, 'operation')).version, v, 'no result was written');
  };

  test('the update reply is AWS\'s own (accepted, version incremented); read answers later with values and failedKeys', async () => {
    const t = online[0];
    const before = (await get(t, 'operation')).version;
    const v = await publish(t, { operation: 'read', keys: ['Device.0.Battery Level', 'Temperature.0', 'Device.0.No Such Resource', 'Device.0.Reboot'] });
    assert.equal(v, before + 1);
    const doc = await result(t, v);
    const r = doc.state.reported;
    assert.equal(r.operation, 'read');
    assert.deepEqual(r.failedKeys, ['Device.0.No Such Resource', 'Device.0.Reboot']);
    assert.match(r.result.Device['0']['Battery Level'], /^\d+$/);
    assert.equal(r.result.Temperature['0']['Sensor Units'], 'Cel');
    assert.equal(typeof r.result.Temperature['0']['Sensor Value'], 'string');
    assert.equal(r.result.Temperature['0']['Reset Min and Max Measured Values'], undefined, 'executables are not read');
    // OperationResponse republishes the result into the datamodel shadow.
    await eventually(async () => {
      const dm = await get(t, 'datamodel');
      return dm.state.reported.Device['0']['Battery Level'] === r.result.Device['0']['Battery Level'] && dm.version > 1 ? dm : undefined;
    }, 'datamodel republish');
    // A request the Lambda forwards prints nothing: its invocation is START, END and REPORT only.
    const lines = await lambdaLines();
    const start = lines.findIndex((l) => /^START RequestId: ([0-9a-f-]{36}) Version: \$LATEST\n$/.test(l));
    assert.ok(start >= 0, lines.join(''));
    const id = lines[start].split(' ')[2];
    assert.deepEqual(lines.slice(start + 1, start + 3).map((l) => l.split('\t')[0]), [`END RequestId: ${id}\n`, `REPORT RequestId: ${id}`]);
  });

  test('read of "all" returns the whole data model with failedKeys [""]', async () => {
    const t = online[1];
    const v = await publish(t, { operation: 'read', keys: ['all'] });
    const r = (await result(t, v)).state.reported;
    assert.deepEqual(r.failedKeys, ['']);
    assert.ok(r.result.Device && r.result['LwM2M Server'] && r.result['Connectivity Monitoring']);
  });

  test('write changes typed values, refuses read-only and mistyped ones, and the device re-registers a new lifetime', async () => {
    const t = online[2];
    const v = await publish(t, {
      operation: 'write',
      keys: ['LwM2M Server.1.Lifetime', 'Device.0.Timezone', 'Device.0.Manufacturer', 'Device.0.Current Time'],
      values: [300, 'Europe/Warsaw', 'Evil Corp', 'not-a-time'],
    });
    const r = (await result(t, v)).state.reported;
    assert.equal(r.operation, 'write');
    assert.deepEqual(r.failedKeys, ['Device.0.Manufacturer', 'Device.0.Current Time']);
    assert.deepEqual(r.result, { 'LwM2M Server': { '1': { Lifetime: '300' } }, Device: { '0': { Timezone: 'Europe/Warsaw' } } });
    await eventually(async () => ((await get(t)).state.reported.registeredLifeTime === '300' ? true : undefined), 'classic lifetime 300');
    await eventually(async () => ((await get(t, 'datamodel')).state.reported['LwM2M Server']['1'].Lifetime === '300' ? true : undefined), 'datamodel Lifetime 300');
    const v2 = await publish(t, { operation: 'read', keys: ['Device.0.Timezone'] });
    assert.equal((await result(t, v2)).state.reported.result.Device['0'].Timezone, 'Europe/Warsaw');
  });

  test('a value with a comma is split by the Lambda, so Coiote cannot pair keys and values: every key fails', async () => {
    const t = online[3];
    const v = await publish(t, { operation: 'write', keys: ['Device.0.Timezone', 'Device.0.UTC Offset'], values: ['Europe/Warsaw,x', '+02:00'] });
    const r = (await result(t, v)).state.reported;
    assert.deepEqual(r.failedKeys, ['Device.0.Timezone', 'Device.0.UTC Offset']);
  });

  test('execute Device Reboot: acknowledged, then the device registers again (classic shadow updated)', async () => {
    const t = online[4];
    const before = await get(t);
    const v = await publish(t, { operation: 'execute', keys: ['Device.0.Reboot'] });
    const r = (await result(t, v)).state.reported;
    assert.equal(r.operation, 'execute');
    assert.deepEqual(r.failedKeys, ['']);
    const afterDoc = await eventually(async () => {
      const d = await get(t);
      return d.state.reported.lastRegisterUpdate !== before.state.reported.lastRegisterUpdate ? d : undefined;
    }, 're-registration');
    assert.ok(parseCoioteTime(afterDoc.state.reported.lastRegisterUpdate) > parseCoioteTime(before.state.reported.lastRegisterUpdate));
    assert.equal(afterDoc.state.reported.registered, true);
    const v2 = await publish(t, { operation: 'execute', keys: ['Device.0.Manufacturer'] });
    assert.deepEqual((await result(t, v2)).state.reported.failedKeys, ['Device.0.Manufacturer']);
  });

  test('observe sends notifications into the datamodel shadow honouring pmin/pmax until cancelObserve', async () => {
    const t = online[5];
    const key = 'Device.0.Current Time';
    const v = await publish(t, { operation: 'observe', keys: [key, 'Nope.0.Nothing'], attributes: [{ pmin: 1, pmax: 2 }, {}] });
    const r = (await result(t, v)).state.reported;
    assert.equal(r.operation, 'observe');
    assert.deepEqual(r.failedKeys, ['Nope.0.Nothing']);
    assert.deepEqual(c.sb.device(t)!.observations, [key]);
    const start = (await get(t, 'datamodel')).version;
    const seen = new Set<string>();
    await eventually(async () => {
      const dm = await get(t, 'datamodel');
      seen.add(dm.state.reported.Device['0']['Current Time']);
      return dm.version >= start + 3 ? dm : undefined;
    }, 'three notifications');
    const v2 = await publish(t, { operation: 'cancelObserve', keys: [key] });
    assert.deepEqual((await result(t, v2)).state.reported.failedKeys, ['']);
    assert.deepEqual(c.sb.device(t)!.observations, []);
    const v3 = await publish(t, { operation: 'cancelObserve', keys: [key] });
    assert.deepEqual((await result(t, v3)).state.reported.failedKeys, [key], 'nothing left to cancel');
  });

  test('writeAttributes sets attributes of known keys; unknown keys land in failedKeys', async () => {
    const t = online[6];
    const v = await publish(t, { operation: 'writeAttributes', keys: ['Temperature.0.Sensor Value', 'Bogus.0.X'], attributes: [{ pmin: 5, st: 0.5 }, { pmax: 3 }] });
    const r = (await result(t, v)).state.reported;
    assert.equal(r.operation, 'writeAttributes');
    assert.deepEqual(r.failedKeys, ['Bogus.0.X']);
  });

  test('readComposite reads like read and is republished; observeComposite notifies until cancelObserveComposite', async () => {
    const t = online[7];
    const v = await publish(t, { operation: 'readComposite', keys: ['Device.0.Manufacturer', 'LwM2M Server.1.Lifetime'] });
    const r = (await result(t, v)).state.reported;
    assert.equal(r.operation, 'readComposite');
    assert.equal(typeof r.result.Device['0'].Manufacturer, 'string');
    assert.equal(typeof r.result['LwM2M Server']['1'].Lifetime, 'string');
    const keys = ['Device.0.Current Time', 'Device.0.Battery Level'];
    const v2 = await publish(t, { operation: 'observeComposite', keys });
    assert.deepEqual((await result(t, v2)).state.reported.failedKeys, ['']);
    assert.equal(c.sb.device(t)!.observations.length, 1);
    const start = (await get(t, 'datamodel')).version;
    await eventually(async () => ((await get(t, 'datamodel')).version >= start + 2 ? true : undefined), 'composite notifications');
    const v3 = await publish(t, { operation: 'cancelObserveComposite', keys: [...keys].reverse() });
    assert.deepEqual((await result(t, v3)).state.reported.failedKeys, ['']);
    assert.deepEqual(c.sb.device(t)!.observations, []);
    const v4 = await publish(t, { operation: 'cancelObserveComposite', keys });
    assert.deepEqual((await result(t, v4)).state.reported.failedKeys, keys);
  });

  test("each of the Lambda's refusals is an Error: line in its log, and nothing reaches the device", async () => {
    const t = online[0];
    await refused(t, { operation: 'read' }, /^Error: keys must be specified\n$/);
    await refused(t, { operation: null, keys: ['Device.0'] }, /^Error: operation None is not implemented for AWS-CoioteDM integration\n$/);
    await refused(t, { keys: ['Device.0'], values: null, operation: 'reboot' }, /^Error: operation reboot is not implemented for AWS-CoioteDM integration\n$/);
    await refused(t, { operation: 'write', keys: ['Device.0.Timezone', 'Device.0.Timezone.'], values: ['a', 'b'] }, /^Error: keys must be unique for write operation\n$/);
    await refused(t, { operation: 'write', keys: ['Device.0.Timezone'] }, /^Error: You must specify values when write operation is used\n$/);
    await refused(t, { operation: 'write', keys: ['Device.0.Timezone', 'Device.0.UTC Offset'], values: ['a'] }, /^Error: The number of keys must be equal to the number of values\n$/);
    await refused(t, { operation: 'execute', keys: ['Device.0.Reboot', 'Device.0.Factory Reset'] }, /^Error: Only one LwM2M path can be passed for execute operation - keys array must contain only one element\n$/);
    await refused(t, { operation: 'observe', keys: ['Device.0.Battery Level'] }, /^Error: You must specify attributes when observe operation is used\n$/);
    await refused(t, { operation: 'observe', keys: ['Device.0.Battery Level', 'Device.0.Memory Free'], attributes: [{}] }, /^Error: The number of keys must be equal to the number of attributes\n$/);
    await refused(t, { operation: 'writeAttributes', keys: ['Device.0.Battery Level', 'Device.0.Battery Level'], attributes: [{}, {}] }, /^Error: keys must be unique for writeAttributes operation\n$/);
    await refused(t, { operation: 'writeAttributes', keys: ['Device.0.Battery Level'] }, /^Error: You must specify attributes when writeAttributes operation is used\n$/);
  });

  test('the Lambda normalises keys and turns values into Python text: the task Coiote receives shows it, its own log does not', async () => {
    const t = online[1];
    const taskFor = async (desired: Doc): Promise<Record<string, string>> => {
      const before = (await c.logs.send(new FilterLogEventsCommand({ logGroupName: TASK_LOG_GROUP }))).events!.length;
      await publish(t, desired);
      const e = await eventually(async () => (await c.logs.send(new FilterLogEventsCommand({ logGroupName: TASK_LOG_GROUP }))).events![before], `task for ${JSON.stringify(desired)}`);
      return Object.fromEntries((JSON.parse(e.message!).parameters as { name: string; value: string }[]).map((p) => [p.name, p.value]));
    };
    assert.deepEqual(await taskFor({ operation: 'read', keys: ['Temperature.0.Sensor Value', 'Device.0', 'Device.0.Battery Level'] }), { keys: 'Device.0,Temperature.0.Sensor Value' });
    assert.deepEqual(await taskFor({ operation: 'readComposite', keys: ['Device.0.Timezone', '/'] }), { keys: '' });
    assert.deepEqual(await taskFor({ operation: 'cancelObserve', keys: ['Device.0.Battery Level', 'all'] }), { keys: 'all' });
    assert.deepEqual(await taskFor({ operation: 'observeComposite', keys: ['Device.0.Battery Level', 'Device.0.Battery Level', 'Device.0.Memory Free'] }), { keys: 'Device.0.Battery Level,Device.0.Memory Free' });
    assert.deepEqual(await taskFor({ operation: 'write', keys: ['ACME Tracking.0.GNSS Enabled.', 'Device.0.Timezone', 'Device.0.UTC Offset'], values: [true, null, 1.5] }), {
      keys: 'ACME Tracking.0.GNSS Enabled,Device.0.Timezone,Device.0.UTC Offset', values: 'True,None,1.5',
    });
    assert.deepEqual(await taskFor({ operation: 'observe', keys: ['Device.0.Battery Level'], attributes: [{ pmin: 5, pmax: null, con: 1 }] }), { keys: 'Device.0.Battery Level', attributes: "[{'pmin':5,'pmax':None,'con':1}]" });
    assert.deepEqual(await taskFor({ operation: 'writeAttributes', keys: ['Device.0.Battery Level'], attributes: [{ pmin: 5, pmax: null }] }), { keys: 'Device.0.Battery Level', attributes: "[{'pmin':5,'pmax':''}]" });
    assert.ok(!(await lambdaLines()).some((l) => /Received event|scheduling|Task .* created/.test(l)), 'the function prints nothing on success');
  });

  test('a queue-mode device answers only at its next update (classic shadow refreshed first)', async () => {
    const t = queue[0];
    const classicBefore = await get(t);
    const v = await publish(t, { operation: 'read', keys: ['Device.0.Battery Level'] });
    await eventually(() => (c.sb.device(t)?.pending === 1 ? true : undefined), 'request waiting for the device');
    assert.equal(c.sb.device(t)!.reachable, false);
    const doc = await result(t, v);
    const classic = await get(t);
    assert.ok(classic.version > classicBefore.version, 'the device sent an update');
    assert.ok(parseCoioteTime(classic.state.reported.lastRegisterUpdate) > parseCoioteTime(classicBefore.state.reported.lastRegisterUpdate));
    assert.ok(classic.metadata.reported.lastRegisterUpdate.timestamp <= doc.metadata.reported.operation.timestamp);
    assert.match(doc.state.reported.result.Device['0']['Battery Level'], /^\d+$/);
  });

  test('an offline device keeps the request until it registers again, then answers', async () => {
    const t = offline[0];
    const v = await publish(t, { operation: 'read', keys: ['Device.0.Firmware Version'] });
    await eventually(() => (c.sb.device(t)?.pending === 1 ? true : undefined), 'request waiting');
    assert.equal(c.sb.device(t)!.reachable, false);
    const doc = await result(t, v, 10000);
    assert.equal(typeof doc.state.reported.result.Device['0']['Firmware Version'], 'string');
    const classic = await get(t);
    assert.equal(classic.state.reported.registered, true);
    assert.ok(Date.now() - parseCoioteTime(classic.state.reported.lastRegisterUpdate) < 60000);
  });

  test('OperationResponse republishes only read, write and readComposite results', async () => {
    const t = 'rule-test-thing';
    const dm0 = await c.data.send(new UpdateThingShadowCommand({ thingName: t, shadowName: 'datamodel', payload: enc({ state: { reported: { Device: { '0': { Timezone: 'UTC' } } } } }) }));
    const v0 = parsePayload(dm0.payload).version as number;
    const report = (operation: string, tz: string) =>
      c.data.send(new UpdateThingShadowCommand({ thingName: t, shadowName: 'operation', payload: enc({ state: { reported: { operation, failedKeys: [''], result: { Device: { '0': { Timezone: tz } } } } } }) }));
    await report('execute', 'Asia/Tokyo');
    await report('readComposite', 'Europe/Oslo');
    const dm = await eventually(async () => {
      const d = await get(t, 'datamodel');
      return d.state.reported.Device['0'].Timezone === 'Europe/Oslo' ? d : undefined;
    }, 'republished readComposite result');
    assert.equal(dm.version, v0 + 1, 'the execute result was not republished');
  });

  test('a republish the datamodel shadow refuses (past 8 KB) is logged to AWSIotLogsV2 as the rule error action does', async () => {
    const t = 'rule-test-big';
    await c.data.send(new UpdateThingShadowCommand({ thingName: t, shadowName: 'datamodel', payload: enc({ state: { reported: { Vendor: { '0': { Blob: 'x'.repeat(7000) } } } } }) }));
    await c.data.send(new UpdateThingShadowCommand({ thingName: t, shadowName: 'operation', payload: enc({ state: { reported: { operation: 'read', failedKeys: [''], result: { Other: { '0': { Blob: 'y'.repeat(2000) } } } } } }) }));
    const line = await eventually(async () => {
      const r = await c.logs.send(new FilterLogEventsCommand({ logGroupName: 'AWSIotLogsV2', filterPattern: `"${t}"` }));
      return r.events![0]?.message;
    }, 'AWSIotLogsV2 error line');
    const entry = JSON.parse(line);
    assert.equal(entry.logLevel, 'ERROR');
    assert.equal(entry.ruleName, 'OperationResponse');
    assert.match(entry.details, /maximum size/);
    assert.equal((await get(t, 'datamodel')).version, 1, 'the datamodel shadow is unchanged');
  });

  test('a few devices change their datamodel by themselves (notifications)', async () => {
    const start = (await get(autoNotify, 'datamodel')).version;
    await eventually(async () => ((await get(autoNotify, 'datamodel')).version > start ? true : undefined), 'a notification', 8000);
  });
});

describe('sandbox: registered devices keep their registration fresh', () => {
  test('an online device sends an Update before its lifetime runs out (classic shadow refreshed)', async () => {
    // A lifetime of 3,600 to 86,400 s passes in 0.07 to 1.7 s at this scale.
    const c = await sandboxWithClients({ things: 12, seed: 4, timeScale: 0.00002 });
    try {
      const t = c.sb.fleet.find((d) => d.connectivity === 'queue' || d.connectivity === 'online')!.thingName;
      const first = parsePayload((await c.data.send(new GetThingShadowCommand({ thingName: t }))).payload);
      const refreshed = await eventually(async () => {
        const d = parsePayload((await c.data.send(new GetThingShadowCommand({ thingName: t }))).payload);
        return d.state.reported.lastRegisterUpdate !== first.state.reported.lastRegisterUpdate ? d : undefined;
      }, 'a registration update', 20000, 50);
      assert.ok(refreshed.version > first.version);
      assert.equal(refreshed.state.reported.registered, true);
    } finally {
      await c.close();
    }
  });
});
