// The Fleet view's pure helpers: thing type names, value texts, datamodel diffs, paging with a lock.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { parseThingTypeName } from '../../../src/ui/format/thingTypeName';
import { resourceValueText, valueWithUnits } from '../../../src/ui/format/resourceValueText';
import { diffDatamodel } from '../../../src/ui/format/datamodelDiff';
import { readDatamodel } from '../../../src/core/index';
import { PagedList } from '../../../src/ui/fleet/pagedList';
import { connectionId, startupConnection } from '../../../src/ui/connection/savedConnection';

test('a thing type name reads as manufacturer and model', () => {
  assert.deepEqual(parseThingTypeName('acme:tracker_v2'), {
    name: 'acme:tracker_v2', manufacturer: 'acme', model: 'tracker_v2', coioteDeviceType: 'acme.tracker_v2',
  });
  // Coiote device types may hold more dots: only the first separates the manufacturer.
  assert.equal(parseThingTypeName('Nordic:nRF9160:DK').model, 'nRF9160:DK');
  assert.equal(parseThingTypeName('plain').manufacturer, undefined);
  assert.equal(parseThingTypeName('plain').model, 'plain');
});

test('values show with units, no value as such, multi-instance resources as a count', () => {
  assert.equal(valueWithUnits('87', { units: '%' }), '87 %');
  assert.equal(valueWithUnits('87', undefined), '87');
  assert.equal(valueWithUnits('87', { units: '/100' }), '87 %'); // OMA's unit for percentages
  assert.equal(valueWithUnits('21.5', { units: 'Cel' }), '21.5 °C'); // UCUM's code for degrees Celsius
  assert.equal(valueWithUnits('1732520000', { type: 'Time' }), '1732520000 (2024-11-25 07:33:20 UTC)');
  assert.equal(resourceValueText({ name: 'Reboot', key: 'Device.0.Reboot', noValue: true }), 'no value');
  assert.equal(resourceValueText({ name: 'V', key: 'k', instances: [{ id: '0', value: '1', key: 'k.0' }, { id: '1', value: '2', key: 'k.1' }] }), '2 instances');
  assert.equal(resourceValueText({ name: 'V', key: 'k', instances: [] }), '0 instances');
});

test('the diff of two datamodel snapshots names the changed resources and resource instances', () => {
  const before = readDatamodel({ Device: { '0': { 'Battery Level': '87', Manufacturer: 'ACME', 'Power Source Voltage': { '0': '4100' } } } });
  const after = readDatamodel({ Device: { '0': { 'Battery Level': '86', Manufacturer: 'ACME', 'Power Source Voltage': { '0': '4000' }, 'UTC Offset': '+01:00' } } });
  const changes = diffDatamodel(before, after);
  assert.deepEqual(changes.map((c) => [c.key, c.kind, c.before, c.after]).sort(), [
    ['Device.0.Battery Level', 'changed', '87', '86'],
    ['Device.0.Power Source Voltage.0', 'changed', '4100', '4000'],
    ['Device.0.UTC Offset', 'added', undefined, '+01:00'],
  ]);
  assert.deepEqual(diffDatamodel(after, after), []);
});

test('paging fetches each page once, even when asked twice at the same time', async () => {
  const calls: (string | undefined)[] = [];
  const list = new PagedList<number>(async (token) => {
    calls.push(token);
    await new Promise((r) => setTimeout(r, 5));
    const start = token ? Number(token) : 0;
    const items = [start, start + 1].filter((n) => n < 5);
    return { items, nextToken: start + 2 < 5 ? String(start + 2) : undefined };
  });
  await Promise.all([list.ensureLoaded(), list.ensureLoaded()]);
  assert.deepEqual(list.items, [0, 1]);
  await Promise.all([list.loadMore(), list.loadMore()]);
  assert.deepEqual(list.items, [0, 1, 2, 3]);
  await list.loadMore();
  await list.loadMore(); // nothing left: no call
  assert.deepEqual(list.items, [0, 1, 2, 3, 4]);
  assert.equal(list.hasMore, false);
  assert.deepEqual(calls, [undefined, '2', '4']); // ceil(5 / 2) calls
});

test('a page that fails keeps what was loaded and can be retried', async () => {
  let fail = true;
  const list = new PagedList<number>(async () => {
    if (fail) throw new Error('expired');
    return { items: [1] };
  });
  await list.ensureLoaded();
  assert.equal(list.hasLoaded, false);
  assert.equal((list.error as Error).message, 'expired');
  fail = false;
  await list.ensureLoaded();
  assert.deepEqual(list.items, [1]);
  assert.equal(list.error, undefined);
});

test('start-up connects as lwm2mShadows.connection.startWith says', () => {
  const last = { kind: 'aws', profile: 'dev', region: 'eu-west-1' };
  assert.deepEqual(startupConnection('sandbox', last), { kind: 'sandbox' });
  assert.equal(startupConnection('ask', last), undefined);
  assert.deepEqual(startupConnection('last', last), last);
  assert.equal(startupConnection('last', undefined), undefined);
  assert.equal(startupConnection('last', { kind: 'aws' }), undefined); // junk in globalState
  assert.equal(connectionId({ kind: 'aws', profile: 'dev', region: 'eu-west-1' }), 'dev@eu-west-1');
});
