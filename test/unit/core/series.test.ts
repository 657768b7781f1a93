// The series model behind charts: times from the shadow's metadata, one series per resource instance,
// one axis per unit, a bounded number of points, window stats and the CSV text.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import {
  ChartModel, SERIES_POINT_CAP, alignedData, isPlottable, loadRegistry, resourceSamples, seriesCsv, unitAxes, windowStats,
  type DatamodelVersion,
} from '../../../src/core/index';
import { TimeSeries } from '../../../src/core/series/timeSeries';

/** A datamodel shadow as GetThingShadow returns it: values are strings, metadata has per-field timestamps. */
function version(temp: string, tempAt: number, battery: string, batteryAt: number, fetchedAt = 1_800_000_999): DatamodelVersion {
  return {
    state: { reported: {
      Temperature: { '0': { 'Sensor Value': temp, 'Sensor Units': 'Cel' } },
      Device: { '0': { 'Battery Level': battery, 'Power Source Voltage': { '0': '4100', '1': '3300' }, Reboot: { noValue: true }, Manufacturer: 'ACME' } },
    } },
    metadata: { reported: {
      Temperature: { '0': { 'Sensor Value': { timestamp: tempAt }, 'Sensor Units': { timestamp: 1_800_000_000 } } },
      Device: { '0': {
        'Battery Level': { timestamp: batteryAt },
        'Power Source Voltage': { '0': { timestamp: 1_800_000_010 }, '1': { timestamp: 1_800_000_020 } },
        Reboot: { noValue: { timestamp: 1_800_000_000 } },
        Manufacturer: { timestamp: 1_800_000_000 },
      } },
    } },
    timestamp: fetchedAt,
  };
}

const TEMP = { object: 'Temperature', instance: '0', resource: 'Sensor Value' };
const BATTERY = { object: 'Device', instance: '0', resource: 'Battery Level' };
const VOLTAGE = { object: 'Device', instance: '0', resource: 'Power Source Voltage' };

test('a value\'s time is its metadata timestamp, not the time the shadow was fetched', () => {
  assert.deepEqual(resourceSamples(version('21.5', 1_800_000_100, '87', 1_800_000_050), TEMP), [{ t: 1_800_000_100, v: 21.5 }]);
  assert.deepEqual(resourceSamples(version('21.5', 1_800_000_100, '87', 1_800_000_050), BATTERY), [{ t: 1_800_000_050, v: 87 }]);
});

test('without metadata the document\'s timestamp is used; no time at all gives no point', () => {
  const doc = version('21.5', 1, '87', 1);
  delete doc.metadata;
  assert.deepEqual(resourceSamples(doc, TEMP), [{ t: 1_800_000_999, v: 21.5 }]);
  delete doc.timestamp;
  assert.deepEqual(resourceSamples(doc, TEMP), []);
});

test('a multi-instance resource gives one sample per instance, each with its own time', () => {
  assert.deepEqual(resourceSamples(version('1', 1, '1', 1), VOLTAGE), [
    { instance: '0', t: 1_800_000_010, v: 4100 },
    { instance: '1', t: 1_800_000_020, v: 3300 },
  ]);
});

test('no value, text, missing resources and junk give no samples', () => {
  const doc = version('21.5', 1, '87', 1);
  for (const at of [
    { object: 'Device', instance: '0', resource: 'Reboot' },
    { object: 'Device', instance: '0', resource: 'Manufacturer' },
    { object: 'Device', instance: '7', resource: 'Battery Level' },
    { object: 'Nope', instance: '0', resource: 'x' },
  ]) assert.deepEqual(resourceSamples(doc, at), [], JSON.stringify(at));
  assert.deepEqual(resourceSamples({ state: { reported: { Temperature: { '0': { 'Sensor Value': ' ' } } } }, timestamp: 5 }, TEMP), []);
  assert.deepEqual(resourceSamples({ state: {}, metadata: { reported: 5 } as never }, TEMP), []);
});

test('numeric types are plottable (Time too); strings and booleans are not; without a definition, numeric values are', () => {
  const reg = loadRegistry();
  const device = reg.objectById(3)!;
  const res = (name: string) => reg.resourceByName(device, name);
  assert.equal(isPlottable(res('Battery Level'), []), true); // Integer
  assert.equal(isPlottable(res('Current Time'), []), true); // Time
  assert.equal(isPlottable(res('Power Source Voltage'), []), true); // multi-instance Integer
  assert.equal(isPlottable(res('Manufacturer'), ['12']), false); // String, even when it looks like a number
  assert.equal(isPlottable(reg.resourceByName(reg.objectById(3303)!, 'Sensor Value'), []), true); // Float
  assert.equal(isPlottable(undefined, ['abc']), false);
  assert.equal(isPlottable(undefined, ['abc', '-3.5']), true);
});

