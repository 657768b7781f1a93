import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { loadRegistry, readConnectivity, readDatamodel, readOperationResult } from '../../../src/core/index';
import { DATAMODEL, RESULT_REPORTED, VENDOR_DDF } from './fixtures';

test('readDatamodel builds objects → instances → resources with definitions and paths', () => {
  const tree = readDatamodel(DATAMODEL);
  const names = tree.objects.map((o) => o.name);
  assert.deepEqual(names.slice(0, 2), ['Device', 'Temperature']);
  const dev = tree.objects[0];
  assert.equal(dev.def!.id, 3);
  const res = Object.fromEntries(dev.instances[0].resources.map((r) => [r.name, r]));
  assert.equal(res['Battery Level'].value, '87');
  assert.equal(res['Battery Level'].path, '/3/0/9');
  assert.equal(res['Battery Level'].key, 'Device.0.Battery Level');
  assert.equal(res.Reboot.noValue, true);
  assert.equal(res.Reboot.value, undefined);
  assert.deepEqual(res['Power Source Voltage'].instances, [
    { id: '0', value: '4100', key: 'Device.0.Power Source Voltage.0', path: '/3/0/7/0' },
    { id: '1', value: '3300', key: 'Device.0.Power Source Voltage.1', path: '/3/0/7/1' },
  ]);
  assert.deepEqual(res['Available Power Sources'].instances, []);
  assert.deepEqual(tree.objects[1].instances.map((i) => i.id), ['0', '1']);
  const conf = tree.objects.find((o) => o.name === 'Configuration')!;
  assert.equal(conf.def, undefined);
  assert.equal(conf.instances[0].resources[0].path, undefined);
});

test('readDatamodel uses vendor definitions and accepts the bare reported data', () => {
  const r = loadRegistry({ vendorDdf: [{ file: 'c.xml', text: VENDOR_DDF }] });
  const tree = readDatamodel(DATAMODEL.state.reported, r);
  const conf = tree.objects.find((o) => o.name === 'Configuration')!;
  assert.equal(conf.def!.id, 50009);
  assert.equal(conf.instances[0].resources.find((x) => x.name === 'GNSS Enable')!.path, '/50009/0/1');
});

test('readDatamodel is tolerant of junk', () => {
  for (const junk of [null, 42, 'x', [], { state: 5 }, { state: { reported: [] } }, { Device: 5 }, { Device: { '0': 7 } }]) {
    assert.doesNotThrow(() => readDatamodel(junk));
  }
  assert.deepEqual(readDatamodel(null), { objects: [] });
  const t = readDatamodel({ Device: { '0': { Manufacturer: 5, Weird: null } } });
  assert.equal(t.objects[0].instances[0].resources[0].value, '5');
});

test('readOperationResult flattens the documented result', () => {
  const r = readOperationResult(RESULT_REPORTED)!;
  assert.equal(r.operation, 'read');
  assert.deepEqual(r.failedKeys, []);
  assert.deepEqual(r.values, [
    { key: 'Device.0.Timezone', value: 'Europe/Warsaw' },
    { key: 'LwM2M Server.1.Lifetime', value: '300' },
    { key: 'Portfolio.5.Identity.1', value: 'ACME' },
  ]);
  const failed = readOperationResult({ state: { reported: { operation: 'write', failedKeys: ['Device.0.Timezone'] } } })!;
  assert.deepEqual(failed.failedKeys, ['Device.0.Timezone']);
  assert.equal(readOperationResult({ state: {} }), undefined);
  assert.equal(readOperationResult('junk'), undefined);
});

