import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { loadRegistry, parseDdf, DdfError } from '../../../src/core/index';
import { DEVICE_OVERRIDE_DDF, VENDOR_DDF } from './fixtures';

test('the bundled registry holds the OMA objects with their resources', () => {
  const r = loadRegistry();
  assert.equal(r.objects().length, 321);
  const device = r.objectById(3)!;
  assert.equal(device.name, 'Device');
  assert.equal(device.multiple, false);
  assert.equal(device.mandatory, true);
  assert.equal(device.source, 'registry');
  const battery = r.resourceByName(device, 'Battery Level')!;
  assert.deepEqual(
    { id: battery.id, operations: battery.operations, type: battery.type, range: battery.range, units: battery.units, multiple: battery.multiple },
    { id: 9, operations: 'R', type: 'Integer', range: '0..100', units: '/100', multiple: false },
  );
  const reboot = r.resourceByName(device, 'Reboot')!;
  assert.equal(reboot.operations, 'E');
  assert.equal(reboot.type, 'None');
  assert.equal(r.resourceByName(device, 'Power Source Voltage')!.multiple, true);
  assert.ok(device.description.length <= 200);
});

test('"Location" names two objects; names with dots are kept whole', () => {
  const r = loadRegistry();
  assert.deepEqual(r.objectsByName('Location').map((o) => o.id).sort((a, b) => a - b), [6, 3336]);
  assert.equal(r.objectsByName('LwM2M v1.0 Test Object').length, 1);
  const air = r.objects().find((o) => o.resources.some((x) => x.name === 'PM2.5'));
  assert.ok(air, 'an object has the resource PM2.5');
  assert.equal(r.objectsByNameIgnoreCase('device')[0].id, 3);
});

test('the default registry is built once and shared', () => {
  assert.equal(loadRegistry(), loadRegistry());
  assert.equal(loadRegistry({}), loadRegistry());
});

test('vendor DDF texts add objects and override registry objects with the same ID', () => {
  const r = loadRegistry({ vendorDdf: [{ file: 'config.xml', text: VENDOR_DDF }, { file: 'device.xml', text: DEVICE_OVERRIDE_DDF }] });
  const conf = r.objectsByName('Configuration')[0];
  assert.equal(conf.id, 50009);
  assert.equal(conf.source, 'config.xml');
  assert.equal(conf.description, 'Tracker configuration. Second sentence.');
  assert.equal(r.resourceByName(conf, 'GNSS Enable')!.type, 'Boolean');
  assert.equal(r.resourceByName(conf, 'Sample Interval')!.units, 's');
  const dev = r.objectById(3)!;
  assert.equal(dev.version, '9.9');
  assert.equal(dev.source, 'device.xml');
  assert.deepEqual(r.objectsByName('Device').map((o) => o.source), ['device.xml']);
  assert.equal(r.resourceByName(dev, 'Battery Level'), undefined);
  // the shared default registry is untouched
  assert.equal(loadRegistry().objectById(3)!.source, 'registry');
  assert.equal(loadRegistry().objectsByName('Configuration').length, 0);
});

test('a broken vendor file is reported, not thrown', () => {
  const r = loadRegistry({ vendorDdf: [{ file: 'bad.xml', text: '<LWM2M><Object><Name>x</Name>' }, { file: 'ok.xml', text: VENDOR_DDF }] });
  assert.equal(r.problems.length, 1);
  assert.equal(r.problems[0].file, 'bad.xml');
  assert.ok(r.objectById(50009));
  assert.throws(() => parseDdf('<html></html>', 'page.html'), DdfError);
});

test('parseDdf shortens descriptions only when asked', () => {
  const [o] = parseDdf(VENDOR_DDF, 'v.xml', { maxDescription: 200 });
  assert.equal(o.description, 'Tracker configuration.');
});