test('polling the same version again adds nothing; a new notification adds one point', () => {
  const m = new ChartModel();
  m.addTarget({ ...TEMP, source: 's/t1', thingName: 't1', unit: 'Cel' });
  const first = m.ingest('s/t1', version('21.5', 100, '87', 50));
  assert.deepEqual(first.added.map((s) => s.key), ['Temperature.0.Sensor Value']);
  assert.deepEqual(first.points, [{ id: 's/t1|Temperature.0.Sensor Value', t: [100], v: [21.5] }]);
  assert.deepEqual(m.ingest('s/t1', version('21.5', 100, '86', 60)), { added: [], points: [] }); // only the battery changed
  assert.deepEqual(m.ingest('s/t1', version('21.7', 110, '86', 60)).points, [{ id: 's/t1|Temperature.0.Sensor Value', t: [110], v: [21.7] }]);
  // The same value notified again later (pmax) is a new point.
  assert.equal(m.ingest('s/t1', version('21.7', 170, '86', 60)).points.length, 1);
  assert.deepEqual(m.series()[0].t, [100, 110, 170]);
  // Another thing's datamodel is not this chart's.
  assert.deepEqual(m.ingest('s/t2', version('30', 200, '1', 1)), { added: [], points: [] });
});

test('a multi-instance resource is one series per instance; instances appearing later become new series', () => {
  const m = new ChartModel();
  assert.equal(m.addTarget({ ...VOLTAGE, source: 's/t1', thingName: 't1', unit: 'mV' }), true);
  assert.equal(m.addTarget({ ...VOLTAGE, source: 's/t1', thingName: 't1', unit: 'mV' }), false);
  assert.deepEqual(m.ingest('s/t1', version('1', 1, '1', 1)).added.map((s) => s.key), ['Device.0.Power Source Voltage.0', 'Device.0.Power Source Voltage.1']);
  const later = version('1', 1, '1', 1);
  (later.state.reported!.Device as Record<string, Record<string, Record<string, string>>>)['0']['Power Source Voltage']['2'] = '5000';
  assert.deepEqual(m.ingest('s/t1', later).added.map((s) => s.key), ['Device.0.Power Source Voltage.2']);
  assert.deepEqual(m.series().map((s) => [s.info.key, s.info.unit]), [
    ['Device.0.Power Source Voltage.0', 'mV'], ['Device.0.Power Source Voltage.1', 'mV'], ['Device.0.Power Source Voltage.2', 'mV'],
  ]);
});

test('one y axis per unit, in the order series were added; series without units share one', () => {
  assert.deepEqual(unitAxes([{ unit: 'Cel' }, { unit: '%' }, { unit: 'Cel' }, {}, { unit: ' ' }, { unit: '%' }]), [
    { unit: 'Cel', series: [0, 2] },
    { unit: '%', series: [1, 5] },
    { unit: '', series: [3, 4] },
  ]);
  assert.deepEqual(unitAxes([]), []);
});

test('a series keeps at most its cap of points, dropping the oldest', () => {
  const s = new TimeSeries(3);
  for (let t = 1; t <= 5; t++) assert.equal(s.add(t, t * 10), true);
  assert.deepEqual([s.t, s.v, s.dropped], [[3, 4, 5], [30, 40, 50], 2]);
  assert.equal(SERIES_POINT_CAP, 10_000);
  const m = new ChartModel(4);
  m.addTarget({ ...TEMP, source: 's', thingName: 't' });
  for (let i = 0; i < 20; i++) m.ingest('s', version(String(i), 1000 + i, '1', 1));
  assert.deepEqual(m.series()[0].v, [16, 17, 18, 19]);
  assert.equal(m.pointCount, 4);
  assert.throws(() => new TimeSeries(0), RangeError);
});