test('readConnectivity recognises common spellings and derives the state', () => {
  const now = new Date('2026-01-01T12:00:00Z');
  const online = readConnectivity({ state: { reported: { 'Registration Status': 'REGISTERED', lifetime: 300, last_update: '2026-01-01T11:59:00Z' } } }, now);
  assert.equal(online.state, 'online');
  assert.equal(online.lifetime, 300);
  assert.equal(online.lastUpdate!.toISOString(), '2026-01-01T11:59:00.000Z');
  const expired = readConnectivity({ registeredLifetime: '60', lastLifetimeRefresh: Math.floor(now.getTime() / 1000) - 600 }, now);
  assert.equal(expired.state, 'offline');
  const dereg = readConnectivity({ registrationStatus: 'deregistered' }, now);
  assert.equal(dereg.state, 'offline');
  const sleeping = readConnectivity({ status: 'registered', QUEUE_MODE: true, lifetime: 86400, lastUpdate: now.getTime() - 600_000 }, now);
  assert.equal(sleeping.state, 'sleeping');
  assert.equal(sleeping.queueMode, true);
  const byBinding = readConnectivity({ lifetime: 86400, 'last-update': now.getTime() - 600_000, binding: 'UQ' }, now);
  assert.equal(byBinding.state, 'sleeping');
  assert.equal(readConnectivity({ foo: 'bar' }, now).state, 'unknown');
  assert.deepEqual(readConnectivity({ a: { b: 1 } }, now).fields, [{ name: 'a.b', value: '1' }]);
  for (const junk of [null, 1, [], 'x']) assert.equal(readConnectivity(junk).state, 'unknown');
});

test('a last-update time in microseconds or nanoseconds reads as that date, not thousands of years ahead; ms and s as before', async () => {
  const { parseDate } = await import('../../../src/core/connectivityReader');
  const ms = Date.UTC(2026, 11, 1, 18, 30, 0, 123);
  assert.equal(parseDate(ms)?.getTime(), ms);
  assert.equal(parseDate(String(ms))?.getTime(), ms);
  assert.equal(parseDate(ms / 1000)?.getTime(), ms);
  assert.equal(parseDate(String(ms * 1000))?.getTime(), ms, 'microseconds (numeric text)');
  assert.equal(parseDate(ms * 1000 + 456)?.getTime(), ms, 'microseconds, rounded to the ms');
  assert.equal(parseDate(`${ms}000000`)?.getTime(), ms, 'nanoseconds');
  const now = new Date(ms + 60_000);
  assert.equal(readConnectivity({ lastUpdate: String(ms * 1000) }, now).lastUpdate?.getTime(), ms);
  // Between the bands no reading is plausible: kept as before (ms), so it shows as a time in the future.
  assert.equal(parseDate(5e13)?.getTime(), 5e13);
  // Beyond what a Date holds: no date rather than "Invalid Date".
  assert.equal(parseDate(1e17), undefined);
  assert.equal(parseDate(1e21), undefined);
});

test('readConnectivity reads the integration\'s documented classic shadow (UTC times, queue mode, deregistered)', () => {
  const now = new Date('2026-01-01T12:00:00Z');
  const documented = {
    registered: true, lastRegisterUpdate: '2026-01-01 11:59:30.250', lwm2mServerObjectInstance: '1', lwm2mUri: 'coap://127.0.0.1:5683',
    lwm2mVersion: '1.1', registeredLifeTime: '60', registeredMode: 'U', registeredObjects: '/1/1,/3/0', registeredQueueMode: 'false',
  };
  const online = readConnectivity(documented, now);
  assert.equal(online.state, 'online');
  assert.equal(online.lastUpdate!.toISOString(), '2026-01-01T11:59:30.250Z', 'the zone-less time is UTC');
  assert.equal(online.lifetime, 60);
  assert.equal(online.queueMode, false);
  assert.equal(online.binding, 'U');
  const sleeping = readConnectivity({ ...documented, registeredLifeTime: '3600', registeredMode: 'UQ', registeredQueueMode: 'true', lastRegisterUpdate: '2026-01-01 11:50:00.000' }, now);
  assert.equal(sleeping.state, 'sleeping');
  assert.equal(readConnectivity({ ...documented, lastRegisterUpdate: '2026-01-01 11:50:00.000' }, now).state, 'offline', 'past the 60 s lifetime');
  assert.equal(readConnectivity({ ...documented, registered: false }, now).state, 'offline');
});