test('points keep time order whatever order they arrive in; an exact repeat is not added', () => {
  const s = new TimeSeries();
  for (const [t, v] of [[10, 1], [30, 3], [20, 2], [30, 3], [30, 4], [5, 0], [20, 2]]) s.add(t, v);
  assert.deepEqual(s.t, [5, 10, 20, 30, 30]);
  assert.deepEqual(s.v, [0, 1, 2, 3, 4]);
});

test('window stats: last, min, max and mean of the points in the window only', () => {
  const s = { t: [10, 20, 30, 40], v: [5, -1, 3, 9] };
  assert.deepEqual(windowStats(s, 15, 35), { count: 2, min: -1, max: 3, mean: 1, last: 3, lastT: 30 });
  assert.deepEqual(windowStats(s, -Infinity, Infinity), { count: 4, min: -1, max: 9, mean: 4, last: 9, lastT: 40 });
  assert.equal(windowStats(s, 41, 50), undefined);
  assert.equal(windowStats({ t: [], v: [] }, 0, 1), undefined);
});

test('aligned data puts every series on one x column, null where a series has no point', () => {
  const a = { t: [1, 3, 3, 5], v: [10, 30, 31, 50] };
  const b = { t: [2, 3, 6], v: [200, 300, 600] };
  assert.deepEqual(alignedData([a, b]), {
    x: [1, 2, 3, 3, 5, 6],
    ys: [[10, null, 30, 31, 50, null], [null, 200, 300, null, null, 600]],
  });
  assert.deepEqual(alignedData([a, b], 3, 5), { x: [3, 3, 5], ys: [[30, 31, 50], [300, null, null]] });
  assert.deepEqual(alignedData([]), { x: [], ys: [] });
});

test('CSV: a header, one row per point oldest first, ISO and epoch times, the window only', () => {
  const csv = seriesCsv([
    { thingName: 'urn:imei:1', key: 'Temperature.0.Sensor Value', unit: 'Cel', t: [1_800_000_000, 1_800_000_020], v: [21.5, -3] },
    { thingName: 'urn:imei:1', key: 'Device.0.Battery Level', unit: '%', t: [1_800_000_010], v: [87] },
  ]);
  assert.equal(csv, [
    'time,epoch_seconds,thing,resource,value,unit',
    '2027-01-15T08:00:00.000Z,1800000000,urn:imei:1,Temperature.0.Sensor Value,21.5,Cel',
    '2027-01-15T08:00:10.000Z,1800000010,urn:imei:1,Device.0.Battery Level,87,%',
    '2027-01-15T08:00:20.000Z,1800000020,urn:imei:1,Temperature.0.Sensor Value,-3,Cel',
    '',
  ].join('\r\n'));
  const windowed = seriesCsv([{ thingName: 't', key: 'k', unit: '', t: [1, 2, 3], v: [1, 2, 3] }], 2, 2);
  assert.equal(windowed.split('\r\n').length, 3);
});

test('CSV quotes device strings that need it and never lets them start a formula', () => {
  const csv = seriesCsv([{ thingName: 't', key: 'Odd, "Object".0.=HYPERLINK("x")', unit: '+1\nline', t: [0], v: [1] }]);
  const row = csv.split('\r\n').slice(1).join('\r\n');
  assert.equal(row, `1970-01-01T00:00:00.000Z,0,t,"Odd, ""Object"".0.=HYPERLINK(""x"")",1,"'+1\nline"\r\n`);
  assert.ok(seriesCsv([{ thingName: 't', key: '=1+1', unit: '', t: [0], v: [1] }]).includes(",'=1+1,"));
});

test('the model\'s CSV holds the window\'s points of every series; clearing releases everything', () => {
  const m = new ChartModel();
  m.addTarget({ ...TEMP, source: 's', thingName: 'thing-a', unit: 'Cel' });
  m.addTarget({ ...BATTERY, source: 's', thingName: 'thing-a', unit: '%' });
  m.ingest('s', version('21.5', 100, '87', 90));
  m.ingest('s', version('21.6', 110, '86', 120));
  const lines = m.csv(95, 115).trim().split('\r\n');
  assert.deepEqual(lines.slice(1).map((l) => l.split(',').slice(1).join(',')), [
    '100,thing-a,Temperature.0.Sensor Value,21.5,Cel',
    '110,thing-a,Temperature.0.Sensor Value,21.6,Cel',
  ]);
  assert.equal(m.csv().trim().split('\r\n').length, 5);
  m.clear();
  assert.deepEqual([m.series(), m.pointCount, m.sources()], [[], 0, []]);
});
